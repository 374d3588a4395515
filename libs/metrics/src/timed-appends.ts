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
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendToStream') return timedAppend;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
