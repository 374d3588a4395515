export * from './body-encoding';
export * from './client-errors';
export * from './input-screening';
export * from './problem-details';
export * from './problem-details.filter';
export * from './query-string';
export * from './validation';
