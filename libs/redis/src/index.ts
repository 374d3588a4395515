export { type EnsuredRedis, ensureRedis } from './local-redis';
export { createRedisConnection } from './redis-connections';
