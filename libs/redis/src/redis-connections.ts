import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must wait out an outage (BullMQ requires maxRetriesPerRequest: null);
 * producers sit on an HTTP request path and must fail fast instead of hanging while Redis is down.
 */
export type RedisConnectionRole = 'worker' | 'producer';

const OPTIONS_BY_ROLE: Record<RedisConnectionRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 },
};

/** A socket still connecting at shutdown is destroyed after this long instead of ioredis's 2 s. */
const DISCONNECT_TIMEOUT_MS = 100;

export function createRedisConnection(url: string, role: RedisConnectionRole, connectionName = `duban-${role}`): Redis {
  return new Redis(url, { ...OPTIONS_BY_ROLE[role], connectionName, disconnectTimeout: DISCONNECT_TIMEOUT_MS });
}

/** One PING on a throw-away connection that gives up quickly; resolves to the failure reason or null. */
export async function probeRedis(url: string, timeoutMs = 1_000): Promise<string | null> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    // A refused socket never emits 'close' again, so the default 2 s disconnect timer would keep
    // the process (or a test run) alive after the probe.
    disconnectTimeout: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // the rejection below carries the reason
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}
