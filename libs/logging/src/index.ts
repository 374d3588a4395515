export { JsonLogger } from './json-logger';
export { logScope, type LogScope } from './log-scope';
