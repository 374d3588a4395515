import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDbCheckpointStore } from './adapters/eventstoredb/eventstoredb-checkpoint-store';
import { EventStoreDbEventStore } from './adapters/eventstoredb/eventstoredb-event-store';
import { InMemoryCheckpointStore } from './adapters/in-memory/in-memory-checkpoint-store';
import { InMemoryEventStore } from './adapters/in-memory/in-memory-event-store';
import { PostgresCheckpointStore } from './adapters/postgres/postgres-checkpoint-store';
import { PostgresEventStore } from './adapters/postgres/postgres-event-store';
import { SqliteCheckpointStore } from './adapters/sqlite/sqlite-checkpoint-store';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import { createEventStore } from './create-event-store';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from './testing/postgres-test-schema';
import { newEvent } from './testing/test-events';

describe('createEventStore', () => {
  const directory = mkdtempSync(join(tmpdir(), 'duban-event-store-factory-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('sqlite: a store and its checkpoints in one file, with the requested durability', async () => {
    const file = join(directory, 'factory.sqlite');
    const { store, checkpoints } = createEventStore({ kind: 'sqlite', sqlite: { file, synchronous: 'EXTRA' } });
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(checkpoints).toBeInstanceOf(SqliteCheckpointStore);
    await store.appendToStream('complaint-1', [newEvent()]);
    await checkpoints.store('projector', 1n);
    await store.close();

    const reopened = createEventStore({ kind: 'sqlite', sqlite: { file } });
    expect(await reopened.store.headPosition()).toBe(1n);
    expect(await reopened.checkpoints.load('projector')).toBe(1n);
    await reopened.store.close();
  });

  it('memory: in-memory store and checkpoints', async () => {
    const { store, checkpoints } = createEventStore({ kind: 'memory' });
    expect(store).toBeInstanceOf(InMemoryEventStore);
    expect(checkpoints).toBeInstanceOf(InMemoryCheckpointStore);
  });

  it('postgres: a store and its checkpoints in one schema, created on first use', async () => {
    const schema = uniqueTestSchema('factory');
    try {
      const { store, checkpoints } = createEventStore({ kind: 'postgres', postgres: { connectionString: testDatabaseUrl(), schema } });
      expect(store).toBeInstanceOf(PostgresEventStore);
      expect(checkpoints).toBeInstanceOf(PostgresCheckpointStore);
      await checkpoints.store('projector', 1n);
      const { position } = await store.appendToStream('complaint-1', [newEvent()]);
      await store.close();

      const reopened = createEventStore({ kind: 'postgres', postgres: { connectionString: testDatabaseUrl(), schema } });
      expect(await reopened.store.headPosition()).toBe(position);
      expect(await reopened.checkpoints.load('projector')).toBe(1n);
      await reopened.store.close();
    } finally {
      await dropTestSchemas([schema]);
    }
  });

  it('eventstoredb: builds the client-backed adapters without connecting until first use', async () => {
    const { store, checkpoints } = createEventStore({
      kind: 'eventstoredb',
      eventStoreDb: { connectionString: 'esdb://localhost:2113?tls=false' },
    });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    expect(checkpoints).toBeInstanceOf(EventStoreDbCheckpointStore);
    await store.close();
  });

  it('names the missing setting when the config is incomplete', () => {
    expect(() => createEventStore({ kind: 'sqlite' })).toThrow(/sqlite\.file/);
    expect(() => createEventStore({ kind: 'eventstoredb' })).toThrow(/eventStoreDb\.connectionString/);
    expect(() => createEventStore({ kind: 'postgres' })).toThrow(/postgres\.connectionString/);
    expect(() => createEventStore({ kind: 'cassandra' as never })).toThrow(/Unknown event store kind cassandra/);
  });
});
