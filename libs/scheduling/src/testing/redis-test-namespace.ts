import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisConnection, ensureRedis } from '@duban/redis';
import { resolveSchedulingOptions, type ResolvedSchedulingOptions, type SchedulingOptions } from '../scheduling-options';

/** The run's shared Redis (test/global-setup.ts). */
export function sharedRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix no other test, run or app uses (BullMQ keys live under `<prefix>:`). */
export function uniqueKeyPrefix(label: string): string {
  return `duban-test-${process.env.DUBAN_TEST_RUN_ID ?? 'adhoc'}-${label}-${randomUUID().slice(0, 8)}`;
}

/** Options with retries and sweeps fast enough for tests that last seconds. */
export function testSchedulingOptions(keyPrefix: string, overrides: SchedulingOptions = {}): ResolvedSchedulingOptions {
  return resolveSchedulingOptions({
    keyPrefix,
    deadlineRetry: { attempts: 3, backoffMs: 50 },
    notificationRetry: { attempts: 3, backoffMs: 50 },
    sweepIntervalMs: 200,
    webhookTimeoutMs: 1_000,
    ...overrides,
  });
}

/** Deletes this test's keys only: the shared Redis is never flushed. */
export async function deleteKeysWithPrefix(url: string, keyPrefix: string): Promise<void> {
  const client = createRedisConnection(url, 'worker', 'duban-test-cleanup');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A redis-server of the test's own, which it may FLUSHALL and stop. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (after `stop`). */
  restart(): Promise<void>;
  remove(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-private-redis-'));
  let server = await ensureRedis({ url, dataDir });
  if (!server.startedHere) throw new Error(`Something already answers at ${url}`);
  return {
    url,
    stop: () => server.stop(),
    restart: async () => {
      server = await ensureRedis({ url, dataDir });
    },
    remove: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function producerConnection(url: string): Redis {
  const connection = createRedisConnection(url, 'producer', 'duban-test-producer');
  connection.on('error', () => undefined); // the code under test reports outages its own way
  return connection;
}

export function workerConnection(url: string): Redis {
  const connection = createRedisConnection(url, 'worker', 'duban-test-worker');
  connection.on('error', () => undefined);
  return connection;
}

export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
