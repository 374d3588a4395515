import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres, type EnsuredPostgres } from '../libs/event-store/src/adapters/postgres/local-postgres';
import { ensureRedis, type EnsuredRedis } from '../libs/redis/src'; // global setup runs outside jest's module mapper

/**
 * One Redis and one PostgreSQL for the whole run: the machine's if one answers, otherwise a child
 * server started here (ensureRedis, ensurePostgres). Both are shared with whatever ran before, so
 * each run gets its own id (DUBAN_TEST_RUN_ID) from which tests derive their key prefixes, and the
 * PostgreSQL tests their own schemas.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-test-servers-'));
  const redis = await ensureRedis({ url, dataDir });
  (globalThis as { __dubanRedis?: EnsuredRedis }).__dubanRedis = redis;
  process.env.REDIS_URL = url;
  // PostgreSQL likewise (the PostgreSQL event store's tests): the machine's, else a private one.
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const postgres = await ensurePostgres({ url: databaseUrl, dataDir });
  (globalThis as { __dubanPostgres?: EnsuredPostgres }).__dubanPostgres = postgres;
  process.env.DATABASE_URL = databaseUrl;
  process.env.DUBAN_TEST_RUN_ID = `test-${process.pid}-${Date.now().toString(36)}`;
}
