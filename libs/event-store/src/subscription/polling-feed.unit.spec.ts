import { InMemoryEventStore } from '../adapters/in-memory/in-memory-event-store';
import type { RecordedEvent } from '../port/event-store.port';
import { newEvent } from '../testing/test-events';
import { AppendSignal } from './append-signal';
import { pollingFeed } from './polling-feed';

describe('polling feed', () => {
  async function take(feed: AsyncIterable<RecordedEvent>, count: number): Promise<RecordedEvent[]> {
    const taken: RecordedEvent[] = [];
    for await (const event of feed) {
      taken.push(event);
      if (taken.length === count) break;
    }
    return taken;
  }

  it('pages through history after the given position, each event once, even one event per page', async () => {
    const store = new InMemoryEventStore();
    const events = Array.from({ length: 5 }, () => newEvent());
    const { position: afterSecond } = await store.appendToStream('complaint-1', events.slice(0, 2));
    await store.appendToStream('complaint-1', events.slice(2));
    const feed = pollingFeed(store, new AppendSignal(), undefined, { batchSize: 1, pollIntervalMs: 10_000 });

    const fromStart = await take(feed('start', new AbortController().signal), 5);
    const afterTwo = await take(feed(afterSecond, new AbortController().signal), 3);

    expect(fromStart.map((event) => event.id)).toEqual(events.map((event) => event.id));
    expect(afterTwo.map((event) => event.id)).toEqual(events.slice(2).map((event) => event.id));
  });

  it('wakes on the append signal long before the poll interval', async () => {
    const store = new InMemoryEventStore();
    const appended = new AppendSignal();
    const feed = pollingFeed(store, appended, undefined, { pollIntervalMs: 60_000 });
    const next = take(feed('start', new AbortController().signal), 1);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const event = newEvent();
    await store.appendToStream('complaint-1', [event]);
    appended.notify();

    const startedAt = Date.now();
    expect((await next).map((recorded) => recorded.id)).toEqual([event.id]);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });

  it('finds events appended elsewhere at the next poll, and ends when aborted', async () => {
    const store = new InMemoryEventStore();
    const controller = new AbortController();
    const feed = pollingFeed(store, new AppendSignal(), undefined, { pollIntervalMs: 20 });
    const iterator = feed('start', controller.signal)[Symbol.asyncIterator]();
    const next = iterator.next();
    const event = newEvent();
    await store.appendToStream('complaint-1', [event]); // this store's own signal is not the feed's

    expect((await next).value?.id).toBe(event.id);
    const ended = iterator.next();
    controller.abort();
    await expect(ended).resolves.toEqual({ done: true, value: undefined });
  });
});
