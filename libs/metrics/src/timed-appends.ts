import type { EventStore } from '@duban/event-store';
import type { Histogram } from 'prom-client';

/**
 * The store with every append timed into `histogram`; everything else is the store itself. A
 * proxy rather than a delegating class, so the port can grow without a second copy of it here.
 */
export function withTimedAppends(store: EventStore, histogram: Histogram): EventStore {
  const timedAppend: EventStore['appendToStream'] = async (...args) => {
    const stop = histogram.startTimer();
    try {
      return await store.appendToStream(...args);
    } finally {
      stop();
    }
  };
  // The proxy's own appendToStream, as an object's would be: replacing it (tests slow appends down
  // that way) wraps the timed append instead of the store's, which the timed one still calls.
  let append = timedAppend;
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendToStream') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value.bind(target) as unknown) : value;
    },
    set(target, property, value: unknown) {
      if (property !== 'appendToStream') return Reflect.set(target, property, value, target);
      append = value as EventStore['appendToStream'];
      return true;
    },
  });
}
