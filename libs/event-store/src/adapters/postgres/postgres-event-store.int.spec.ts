import { Client } from 'pg';
import { verifyStreamChain } from '@duban/integrity';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../port/event-store.errors';
import type { AppendResult, RecordedEvent } from '../../port/event-store.port';
import { itWakesSubscriptionsOnAppend } from '../../testing/append-wake-up.contract';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { describeProjectionStateStoreContract } from '../../testing/projection-state-store.contract';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../../testing/postgres-test-schema';
import { newEvent, uniqueCategory, waitFor } from '../../testing/test-events';
import { openPostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';
import { migratePostgresSchema, POSTGRES_MIGRATIONS, PostgresSchemaTooNewError } from './postgres-schema';

const schemas: string[] = [];
const freshSchema = () => {
  const schema = uniqueTestSchema('es');
  schemas.push(schema);
  return schema;
};
afterAll(() => dropTestSchemas(schemas));

const contractSchema = freshSchema();
describeEventStoreContract('PostgreSQL (own schema)', () => openPostgresEventStore({ connectionString: testDatabaseUrl(), schema: contractSchema }));
describeProjectionStateStoreContract('PostgreSQL (own schema)', () => openPostgresEventStore({ connectionString: testDatabaseUrl(), schema: freshSchema() }));

describe('PostgreSQL event store', () => {
  const opened: { close(): Promise<void> }[] = [];
  const open = async (options: Partial<PostgresEventStoreOptions> = {}) => {
    const stores = await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema: freshSchema(), ...options });
    opened.push(stores.store);
    return stores;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  it('starts empty in a fresh schema: head position 0n, no stream', async () => {
    const { store } = await open();
    await expect(store.headPosition()).resolves.toBe(0n);
    await expect(store.readStream('complaint-1')).rejects.toThrow(StreamNotFoundError);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('keeps data and metadata byte for byte (json, not jsonb), so chains verify after a read', async () => {
    const { store } = await open();
    const data = { z: 1, a: 'duplicate keys and order survive', nested: { y: [3, 2, 1], b: null }, text: '\u4e2d\u6587 \\u0000' };
    await store.appendToStream('complaint-1', [newEvent('Opened', data, { b: 2, a: 1 })]);
    const [read] = await store.readStream('complaint-1');
    expect(Object.keys(read.data)).toEqual(['z', 'a', 'nested', 'text']);
    expect(Object.keys(read.metadata)).toEqual(['b', 'a']);
    expect(verifyStreamChain([read])).toEqual({ valid: true, events: 1 });
  });

  it('takes any stream name as data, quotes and backslashes included', async () => {
    const { store } = await open();
    const stream = "complaint-'); DROP TABLE events; --\\'\u4e2d";
    await store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
    await store.appendToStream(stream, [newEvent()], { expectedRevision: 0n });
    expect((await store.readStream(stream)).map((event) => [event.stream, event.revision])).toEqual([
      [stream, 0n],
      [stream, 1n],
    ]);
  });

  it('opens an existing schema again without touching its events, and refuses a schema newer than this build', async () => {
    const schema = freshSchema();
    const first = await open({ schema });
    await first.store.appendToStream('complaint-1', [newEvent()]);
    const again = await open({ schema });
    expect(await again.store.readStream('complaint-1')).toHaveLength(1);

    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    await admin.query(`UPDATE "${schema}".schema_version SET version = 99`);
    await admin.end();
    await expect(open({ schema })).rejects.toThrow(PostgresSchemaTooNewError);
  });

  it('brings a schema of the first layout to the newest: its events kept, appends and projection state work', async () => {
    const schema = freshSchema();
    const admin = new Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      await migratePostgresSchema(admin, schema, POSTGRES_MIGRATIONS.slice(0, 1));
      const event = newEvent();
      await admin.query(`INSERT INTO "${schema}".events (id, stream, revision, type, data, metadata, created_at) VALUES ($1, 'complaint-1', 0, $2, '{}', '{}', now())`, [
        event.id,
        event.type,
      ]);
    } finally {
      await admin.end();
    }

    const { store, projectionState } = await open({ schema });
    expect(await store.readStream('complaint-1')).toHaveLength(1);
    await expect(store.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n })).resolves.toMatchObject({ nextExpectedRevision: 1n });
    await expect(projectionState.save('open-clocks/1', 2n, new Map([['complaint-1', { open: [] }]]))).resolves.toBe(true);
  });

  it('answers EventStoreUnavailableError when no server answers', async () => {
    const url = new URL(testDatabaseUrl());
    url.port = '1';
    await expect(openPostgresEventStore({ connectionString: url.toString(), schema: freshSchema(), connectionTimeoutMs: 1_000 })).rejects.toThrow(EventStoreUnavailableError);
  });

  itWakesSubscriptionsOnAppend(async () => (await openPostgresEventStore({ connectionString: testDatabaseUrl(), schema: freshSchema(), pollIntervalMs: 60_000 })).store);

  it("wakes another process's subscriptions through LISTEN/NOTIFY instead of waiting for the poll interval", async () => {
    const schema = freshSchema();
    const slowPolling = { schema, pollIntervalMs: 60_000 };
    const { store: subscriberSide } = await open(slowPolling);
    const { store: writerSide } = await open(slowPolling);
    const seen: string[] = [];
    subscriberSide.subscribeToAll({}, async (event) => void seen.push(event.id));
    await new Promise((resolve) => setTimeout(resolve, 300)); // LISTEN is set up

    const event = newEvent();
    await writerSide.appendToStream('complaint-1', [event]);

    await waitFor(() => seen.length === 1, 'the event appended through the other store', 2_000);
    expect(seen).toEqual([event.id]);
  });

  describe('group commit (appends made in one turn of the event loop share one transaction)', () => {
    const outcomes = (appends: Promise<AppendResult>[]) =>
      Promise.all(
        appends.map((append) =>
          append.then(
            (result) => result,
            (error: Error) => error,
          ),
        ),
      );

    it('gives each append its own outcome, chaining appends to one stream on top of each other', async () => {
      const { store } = await open();
      await store.appendToStream('complaint-1', [newEvent()]);
      const [first, conflicting, second, other] = await outcomes([
        store.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n }),
        store.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n }),
        store.appendToStream('complaint-1', [newEvent(), newEvent()], { expectedRevision: 1n }),
        store.appendToStream('complaint-2', [newEvent()], { expectedRevision: 'no_stream' }),
      ]);

      expect(conflicting).toBeInstanceOf(WrongExpectedVersionError);
      expect([first, second, other].map((result) => (result as AppendResult).nextExpectedRevision)).toEqual([1n, 3n, 0n]);
      const stream = await store.readStream('complaint-1');
      expect(verifyStreamChain(stream)).toEqual({ valid: true, events: 4 });
      expect([...(first as AppendResult).recorded, ...(second as AppendResult).recorded]).toEqual(stream.slice(1));
    });

    it('writes a retry that overtook its original in the next transaction, as an idempotent re-append', async () => {
      const { store } = await open();
      const events = [newEvent(), newEvent()];
      const [original, retry] = await Promise.all([store.appendToStream('complaint-1', events), store.appendToStream('complaint-1', events)]);

      expect(retry).toEqual(original);
      expect(await store.readStream('complaint-1')).toEqual(original.recorded);
    });

    it('when the server refuses one append of a group, writes the others one by one', async () => {
      const { store } = await open();
      const [refused, kept] = await outcomes([
        // PostgreSQL text cannot hold a NUL character: the group's INSERT fails as a whole.
        store.appendToStream('complaint-1', [newEvent('Nul\u0000Type')]),
        store.appendToStream('complaint-2', [newEvent()]),
      ]);

      expect(refused).toBeInstanceOf(Error);
      expect((kept as AppendResult).nextExpectedRevision).toBe(0n);
      await expect(store.readStream('complaint-1')).rejects.toThrow(StreamNotFoundError);
      expect(await store.readStream('complaint-2')).toEqual((kept as AppendResult).recorded);
    });
  });

  describe('one round trip onto the head this process knows', () => {
    afterEach(() => jest.restoreAllMocks());

    it('appends onto its own last write in one statement sent to the server', async () => {
      const { store } = await open();
      await store.appendToStream('complaint-1', [newEvent()], { expectedRevision: 'no_stream' });
      const sent = jest.spyOn(Client.prototype, 'query');

      await store.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n });

      expect(sent.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as { text: string }).text))).toEqual([expect.stringContaining('append_onto_head(')]);
    });

    it('falls back to the full path when another process moved the head: conflicts, chains and re-appends as before', async () => {
      const schema = freshSchema();
      const { store: mine } = await open({ schema });
      const { store: theirs } = await open({ schema });
      await mine.appendToStream('complaint-1', [newEvent()], { expectedRevision: 'no_stream' });
      await theirs.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n });

      await expect(mine.appendToStream('complaint-1', [newEvent()], { expectedRevision: 0n })).rejects.toThrow(WrongExpectedVersionError);
      const again = [newEvent()];
      const written = await mine.appendToStream('complaint-1', again);
      await expect(mine.appendToStream('complaint-1', again)).resolves.toEqual(written);

      expect(written.nextExpectedRevision).toBe(2n);
      expect(verifyStreamChain(await theirs.readStream('complaint-1'))).toEqual({ valid: true, events: 3 });
    });
  });

  describe('global order', () => {
    /**
     * Many appenders on separate connections (separate stores, as separate processes would be) and a
     * subscriber polling fast: a position handed out to one transaction while a later one commits
     * first would make the subscriber skip it. Every event must arrive exactly once, in position order.
     */
    it('a subscriber sees every event of 8 concurrent appenders exactly once, in position order', async () => {
      const schema = freshSchema();
      const appenders = await Promise.all(Array.from({ length: 8 }, () => open({ schema, maxConnections: 2 })));
      const { store: reader } = await open({ schema, pollIntervalMs: 1 });
      const category = uniqueCategory();
      const delivered: RecordedEvent[] = [];
      reader.subscribeToAll({ filter: { streamPrefixes: [`${category}-`] } }, async (event) => void delivered.push(event));

      const perAppender = 60;
      const appendedIds = (
        await Promise.all(
          appenders.map(async ({ store }, appender) => {
            const ids: string[] = [];
            for (let index = 0; index < perAppender; index++) {
              // Several streams and batch sizes, so group commits, savepoints and multi-event inserts all take part.
              const events = Array.from({ length: 1 + (index % 3) }, () => newEvent('Appended', { appender, index }));
              await store.appendToStream(`${category}-${appender}-${index % 4}`, events);
              ids.push(...events.map((event) => event.id));
            }
            return ids;
          }),
        )
      ).flat();

      // A skipped event never arrives: after the wait, the assertions below say how many are missing.
      await waitFor(() => delivered.length >= appendedIds.length, `${appendedIds.length} events`, 10_000).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const deliveredIds = delivered.map((event) => event.id);
      expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
      expect({ delivered: deliveredIds.length, missing: appendedIds.filter((id) => !deliveredIds.includes(id)).length }).toEqual({ delivered: appendedIds.length, missing: 0 });
      delivered.slice(1).forEach((event, index) => expect(event.position).toBeGreaterThan(delivered[index].position));
    }, 60_000);
  });
});
