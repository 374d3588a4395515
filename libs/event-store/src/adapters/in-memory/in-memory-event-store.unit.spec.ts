import { itWakesSubscriptionsOnAppend } from '../../testing/append-wake-up.contract';
import { describeEventStoreContract } from '../../testing/event-store.contract';
import { describeProjectionStateStoreContract } from '../../testing/projection-state-store.contract';
import { newEvent } from '../../testing/test-events';
import { InMemoryCheckpointStore } from './in-memory-checkpoint-store';
import { InMemoryEventStore } from './in-memory-event-store';
import { InMemoryProjectionStateStore } from './in-memory-projection-state-store';

describeEventStoreContract('in-memory', async () => ({
  store: new InMemoryEventStore(),
  checkpoints: new InMemoryCheckpointStore(),
}));

describeProjectionStateStoreContract('in-memory', async () => ({ store: new InMemoryEventStore(), projectionState: new InMemoryProjectionStateStore() }));

describe('InMemoryEventStore', () => {
  it('starts empty: head position 0n', async () => {
    await expect(new InMemoryEventStore().headPosition()).resolves.toBe(0n);
  });

  itWakesSubscriptionsOnAppend(() => new InMemoryEventStore({ pollIntervalMs: 60_000 }));

  it('does not let callers mutate recorded events', async () => {
    const store = new InMemoryEventStore();
    const event = newEvent('Opened', { nested: { amount: 1 } });
    await store.appendToStream('complaint-1', [event]);
    (event.data.nested as { amount: number }).amount = 2;
    const [read] = await store.readStream('complaint-1');
    (read.data.nested as { amount: number }).amount = 3;

    expect((await store.readStream('complaint-1'))[0].data).toEqual({ nested: { amount: 1 } });
  });
});
