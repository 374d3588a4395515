import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRedis, type EnsuredRedis } from '../libs/redis/src'; // global setup runs outside jest's module mapper

/**
 * One Redis for the whole run: the machine's if one answers, otherwise a child redis-server.
 * The Redis is shared with whatever ran before, so each run gets its own id (DUBAN_TEST_RUN_ID)
 * from which tests derive their key prefixes.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-test-redis-'));
  const redis = await ensureRedis({ url, dataDir });
  (globalThis as { __dubanRedis?: EnsuredRedis }).__dubanRedis = redis;
  process.env.REDIS_URL = url;
  process.env.DUBAN_TEST_RUN_ID = `test-${process.pid}-${Date.now().toString(36)}`;
}
