import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { copyEventLog } from '../../migration/copy-event-log';
import { EventStoreFullError } from '../../port/event-store.errors';
import { newEvent } from '../../testing/test-events';
import { EventStoreDbCheckpointStore } from './eventstoredb-checkpoint-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';
import { FakeEventStoreDbClient, SERVER_MAX_APPEND_SIZE } from './testing/fake-eventstoredb-client';

// copyEventLog into the adapter over the FAKE server (fake-eventstoredb-client.ts), which refuses
// appends over 1 MiB as the server does by default. Not a real EventStoreDB.
function openTarget() {
  const fake = new FakeEventStoreDbClient();
  return { fake, store: new EventStoreDbEventStore(fake.client), checkpoints: new EventStoreDbCheckpointStore(fake.client, { minIntervalMs: 0 }) };
}

async function sourceWith(streams: string[], eventsPerStream: number, text = 'x'): Promise<InMemoryEventStore> {
  const source = new InMemoryEventStore();
  for (const stream of streams) {
    for (let index = 0; index < eventsPerStream; index++) await source.appendToStream(stream, [newEvent('ComplaintNoted', { text })]);
  }
  return source;
}

describe('migration into EventStoreDB (fake server)', () => {
  it('defect 2: a second source copied into the same target is copied whole, from its own beginning', async () => {
    const target = openTarget();
    const first = await sourceWith(['complaint-a1', 'complaint-a2'], 3);
    const second = await sourceWith(['complaint-b1'], 4);

    expect(await copyEventLog(first, target.store, { checkpoints: target.checkpoints })).toMatchObject({ copied: 6, finished: true });
    expect(await copyEventLog(second, target.store, { checkpoints: target.checkpoints })).toMatchObject({ copied: 4, finished: true });
    expect(await target.store.readStream('complaint-b1')).toHaveLength(4);
    // Each source resumes from its own checkpoint: running either again copies nothing new.
    expect(await copyEventLog(first, target.store, { checkpoints: target.checkpoints })).toMatchObject({ copied: 0, finished: true });
  });

  it('defect 3: a page of one stream larger than the 1 MiB append limit is copied in appends under it', async () => {
    const target = openTarget();
    const text = 'x'.repeat(100_000);
    const source = await sourceWith(['complaint-big'], 30, text); // about 3 MB in one stream, one page

    expect(await copyEventLog(source, target.store, { checkpoints: target.checkpoints })).toMatchObject({ copied: 30, finished: true });
    const copied = await target.store.readStream('complaint-big');
    expect(copied.map((event) => event.id)).toEqual((await source.readStream('complaint-big')).map((event) => event.id));
    expect(copied.at(-1)!.integrity).toEqual((await source.readStream('complaint-big')).at(-1)!.integrity);
  });

  it('defect 3: an event over the limit on its own is EventStoreFullError, nothing of it written', async () => {
    const target = openTarget();
    const source = await sourceWith(['complaint-huge'], 1, 'x'.repeat(SERVER_MAX_APPEND_SIZE + 1));
    await expect(copyEventLog(source, target.store, { checkpoints: target.checkpoints })).rejects.toBeInstanceOf(EventStoreFullError);
    expect(await target.store.readAll()).toEqual([]);
  });
});
