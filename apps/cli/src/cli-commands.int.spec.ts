import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@duban/config';
import { openSqliteEventStore } from '@duban/event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../../libs/event-store/src/testing/postgres-test-schema';
import { Client } from 'pg';
import { CaseQueries, openReadModelDatabase } from '@duban/projections';
import { tryProjectorRole } from '../../../libs/projections/src/postgres/leased-projector';
import { registerComplaint } from '../../../libs/projections/src/testing/case-events';
import { runCli } from './cli';

describe('npm run cli -- rebuild-projections | replay-check | export | replay', () => {
  let config: AppConfig;
  let stderr: string[];
  let stdout: string;
  const run = (...args: string[]) => {
    stderr = [];
    stdout = '';
    const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => stderr.push(text) } };
    return runCli(args, { DATA_DIR: config.dataDir, NODE_ENV: 'test' }, output);
  };

  beforeEach(async () => {
    config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'duban-cli-')), SQLITE_SYNCHRONOUS: 'NORMAL' });
    const { store } = openSqliteEventStore({ file: config.sqliteFile, synchronous: 'NORMAL' });
    await registerComplaint(store, 'c1', 'anshan-daoxi', '2026-03-02T02:00:00.000Z');
    await registerComplaint(store, 'c2', 'anshan-tiedong', '2026-03-03T02:00:00.000Z');
    await store.close();
  });
  afterEach(() => rmSync(config.dataDir, { recursive: true, force: true }));

  it('replays the whole log into the DATA_DIR read models with progress, and can run again', async () => {
    for (let round = 0; round < 2; round += 1) {
      expect(await run('rebuild-projections')).toBe(0);
      expect(stderr.join('')).toMatch(/^rebuilding read models: position 2 \/ 2 \(100\.0%\), 2 events\n/);
      expect(stderr.at(-1)).toMatch(/^read models rebuilt: 2 events up to position 2 in /);
    }
    const db = openReadModelDatabase(config.readModelsFile);
    try {
      expect(
        new CaseQueries(db)
          .all({})
          .map((row) => row.id)
          .sort(),
      ).toEqual(['c1', 'c2']);
    } finally {
      db.close();
    }
  });

  it('replay-check passes on rebuilt read models and exits 1 naming the case and field after a row is altered', async () => {
    await run('rebuild-projections');
    expect(await run('replay-check')).toBe(0);
    expect(stderr.at(-1)).toBe('2 cases replayed, 0 differences\n');
    const db = openReadModelDatabase(config.readModelsFile);
    db.prepare("UPDATE case_rows SET unit_id = 'anshan-tiedong' WHERE id = 'c1'").run();
    db.close();
    expect(await run('replay-check')).toBe(1);
    expect(stderr.slice(-2)).toEqual(['DIFFERENT complaint-c1 unitId: read model "anshan-tiedong", replay "anshan-daoxi"\n', '2 cases replayed, 1 difference\n']);
  });

  it('export writes every event as a JSON line with its hash-chain fields, oldest first', async () => {
    expect(await run('export')).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.stream, line.revision, line.position, line.type])).toEqual([
      ['complaint-c1', '0', '1', 'ComplaintRegistered'],
      ['complaint-c2', '0', '2', 'ComplaintRegistered'],
    ]);
    expect(lines[0].integrity.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stderr.at(-1)).toBe('exported 2 events\n');
  });

  it('replay prints the case as it stood at a revision or an instant, and refuses bad arguments', async () => {
    expect(await run('replay', 'complaint', 'c1', '--revision', '0')).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ state: 'received', unitId: 'anshan-daoxi', asOf: { revision: 0 } });
    expect(await run('replay', 'complaint', 'c1', '--at', '2026-03-02T02:00:00.000Z')).toBe(0);
    expect(JSON.parse(stdout).asOf).toMatchObject({ revision: 0, clocksReadAt: '2026-03-02T02:00:00.000Z' });
    expect(await run('replay', 'complaint', 'c1', '--at', 'yesterday')).toBe(2);
    expect(stderr.join('')).toContain('Usage: npm run cli -- replay');
    expect(await run('replay', 'complaint', 'nobody', '--revision', '0')).toBe(2);
    expect(stderr.join('')).toBe('No complaint nobody\n');
  });

  it('migrate copies the whole log into another DATA_DIR, where it verifies, and a second run copies nothing', async () => {
    const targetDir = mkdtempSync(join(tmpdir(), 'duban-cli-target-'));
    try {
      expect(await run('migrate', `sqlite:${targetDir}`)).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 2 events, ids, metadata and hash chains unchanged/);
      expect(await run('migrate', `sqlite:${targetDir}`)).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 0 events \(resumed after position 2\)/);
      stderr = [];
      const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => stderr.push(text) } };
      stdout = '';
      expect(await runCli(['verify'], { DATA_DIR: targetDir, NODE_ENV: 'test' }, output)).toBe(0);
      expect(stdout).toMatch(/^VALID: 2 events in 2 streams/);
      expect(await run('migrate', 'mysql://elsewhere')).toBe(2);
      expect(stderr.join('')).toContain('Usage: npm run cli -- migrate');
    } finally {
      rmSync(targetDir, { recursive: true, force: true });
    }
  });

  it('migrate copies SQLite into PostgreSQL and PostgreSQL back into SQLite, each resumable, each verifying', async () => {
    const schema = uniqueTestSchema('cli');
    const backDir = mkdtempSync(join(tmpdir(), 'duban-cli-back-'));
    const onPostgres = { EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), POSTGRES_SCHEMA: schema };
    const runWith = (env: Record<string, string>, ...args: string[]) => {
      stderr = [];
      stdout = '';
      const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => stderr.push(text) } };
      return runCli(args, { DATA_DIR: config.dataDir, NODE_ENV: 'test', SQLITE_SYNCHRONOUS: 'NORMAL', ...env }, output);
    };
    try {
      expect(await runWith({ POSTGRES_SCHEMA: schema }, 'migrate', testDatabaseUrl())).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 2 events, ids, metadata and hash chains unchanged/);
      expect(await runWith({ POSTGRES_SCHEMA: schema }, 'migrate', testDatabaseUrl())).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 0 events \(resumed after position 2\)/);
      expect(await runWith(onPostgres, 'verify')).toBe(0);
      expect(stdout).toMatch(/^VALID: 2 events in 2 streams/);

      expect(await runWith(onPostgres, 'migrate', `sqlite:${backDir}`)).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 2 events/);
      expect(await runWith(onPostgres, 'migrate', `sqlite:${backDir}`)).toBe(0);
      expect(stdout).toMatch(/^MIGRATED: 0 events \(resumed after position 2\)/);
      expect(await runWith({ DATA_DIR: backDir }, 'verify')).toBe(0);
      expect(stdout).toMatch(/^VALID: 2 events in 2 streams/);
    } finally {
      rmSync(backDir, { recursive: true, force: true });
      await dropTestSchemas([schema]);
    }
  });

  it('rebuild-projections and replay-check on PostgreSQL work on the shared rows; the rebuild is refused while a projector holds the role', async () => {
    const schema = uniqueTestSchema('cli_rows');
    const onPostgres = { DATA_DIR: config.dataDir, NODE_ENV: 'test', EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), POSTGRES_SCHEMA: schema };
    const runOnPostgres = (...args: string[]) => {
      stderr = [];
      const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => stderr.push(text) } };
      return runCli(args, onPostgres, output);
    };
    const database = new Client({ connectionString: testDatabaseUrl() });
    await database.connect();
    try {
      expect(
        await runCli(
          ['migrate', testDatabaseUrl()],
          { DATA_DIR: config.dataDir, NODE_ENV: 'test', POSTGRES_SCHEMA: schema },
          { stdout: { write: () => true }, stderr: { write: () => true } },
        ),
      ).toBe(0);
      expect(await runOnPostgres('rebuild-projections')).toBe(0);
      expect(stderr.at(-1)).toMatch(new RegExp(`^read models rebuilt: 2 events up to position 2 in .* \\(PostgreSQL schema ${schema}\\)`));
      expect(await runOnPostgres('replay-check')).toBe(0);
      expect(stderr.at(-1)).toBe('2 cases replayed, 0 differences\n');

      await database.query(`UPDATE "${schema}".read_case_rows SET "row" = jsonb_set("row", '{state}', '"closed"') WHERE id = 'c2'`);
      expect(await runOnPostgres('replay-check')).toBe(1);
      expect(stderr.join('')).toContain('DIFFERENT complaint-c2 state: read model "closed", replay "received"');

      // A worker holding the projector role: the rebuild is refused and changes nothing.
      expect(await tryProjectorRole(database, schema)).toBe(true);
      expect(await runOnPostgres('rebuild-projections')).toBe(1);
      expect(stderr.at(-1)).toMatch(/^read models not rebuilt: another process holds the projector role/);
      expect(await runOnPostgres('replay-check')).toBe(1);
    } finally {
      await database.end();
      await dropTestSchemas([schema]);
    }
  });
});
