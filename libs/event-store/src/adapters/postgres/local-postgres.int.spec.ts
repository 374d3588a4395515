import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../../scheduling/src/testing/redis-test-namespace';
import { testDatabaseUrl } from '../../testing/postgres-test-schema';
import { ensurePostgres, probePostgres, PostgresUnavailableError } from './local-postgres';

describe('ensurePostgres (real PostgreSQL binaries)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-postgres-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses a PostgreSQL that already answers without starting another', async () => {
    const postgres = await ensurePostgres({ url: testDatabaseUrl(), dataDir });
    expect(postgres.startedHere).toBe(false);
  });

  it("starts a private server under the data directory when nothing answers, with the URL's database, and stops it", async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/duban_private`;
    expect(await probePostgres(url)).not.toBeNull();
    const postgres = await ensurePostgres({ url, dataDir, installWhenRoot: false });
    try {
      expect(postgres.startedHere).toBe(true);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ database: string; directory: string }>('SELECT current_database() AS database, current_setting($1) AS directory', ['data_directory']);
        expect(rows).toEqual([{ database: 'duban_private', directory: join(dataDir, 'postgres', 'cluster') }]);
      } finally {
        await client.end();
      }
    } finally {
      await postgres.stop();
    }
    expect(await probePostgres(url)).not.toBeNull();
    expect(existsSync(join(dataDir, 'postgres', 'server.log'))).toBe(true);
  }, 60_000);

  it('says how to get PostgreSQL when nothing answers and no binaries exist (nor may be installed)', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/test`;
    const attempt = ensurePostgres({ url, dataDir, binDir: '/nonexistent/bin', installWhenRoot: false });
    await expect(attempt).rejects.toBeInstanceOf(PostgresUnavailableError);
    await expect(attempt).rejects.toThrow(/apt-get install postgresql/);
  });
});
