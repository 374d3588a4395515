export { JsonLogger } from './json-logger';
export { logScope } from './log-scope';
