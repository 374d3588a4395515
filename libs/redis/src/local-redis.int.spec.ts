import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureRedis, RedisUnavailableError } from './local-redis';
import { createRedisConnection, probeRedis } from './redis-connections';

async function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

describe('ensureRedis (real redis-server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-redis-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses a Redis that already answers without starting another', async () => {
    const redis = await ensureRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir });
    expect(redis.startedHere).toBe(false);
  });

  it('starts a child redis-server with AOF under the data directory when nothing answers, and stops it', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await probeRedis(url)).not.toBeNull();
    const redis = await ensureRedis({ url, dataDir });
    try {
      expect(redis.startedHere).toBe(true);
      const client = createRedisConnection(url, 'worker');
      try {
        expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
        expect(await client.config('GET', 'dir')).toEqual(['dir', join(dataDir, 'redis')]);
      } finally {
        client.disconnect();
      }
    } finally {
      await redis.stop();
    }
    expect(await probeRedis(url)).not.toBeNull();
    expect(existsSync(join(dataDir, 'redis'))).toBe(true);
  });

  it('says how to get Redis when nothing answers and no binary exists', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const attempt = ensureRedis({ url, dataDir, redisServerBinary: '/nonexistent/redis-server' });
    await expect(attempt).rejects.toBeInstanceOf(RedisUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install redis-server/);
  });

  it('refuses to start a server when autostart is off', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(ensureRedis({ url, dataDir, autostart: false })).rejects.toBeInstanceOf(RedisUnavailableError);
  });
});
