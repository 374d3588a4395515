import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '@duban/config';
import { openSqliteEventStore, type RecordedEvent } from '@duban/event-store';
import { SqliteCustomerKeyRows } from '@duban/personal-data';
import { registerComplaint } from '../../../../libs/projections/src/testing/case-events';
import { runCli } from '../cli';

describe('npm run cli -- backup | restore (SQLite store, online)', () => {
  let root: string;
  let live: AppConfig;
  let stdout: string;
  let stderr: string;
  const configIn = (dataDir: string) => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', SQLITE_SYNCHRONOUS: 'NORMAL' });
  const run = (config: AppConfig, ...args: string[]) => {
    stdout = '';
    stderr = '';
    const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    return runCli(args, { DATA_DIR: config.dataDir, NODE_ENV: 'test' }, output);
  };
  const allEvents = async (config: AppConfig): Promise<RecordedEvent[]> => {
    const { store } = openSqliteEventStore({ file: config.sqliteFile });
    try {
      return await store.readAll();
    } finally {
      await store.close();
    }
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'duban-backup-'));
    live = configIn(join(root, 'live'));
    mkdirSync(live.dataDir);
    const { store } = openSqliteEventStore({ file: live.sqliteFile, synchronous: 'NORMAL' });
    for (let index = 0; index < 30; index += 1) await registerComplaint(store, `c${index}`, 'anshan-daoxi', '2026-03-02T02:00:00.000Z');
    await store.close();
    const keys = new SqliteCustomerKeyRows(live.customerKeysFile, 'NORMAL');
    keys.insertOrGet('lookup-1', { keyId: 'key-1', wrappedKey: Buffer.from('wrapped key of one customer') });
    keys.close();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes a consistent snapshot while another connection holds an open write, and restores it verified', async () => {
    // A writer mid-transaction (as the API would be): its event is not committed and must not be copied.
    const writer = new Database(live.sqliteFile);
    writer.exec('BEGIN IMMEDIATE');
    writer
      .prepare("INSERT INTO events (id, stream, revision, type, data, metadata, created_at) VALUES ('uncommitted', 'complaint-x', 0, 'ComplaintRegistered', '{}', '{}', 0)")
      .run();
    const backup = join(root, 'backup');
    try {
      expect(await run(live, 'backup', backup)).toBe(0);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(stdout).toMatch(/^BACKED UP: 30 events up to position 30 and the customer keys to /);
    const manifest = JSON.parse(readFileSync(join(backup, 'backup.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'duban-sqlite-backup/1', events: { count: 30, headPosition: '30' }, customerKeys: { file: 'customer-keys.sqlite' } });

    const restored = configIn(join(root, 'restored'));
    expect(await run(restored, 'restore', backup)).toBe(0);
    expect(stdout).toMatch(/^RESTORED: 30 events up to position 30, hash chains valid/);
    const [before, after] = await Promise.all([allEvents(live), allEvents(restored)]);
    expect(after.map((event) => [event.id, event.position, event.integrity?.hash])).toEqual(before.map((event) => [event.id, event.position, event.integrity?.hash]));
    const keys = new SqliteCustomerKeyRows(restored.customerKeysFile, 'NORMAL');
    expect(keys.byId('key-1')?.wrappedKey.toString()).toBe('wrapped key of one customer');
    keys.close();
  });

  it('refuses a damaged backup, a restore over an existing store and a non-empty backup directory', async () => {
    const backup = join(root, 'backup');
    expect(await run(live, 'backup', backup)).toBe(0);
    expect(await run(live, 'backup', backup)).toBe(2);
    expect(stderr).toMatch(/is not empty/);

    expect(await run(live, 'restore', backup)).toBe(2);
    expect(stderr).toMatch(/already exist/);

    const bytes = readFileSync(join(backup, 'events.sqlite'));
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(join(backup, 'events.sqlite'), bytes);
    const restored = configIn(join(root, 'restored'));
    expect(await run(restored, 'restore', backup)).toBe(1);
    expect(stderr).toMatch(/does not match its checksum/);
    expect(existsSync(restored.sqliteFile)).toBe(false);
  });

  it('refuses to declare a backup good when a hash chain in it is broken', async () => {
    const tamper = new Database(live.sqliteFile);
    tamper.prepare("UPDATE events SET data = json_set(data, '$.description', 'edited') WHERE position = 7").run();
    tamper.close();
    expect(await run(live, 'backup', join(root, 'backup'))).toBe(1);
    expect(stdout).toMatch(/^BROKEN complaint-c6/m);
    expect(existsSync(join(root, 'backup', 'backup.json'))).toBe(false);
  });
});
