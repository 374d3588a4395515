import type { EventStore } from '../port/event-store';
import { newEvent, waitFor } from './test-events';

/**
 * For adapters whose live subscriptions poll: an append through the same store object must wake
 * its subscriptions at once. `openWithSlowPolling` opens a store whose poll interval is a minute,
 * so only the wake-up can deliver the event in time.
 */
export function itWakesSubscriptionsOnAppend(openWithSlowPolling: () => EventStore | Promise<EventStore>): void {
  it('wakes its own subscriptions on append instead of waiting for the poll interval', async () => {
    const store = await openWithSlowPolling();
    const seen: string[] = [];
    store.subscribeToAll({}, async (event) => void seen.push(event.id));
    await new Promise((resolve) => setTimeout(resolve, 20));

    const event = newEvent();
    await store.appendToStream('complaint-1', [event]);

    await waitFor(() => seen.length === 1, 'the live event', 1_000);
    expect(seen).toEqual([event.id]);
    await store.close();
  });
}
