import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyEventLog, openSqliteEventStore, type CheckpointStore, type EventStore } from '@duban/event-store';
import { EventStoreDbCheckpointStore } from '../../event-store/src/adapters/eventstoredb/eventstoredb-checkpoint-store';
import { EventStoreDbEventStore } from '../../event-store/src/adapters/eventstoredb/eventstoredb-event-store';
import { FakeEventStoreDbClient } from '../../event-store/src/adapters/eventstoredb/testing/fake-eventstoredb-client';
import { recordIntegrityCheckpoint } from './record-checkpoint';
import { verifyStore } from './verify-store';
import { verifyStream } from './verify-stream';

// Issue 20 defect 11: a migration copies the integrity-checkpoints stream, whose upToPosition
// values are the source's positions. EventStoreDB's exceed 2^64 (there, over a FAKE server, not a
// real EventStoreDB), which SQLite cannot even take as a parameter.
const directory = mkdtempSync(join(tmpdir(), 'duban-migrated-checkpoints-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const note = (index: number) => ({ id: randomUUID(), type: 'Noted', data: { index }, metadata: { actorId: 'handler.haicheng' } });

async function fill(store: EventStore, streams: string[], perStream: number): Promise<void> {
  for (const stream of streams) for (let index = 0; index < perStream; index++) await store.appendToStream(stream, [note(index)]);
}

type Opened = { store: EventStore; checkpoints: CheckpointStore };
const sqlite = (): Opened => openSqliteEventStore({ file: join(directory, `${randomUUID()}.sqlite`), synchronous: 'NORMAL' });
const eventStoreDb = (): Opened => {
  const fake = new FakeEventStoreDbClient();
  return { store: new EventStoreDbEventStore(fake.client), checkpoints: new EventStoreDbCheckpointStore(fake.client, { minIntervalMs: 0 }) };
};

describe('integrity checkpoints across a migration', () => {
  const pairs: [string, string, () => Opened, () => Opened][] = [
    ['EventStoreDB (fake server)', 'SQLite', eventStoreDb, sqlite],
    ['SQLite', 'EventStoreDB (fake server)', sqlite, eventStoreDb],
  ];

  it.each(pairs)('from %s into %s: the chain restarts on the target positions, and the store verifies', async (_source, _target, openSource, openTarget) => {
    const { store: source } = openSource();
    await fill(source, ['complaint-1', 'complaint-2'], 3);
    expect(await recordIntegrityCheckpoint(source)).toMatchObject({ sequence: 1 });
    await fill(source, ['complaint-1', 'complaint-3'], 2); // after the checkpoint: not anchored in the source yet

    const target = openTarget();
    try {
      expect(await copyEventLog(source, target.store, { checkpoints: target.checkpoints })).toMatchObject({ finished: true });
      const restart = await recordIntegrityCheckpoint(target.store);
      expect(restart).toMatchObject({ sequence: 2, restartsAfterMigration: true });
      expect(restart!.streams.map((head) => [head.stream, head.revision])).toEqual([
        ['complaint-1', '4'],
        ['complaint-2', '2'],
        ['complaint-3', '1'],
      ]);
      expect(await verifyStore(target.store)).toMatchObject({ valid: true, checkpoints: 2, unanchoredEvents: 0, breaks: [] });

      await fill(target.store, ['complaint-2', 'complaint-4'], 1);
      const next = await recordIntegrityCheckpoint(target.store);
      expect(next).toMatchObject({ sequence: 3 });
      expect(next).not.toHaveProperty('restartsAfterMigration');
      expect(next!.streams.map((head) => head.stream)).toEqual(['complaint-2', 'complaint-4']);
      expect(await verifyStore(target.store)).toMatchObject({ valid: true, checkpoints: 3, unanchoredEvents: 0 });
      expect(await verifyStream(target.store, 'complaint-1')).toMatchObject({ valid: true, anchor: { checkpoint: 2 } });
    } finally {
      await target.store.close();
      await source.close();
    }
  });
});
