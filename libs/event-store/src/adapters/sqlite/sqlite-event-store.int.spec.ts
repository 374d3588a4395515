import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyStreamChain } from '@duban/integrity';
import {
  DuplicateEventIdError,
  EventStoreFullError,
  EventStoreReadOnlyError,
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../../port/event-store.errors';
import type { NewEvent, RecordedEvent } from '../../port/event-store.port';
import { itWakesSubscriptionsOnAppend } from '../../testing/append-wake-up.contract';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { describeProjectionStateStoreContract } from '../../testing/projection-state-store.contract';
import { newEvent, uniqueCategory, waitFor } from '../../testing/test-events';
import { openSqliteDatabase } from './sqlite-database';
import { WRITE_FAILURE_REPORTED_MS } from '../../core/recent-write-failure';
import { openSqliteEventStore, SqliteEventStore } from './sqlite-event-store';

const directory = mkdtempSync(join(tmpdir(), 'duban-event-store-'));
const freshFile = () => join(directory, `${randomUUID()}.sqlite`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeEventStoreContract('SQLite (temp file)', async () => openSqliteEventStore({ file: freshFile() }));
describeProjectionStateStoreContract('SQLite (temp file)', async () => openSqliteEventStore({ file: freshFile() }));

describe('SQLite event store', () => {
  const opened: { close(): Promise<void> | void }[] = [];
  const open = (options: Partial<Parameters<typeof openSqliteEventStore>[0]> & { file: string }) => {
    const stores = openSqliteEventStore(options);
    opened.push(stores.store);
    return stores;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  describe('durability settings', () => {
    it('uses WAL, synchronous FULL by default, and the requested synchronous level otherwise', () => {
      const levels = { default: undefined, NORMAL: 'NORMAL', FULL: 'FULL', EXTRA: 'EXTRA' } as const;
      const readBack = Object.fromEntries(
        Object.entries(levels).map(([name, synchronous]) => {
          const db = openSqliteDatabase({ file: freshFile(), synchronous, busyTimeoutMs: 1234 });
          try {
            const pragma = (name: string) => db.pragma(name, { simple: true });
            return [name, { journal: pragma('journal_mode'), synchronous: pragma('synchronous'), busy: pragma('busy_timeout') }];
          } finally {
            db.close();
          }
        }),
      );
      // PRAGMA synchronous: 1 = NORMAL, 2 = FULL, 3 = EXTRA.
      expect(readBack).toEqual({
        default: { journal: 'wal', synchronous: 2n, busy: 1234n },
        NORMAL: { journal: 'wal', synchronous: 1n, busy: 1234n },
        FULL: { journal: 'wal', synchronous: 2n, busy: 1234n },
        EXTRA: { journal: 'wal', synchronous: 3n, busy: 1234n },
      });
    });

    it('rejects an unknown synchronous level', () => {
      expect(() => openSqliteDatabase({ file: freshFile(), synchronous: 'OFF' as never })).toThrow(/synchronous/);
    });
  });

  it('starts empty on a fresh file: head position 0n', async () => {
    await expect(open({ file: freshFile() }).store.headPosition()).resolves.toBe(0n);
  });

  it('keeps revisions and positions beyond 2^53 exact (bigint all the way through SQLite)', async () => {
    const file = freshFile();
    const beyondDoublePrecision = 2n ** 60n; // 2^60 + 1 is not representable as a JS number
    const seeded = openSqliteDatabase({ file });
    seeded
      .prepare('INSERT INTO events (position, id, stream, revision, type, data, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(beyondDoublePrecision, randomUUID(), 'big-1', beyondDoublePrecision, 'Seeded', '{}', '{}', Date.now());
    seeded.close();
    const { store } = open({ file });

    const result = await store.appendToStream('big-1', [newEvent()], { expectedRevision: beyondDoublePrecision });

    const [newest] = await store.readStream('big-1', { direction: 'backwards', maxCount: 1 });
    expect(result).toEqual({ nextExpectedRevision: beyondDoublePrecision + 1n, position: beyondDoublePrecision + 1n, recorded: [newest] });
    expect(newest.revision).toBe(beyondDoublePrecision + 1n);
    expect(newest.position).toBe(beyondDoublePrecision + 1n);
    expect(await store.readAll({ fromPosition: beyondDoublePrecision + 1n })).toEqual([newest]);
    expect(await store.headPosition()).toBe(beyondDoublePrecision + 1n);
    await expect(store.appendToStream('big-1', [newEvent()], { expectedRevision: beyondDoublePrecision })).rejects.toMatchObject({ actual: beyondDoublePrecision + 1n });
  });

  it('opens a file written before tamper evidence: its events stay unchained, new ones are chained', async () => {
    const file = freshFile();
    const legacy = new Database(file);
    legacy.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (stream, revision))`);
    legacy
      .prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created_at) VALUES (?, ?, 0, ?, ?, ?, ?)')
      .run(randomUUID(), 'complaint-old', 'Registered', '{}', '{}', Date.now());
    legacy.close();
    const { store } = open({ file });

    await store.appendToStream('complaint-old', [newEvent()], { expectedRevision: 0n });
    await store.appendToStream('complaint-new', [newEvent()]);

    const [old, appended] = await store.readStream('complaint-old');
    expect(old).not.toHaveProperty('integrity');
    expect(appended.integrity).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), previousHash: null });
    expect(verifyStreamChain([old, appended])).toMatchObject({ valid: false, brokenAt: 0n, reason: expect.stringMatching(/legacy/) });
    expect(verifyStreamChain(await store.readStream('complaint-new'))).toEqual({ valid: true, events: 1 });
  });

  it('enforces store-wide unique event ids', async () => {
    const { store } = open({ file: freshFile() });
    const event = newEvent();
    await store.appendToStream('complaint-1', [event]);
    await expect(store.appendToStream('complaint-2', [event])).rejects.toThrow(DuplicateEventIdError);
    await expect(store.readStream('complaint-2')).rejects.toThrow(StreamNotFoundError);
  });

  it('keeps events and checkpoints across close and reopen; a restarted subscriber resumes after its checkpoint', async () => {
    const file = freshFile();
    const first = open({ file });
    const before = [newEvent(), newEvent()];
    await first.store.appendToStream('complaint-1', before);
    const seenBefore: string[] = [];
    const subscription = first.store.subscribeToAll({ checkpoint: { store: first.checkpoints, name: 'projector' } }, async (event) => void seenBefore.push(event.id));
    await waitFor(() => seenBefore.length === 2, 'first run');
    await subscription.stop();
    await first.store.close();

    const reopened = open({ file });
    const after = [newEvent()];
    await reopened.store.appendToStream('complaint-1', after, { expectedRevision: 1n });
    expect((await reopened.store.readStream('complaint-1')).map((event) => event.id)).toEqual([...before, ...after].map((event) => event.id));
    const seenAfter: string[] = [];
    reopened.store.subscribeToAll({ checkpoint: { store: reopened.checkpoints, name: 'projector' } }, async (event) => void seenAfter.push(event.id));
    await waitFor(() => seenAfter.length === 1, 'resumed run');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seenAfter).toEqual([after[0].id]);
  });

  itWakesSubscriptionsOnAppend(() => open({ file: freshFile(), pollIntervalMs: 60_000 }).store);

  it('a subscription sees, by polling, events appended through another connection to the same file', async () => {
    const file = freshFile();
    const subscriber = open({ file, pollIntervalMs: 20 });
    const writer = open({ file });
    const seen: RecordedEvent[] = [];
    subscriber.store.subscribeToAll({}, async (event) => void seen.push(event));

    const written = [newEvent(), newEvent()];
    await writer.store.appendToStream('complaint-1', written);

    await waitFor(() => seen.length === 2, 'events from the other connection', 2_000);
    expect(seen.map((event) => event.id)).toEqual(written.map((event) => event.id));
  });

  it('two connections appending concurrently to one stream lose nothing', async () => {
    const file = freshFile();
    const connections = [open({ file }).store, open({ file }).store];
    const stream = `${uniqueCategory()}-1`;
    const appendWithRetry = async (store: (typeof connections)[number], event: NewEvent) => {
      for (let attempt = 1; attempt <= 1_000; attempt++) {
        const head = await store.readStream(stream, { direction: 'backwards', maxCount: 1 }).catch(() => []);
        try {
          return await store.appendToStream(stream, [event], { expectedRevision: head[0]?.revision ?? 'no_stream' });
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
        }
      }
      throw new Error(`Gave up appending ${event.id}`);
    };
    const events = Array.from({ length: 60 }, () => newEvent());

    await Promise.all(events.map((event, index) => appendWithRetry(connections[index % 2], event)));

    const recorded = await connections[0].readStream(stream);
    expect(recorded.map((event) => event.revision)).toEqual(events.map((_, index) => BigInt(index)));
    expect(new Set(recorded.map((event) => event.id))).toEqual(new Set(events.map((event) => event.id)));
  });

  describe('group commit', () => {
    const walBytes = (file: string) => statSync(`${file}-wal`).size;

    it('writes appends made at once in one transaction, each with its own outcome', async () => {
      const file = freshFile();
      const { store } = open({ file });
      const category = uniqueCategory();
      await store.appendToStream(`${category}-0`, [newEvent()], { expectedRevision: 'no_stream' });
      const duplicate = newEvent();
      await store.appendToStream(`${category}-dup`, [duplicate]);
      const before = walBytes(file);
      await store.appendToStream(`${category}-alone`, [newEvent()]);
      const oneCommit = walBytes(file) - before;

      const settled = await Promise.allSettled([
        ...Array.from({ length: 16 }, (_, index) => store.appendToStream(`${category}-${index + 1}`, [newEvent(), newEvent()], { expectedRevision: 'no_stream' })),
        store.appendToStream(`${category}-0`, [newEvent()], { expectedRevision: 5n }),
        store.appendToStream(`${category}-0`, [newEvent()], { expectedRevision: 0n }),
        store.appendToStream(`${category}-0`, [newEvent()], { expectedRevision: 1n }),
        store.appendToStream(`${category}-dup`, [duplicate], { expectedRevision: 'no_stream' }),
        store.appendToStream(`${category}-other`, [newEvent(), duplicate]),
      ]);

      // Sixteen commits of their own would have grown the WAL by sixteen commits' pages.
      expect(walBytes(file) - before - oneCommit).toBeLessThan(4 * oneCommit);
      expect(settled.slice(0, 16).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      expect(settled.slice(16).map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.nextExpectedRevision : outcome.reason.constructor))).toEqual([
        WrongExpectedVersionError,
        1n,
        2n,
        0n,
        DuplicateEventIdError,
      ]);
      await expect(store.readStream(`${category}-other`)).rejects.toBeInstanceOf(StreamNotFoundError);
      expect((await store.readStream(`${category}-0`)).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
      expect(verifyStreamChain(await store.readStream(`${category}-0`))).toEqual({ valid: true, events: 3 });
    });

    it('writes what was queued before close', async () => {
      const file = freshFile();
      const { store } = open({ file });
      const appended = store.appendToStream('closing-1', [newEvent()]);
      await store.close();
      await expect(appended).resolves.toMatchObject({ nextExpectedRevision: 0n });
      const reopened = open({ file }).store;
      expect(await reopened.readStream('closing-1')).toHaveLength(1);
    });
  });

  describe('unavailability', () => {
    it('fails with EventStoreUnavailableError when another connection holds the write lock past busy_timeout', async () => {
      const file = freshFile();
      const { store } = open({ file, busyTimeoutMs: 50 });
      const blocker = new Database(file);
      blocker.exec('BEGIN IMMEDIATE');
      try {
        const startedAt = Date.now();
        await expect(store.appendToStream('complaint-1', [newEvent()])).rejects.toThrow(EventStoreUnavailableError);
        expect(Date.now() - startedAt).toBeGreaterThanOrEqual(40);
      } finally {
        blocker.exec('ROLLBACK');
        blocker.close();
      }
      await expect(store.appendToStream('complaint-1', [newEvent()])).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });

    /** A store over a connection the test keeps, since max_page_count and query_only act per connection. */
    const openWithConnection = () => {
      const db = openSqliteDatabase({ file: freshFile() });
      const store = new SqliteEventStore(db);
      opened.push(store);
      return { db, store };
    };
    const bigEvent = () => newEvent('Big', { text: 'x'.repeat(3_000) });
    const countOf = (db: Database.Database) => Number(db.prepare('SELECT COUNT(*) FROM events').pluck().get());

    it('a full file fails appends whole with EventStoreFullError, reported by ping until an append succeeds again', async () => {
      const { db, store } = openWithConnection();
      await store.appendToStream('complaint-1', [newEvent()]);
      db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
      // Several events in one append, more than the last page holds: all or nothing.
      const failure = await store.appendToStream('complaint-1', [bigEvent(), bigEvent(), bigEvent()]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(EventStoreFullError);
      expect(String((failure as Error).message)).toMatch(/database or disk is full/);
      expect(countOf(db)).toBe(1);
      expect((await store.readStream('complaint-1')).map((event) => event.revision)).toEqual([0n]);
      await expect(store.ping()).rejects.toThrow(EventStoreFullError);

      db.pragma('max_page_count = 1073741823');
      await expect(store.appendToStream('complaint-1', [bigEvent(), bigEvent()])).resolves.toMatchObject({ nextExpectedRevision: 2n });
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('a read-only connection fails appends with EventStoreReadOnlyError and writes nothing', async () => {
      const { db, store } = openWithConnection();
      await store.appendToStream('complaint-1', [newEvent()]);
      db.pragma('query_only = ON');
      await expect(store.appendToStream('complaint-1', [newEvent(), newEvent()])).rejects.toThrow(EventStoreReadOnlyError);
      await expect(store.ping()).rejects.toThrow(/readonly/);
      expect(countOf(db)).toBe(1);
      db.pragma('query_only = OFF');
      await expect(store.ping()).rejects.toThrow(/readonly/);
      await expect(store.appendToStream('complaint-1', [newEvent()])).resolves.toMatchObject({ nextExpectedRevision: 1n });
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('ping stops reporting a failed append after a while, so an instance out of rotation can come back', async () => {
      const { db, store } = openWithConnection();
      db.pragma('query_only = ON');
      await expect(store.appendToStream('complaint-1', [newEvent()])).rejects.toThrow(EventStoreReadOnlyError);
      const failedAt = Date.now();
      const now = jest.spyOn(Date, 'now');
      try {
        now.mockReturnValue(failedAt + WRITE_FAILURE_REPORTED_MS - 1_000);
        await expect(store.ping()).rejects.toThrow(EventStoreReadOnlyError);
        now.mockReturnValue(failedAt + WRITE_FAILURE_REPORTED_MS + 1_000);
        await expect(store.ping()).resolves.toBeUndefined();
      } finally {
        now.mockRestore();
      }
    });

    it('a file opened read-only fails appends with EventStoreReadOnlyError', async () => {
      const file = freshFile();
      await open({ file }).store.appendToStream('complaint-1', [newEvent()]);
      const readOnly = new SqliteEventStore(new Database(file, { readonly: true }).defaultSafeIntegers(true));
      opened.push(readOnly);
      await expect(readOnly.appendToStream('complaint-1', [newEvent()])).rejects.toThrow(EventStoreReadOnlyError);
      expect((await readOnly.readStream('complaint-1')).length).toBe(1);
    });

    it('fails with EventStoreUnavailableError after close', async () => {
      const { store } = openSqliteEventStore({ file: freshFile() });
      await store.close();
      await expect(store.appendToStream('complaint-1', [newEvent()])).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.ping()).rejects.toThrow(EventStoreUnavailableError);
    });
  });
});
