import { InMemoryEventStore, type EventStore } from '@duban/event-store';
import { Histogram, Registry } from 'prom-client';
import { withTimedAppends } from './timed-appends';

describe('withTimedAppends', () => {
  const histogram = () => new Histogram({ name: 'appends', help: 'appends', registers: [new Registry()] });
  const countOf = async (timed: Histogram) => (await timed.get()).values.find((value) => value.metricName === 'appends_count')?.value;

  it('times each append and leaves every other method to the store', async () => {
    const timed = histogram();
    const store = withTimedAppends(new InMemoryEventStore(), timed);
    await store.appendToStream('s-1', [{ id: '00000000-0000-4000-8000-000000000001', type: 'Happened', data: {} }]);
    await store.appendToStream('s-1', [{ id: '00000000-0000-4000-8000-000000000002', type: 'Happened', data: {} }]);
    expect(await countOf(timed)).toBe(2);
    expect((await store.readStream('s-1')).map((event) => event.type)).toEqual(['Happened', 'Happened']);
    expect(await store.headPosition()).toBe(2n);
  });

  it('lets its append be replaced by a wrapper of it, as tests slow appends down, without looping', async () => {
    const timed = histogram();
    const store: EventStore = withTimedAppends(new InMemoryEventStore(), timed);
    const original = store.appendToStream.bind(store);
    let wrapped = 0;
    store.appendToStream = async (...args) => {
      wrapped += 1;
      return original(...args);
    };
    await store.appendToStream('s-1', [{ id: '00000000-0000-4000-8000-000000000003', type: 'Happened', data: {} }]);
    expect(wrapped).toBe(1);
    expect(await countOf(timed)).toBe(1);
  });
});
