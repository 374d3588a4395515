export * from './local-redis';
export * from './redis-connections';
