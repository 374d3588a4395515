import type { GlobalPosition, RecordedEvent } from '../port/event-store.port';
import { InMemoryCheckpointStore } from '../adapters/in-memory/in-memory-checkpoint-store';
import { waitFor } from '../testing/test-events';
import { startCatchUpSubscription, type EventFeed } from './catch-up-subscription';

const event = (position: bigint): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
  stream: 'complaint-1',
  revision: position - 1n,
  position,
  type: 'Tested',
  data: {},
  metadata: {},
  createdAt: new Date(0),
});

/** A feed scripted per connection: each entry is what one opened feed yields before failing, or stays open. */
function scriptedFeed(connections: { events: bigint[]; then: 'fail' | 'stay-open' | 'end' }[]) {
  const openedAfter: (GlobalPosition | 'start')[] = [];
  const feed: EventFeed = async function* (after, signal) {
    openedAfter.push(after);
    const connection = connections[openedAfter.length - 1] ?? { events: [], then: 'stay-open' };
    for (const position of connection.events) yield event(position);
    if (connection.then === 'fail') throw new Error(`connection ${openedAfter.length} dropped`);
    if (connection.then === 'stay-open') await new Promise((resolve) => signal.addEventListener('abort', resolve));
  };
  return { feed, openedAfter };
}

describe('catch-up subscription loop', () => {
  const retry = { initialDelayMs: 5, maxDelayMs: 20 };

  it('resumes after a dropped connection from the last handled event, skipping what a new feed repeats', async () => {
    const { feed, openedAfter } = scriptedFeed([
      { events: [1n, 2n], then: 'fail' },
      { events: [2n, 3n], then: 'stay-open' },
    ]);
    const handled: bigint[] = [];
    const drops: string[] = [];
    const subscription = startCatchUpSubscription(
      feed,
      { retry, onDropped: (error) => drops.push((error as Error).message) },
      async (delivered) => void handled.push(delivered.position),
    );

    await waitFor(() => handled.length === 3, 'three events');
    await subscription.stop();
    expect(handled).toEqual([1n, 2n, 3n]);
    expect(openedAfter).toEqual(['start', 2n]);
    expect(drops).toEqual(['connection 1 dropped']);
  });

  it('backs off exponentially up to the ceiling, and resets after a success', async () => {
    const { feed } = scriptedFeed([
      { events: [], then: 'fail' },
      { events: [], then: 'fail' },
      { events: [], then: 'fail' },
      { events: [], then: 'fail' },
      { events: [1n], then: 'fail' },
      { events: [], then: 'fail' },
    ]);
    const delays: number[] = [];
    const subscription = startCatchUpSubscription(feed, { retry, onDropped: (_, delay) => delays.push(delay) }, async () => {});

    await waitFor(() => delays.length === 6, 'six drops');
    await subscription.stop();
    expect(delays).toEqual([5, 10, 20, 20, 5, 10]);
  });

  it('starts after the stored checkpoint rather than afterPosition, and stores each handled position', async () => {
    const checkpoints = new InMemoryCheckpointStore();
    await checkpoints.store('projector', 4n);
    const { feed, openedAfter } = scriptedFeed([{ events: [5n, 6n], then: 'stay-open' }]);
    const handled: bigint[] = [];
    const subscription = startCatchUpSubscription(
      feed,
      { afterPosition: 1n, checkpoint: { store: checkpoints, name: 'projector' } },
      async (delivered) => void handled.push(delivered.position),
    );

    await waitFor(() => handled.length === 2, 'two events');
    await subscription.stop();
    expect(openedAfter).toEqual([4n]);
    expect(await checkpoints.load('projector')).toBe(6n);
  });

  it('retries a failing checkpoint store like any other failure', async () => {
    let loads = 0;
    const flakyCheckpoints = {
      load: async () => {
        if (++loads === 1) throw new Error('checkpoint table locked');
        return 1n;
      },
      store: async () => {},
    };
    const { feed, openedAfter } = scriptedFeed([{ events: [2n], then: 'stay-open' }]);
    const handled: bigint[] = [];
    const subscription = startCatchUpSubscription(
      feed,
      { retry, onDropped: () => {}, checkpoint: { store: flakyCheckpoints, name: 'projector' } },
      async (delivered) => void handled.push(delivered.position),
    );

    await waitFor(() => handled.length === 1, 'an event after the retried load');
    await subscription.stop();
    expect(openedAfter).toEqual([1n]);
  });

  it('treats a feed that ends on its own as a drop and reconnects', async () => {
    const { feed, openedAfter } = scriptedFeed([{ events: [1n], then: 'end' }]);
    const drops: unknown[] = [];
    const subscription = startCatchUpSubscription(feed, { retry, onDropped: (error) => drops.push(error) }, async () => {});

    await waitFor(() => openedAfter.length === 2, 'a reconnect');
    await subscription.stop();
    expect(openedAfter).toEqual(['start', 1n]);
    expect(drops).toEqual([expect.objectContaining({ message: 'Subscription feed ended unexpectedly' })]);
  });

  it('keeps going when the onDropped observer itself throws', async () => {
    const { feed } = scriptedFeed([
      { events: [], then: 'fail' },
      { events: [1n], then: 'stay-open' },
    ]);
    const handled: bigint[] = [];
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
    const subscription = startCatchUpSubscription(
      feed,
      {
        retry,
        onDropped: () => {
          throw new Error('logger broken');
        },
      },
      async (delivered) => void handled.push(delivered.position),
    );

    await waitFor(() => handled.length === 1, 'an event after the drop');
    await subscription.stop();
    expect(consoleError).toHaveBeenCalledTimes(1);
    consoleError.mockRestore();
  });

  it('stop() during a back-off returns without waiting for the delay', async () => {
    const { feed } = scriptedFeed([{ events: [], then: 'fail' }]);
    const subscription = startCatchUpSubscription(feed, { retry: { initialDelayMs: 60_000 }, onDropped: () => {} }, async () => {});
    await new Promise((resolve) => setTimeout(resolve, 10));

    const startedAt = Date.now();
    await subscription.stop();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});
