import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { verifyStreamChain } from '@duban/integrity';
import type { RecordedEvent } from '../../port/event-store.port';
import { newEvent } from '../../testing/test-events';
import { EVENT_STORE_SCHEMA } from './migrations';
import { openSqliteEventStore } from './sqlite-event-store';
import { latestVersion, migrateSqliteSchema, SqliteSchemaTooNewError, type VersionedSqliteSchema } from './sqlite-schema-migrations';

const directory = mkdtempSync(join(tmpdir(), 'duban-event-store-migrations-'));
const freshFile = () => join(directory, `${randomUUID()}.sqlite`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// The DDL each release before versioning ran on open, as it was written then (user_version stayed 0).
const UNVERSIONED_FIRST_RELEASE = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (stream, revision));
  CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;
const UNVERSIONED_TAMPER_EVIDENCE = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created_at INTEGER NOT NULL,
    hash TEXT, previous_hash TEXT, UNIQUE (stream, revision));
  CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;
const ROW_COLUMNS = 'position, id, stream, revision, type, data, metadata, created_at';
const CHAINED_ROW_COLUMNS = `${ROW_COLUMNS}, hash, previous_hash`;

interface OlderFile {
  name: string;
  create(db: Database.Database): void;
  /** The event columns this version has: what it could hold of events written today. */
  columns: string;
  chained: boolean;
}

const olderFiles: OlderFile[] = [
  { name: 'unversioned, first release', create: (db) => db.exec(UNVERSIONED_FIRST_RELEASE), columns: ROW_COLUMNS, chained: false },
  { name: 'unversioned, with tamper evidence', create: (db) => db.exec(UNVERSIONED_TAMPER_EVIDENCE), columns: CHAINED_ROW_COLUMNS, chained: true },
  ...EVENT_STORE_SCHEMA.migrations.slice(0, -1).map(({ version }): OlderFile => ({
    name: `version ${version}`,
    create: (db) => migrateSqliteSchema(db, EVENT_STORE_SCHEMA, version),
    columns: version >= 2 ? CHAINED_ROW_COLUMNS : ROW_COLUMNS,
    chained: version >= 2,
  })),
];

/** Events written by today's store, then copied into `file` as far as its columns allow, as that version would have stored them. */
async function seedOlderFile(file: string, older: OlderFile): Promise<RecordedEvent[]> {
  const scratch = freshFile();
  const { store } = openSqliteEventStore({ file: scratch });
  await store.appendToStream('complaint-1', [newEvent('ComplaintRegistered', { complaintId: 'c-1' }), newEvent('ComplaintAssigned', { assigneeId: 'li' })]);
  await store.appendToStream('finding-1', [newEvent('FindingRaised', { findingId: 'f-1' }, { schemaVersion: 1 })]);
  const written = await store.readAll();
  await store.close();

  const db = new Database(file);
  older.create(db);
  db.prepare('ATTACH DATABASE ? AS scratch').run(scratch);
  db.exec(`INSERT INTO events (${older.columns}) SELECT ${older.columns} FROM scratch.events`);
  db.exec("INSERT INTO checkpoints VALUES ('projector', '2', 0)");
  db.close();
  return older.chained ? written : written.map(({ integrity: _unchained, ...event }) => event);
}

const userVersion = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true });
  } finally {
    db.close();
  }
};

describe('SQLite event store schema migrations', () => {
  it('numbers the migrations 1, 2, ... in order', () => {
    expect(EVENT_STORE_SCHEMA.migrations.map((migration) => migration.version)).toEqual(EVENT_STORE_SCHEMA.migrations.map((_, index) => index + 1));
  });

  it('creates a new file at the latest version', async () => {
    const file = freshFile();
    await openSqliteEventStore({ file }).store.close();
    expect(userVersion(file)).toBe(latestVersion(EVENT_STORE_SCHEMA));
  });

  describe.each(olderFiles)('a file of $name', (older) => {
    it('upgrades to the latest version, its events reading back intact and its checkpoints kept', async () => {
      const file = freshFile();
      const written = await seedOlderFile(file, older);

      const { store, checkpoints } = openSqliteEventStore({ file });
      try {
        expect(userVersion(file)).toBe(latestVersion(EVENT_STORE_SCHEMA));
        expect(await store.readAll()).toEqual(written);
        expect(await checkpoints.load('projector')).toBe(2n);
      } finally {
        await store.close();
      }
    });

    it(older.chained ? 'keeps its hash chains verifiable and extends them' : 'keeps its events as unchained legacy events and chains new ones', async () => {
      const file = freshFile();
      await seedOlderFile(file, older);

      const { store } = openSqliteEventStore({ file });
      try {
        await store.appendToStream('complaint-1', [newEvent('ComplaintReplied')], { expectedRevision: 1n });
        await store.appendToStream('complaint-2', [newEvent('ComplaintRegistered')]);
        const [first, ...rest] = await store.readStream('complaint-1');
        expect(verifyStreamChain([first, ...rest])).toEqual(
          older.chained ? { valid: true, events: 3 } : expect.objectContaining({ valid: false, brokenAt: 0n, reason: expect.stringMatching(/legacy/) }),
        );
        expect(rest.at(-1)?.integrity).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), previousHash: older.chained ? rest[0]?.integrity?.hash : null });
        expect(verifyStreamChain(await store.readStream('complaint-2'))).toEqual({ valid: true, events: 1 });
      } finally {
        await store.close();
      }
    });
  });

  it('refuses a file written by a newer build, leaving it untouched', () => {
    const file = freshFile();
    const latest = latestVersion(EVENT_STORE_SCHEMA);
    const db = new Database(file);
    db.pragma(`user_version = ${latest + 1}`);
    db.close();

    expect(() => openSqliteEventStore({ file })).toThrow(SqliteSchemaTooNewError);
    expect(() => openSqliteEventStore({ file })).toThrow(`has schema version ${latest + 1}; this build knows up to ${latest}`);
    expect(userVersion(file)).toBe(latest + 1);
  });

  it('applies all missing migrations or none: a failing one leaves the file at its old version', () => {
    const failing: VersionedSqliteSchema = {
      name: 'test',
      migrations: [
        ...EVENT_STORE_SCHEMA.migrations,
        { version: latestVersion(EVENT_STORE_SCHEMA) + 1, description: 'broken', statements: 'ALTER TABLE events ADD COLUMN extra TEXT; ALTER TABLE nowhere ADD COLUMN x TEXT;' },
      ],
    };
    const db = new Database(freshFile());
    try {
      migrateSqliteSchema(db, EVENT_STORE_SCHEMA, 1);
      expect(() => migrateSqliteSchema(db, failing)).toThrow(/nowhere/);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM pragma_table_info('events')").pluck().all()).not.toContain('hash');
    } finally {
      db.close();
    }
  });

  it('refuses migrations out of sequence', () => {
    const [first, second] = EVENT_STORE_SCHEMA.migrations;
    const db = new Database(':memory:');
    try {
      expect(() => migrateSqliteSchema(db, { name: 'test', migrations: [second, first] })).toThrow(/out of sequence/);
    } finally {
      db.close();
    }
  });
});
