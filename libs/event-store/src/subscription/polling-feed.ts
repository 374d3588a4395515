import type { EventFilter } from '../port/event-store.port';
import type { EventStore } from '../port/event-store';
import type { AppendSignal } from './append-signal';
import type { EventFeed } from './catch-up-subscription';
import { interruptibleSleep } from './interruptible-sleep';

export interface PollingOptions {
  /** How often to look for events appended by other processes (same-process appends wake at once). Default 100 ms. */
  pollIntervalMs?: number;
  /** Events read per query while catching up. Default 500. */
  batchSize?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_BATCH_SIZE = 500;

/**
 * A feed built on readAll: pages through history, then waits for the in-process append signal or
 * the poll interval, whichever comes first. Suits stores that other processes may write to but
 * that cannot push (a shared SQLite file).
 */
export function pollingFeed(store: Pick<EventStore, 'readAll'>, appended: AppendSignal, filter: EventFilter | undefined, options: PollingOptions = {}): EventFeed {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  return async function* (after, signal) {
    let appendedSinceRead: boolean;
    let wakeEarly: (() => void) | undefined;
    const stopListening = appended.listen(() => {
      appendedSinceRead = true;
      wakeEarly?.();
    });
    try {
      // Positions are integers, so "after p" is "from p + 1" for readAll's inclusive fromPosition.
      let from = after === 'start' ? ('start' as const) : after + 1n;
      while (!signal.aborted) {
        appendedSinceRead = false;
        const batch = await store.readAll({ fromPosition: from, maxCount: batchSize, filter });
        for (const event of batch) {
          yield event;
          from = event.position + 1n;
        }
        if (batch.length < batchSize && !appendedSinceRead) {
          const sleep = interruptibleSleep(pollIntervalMs, signal);
          wakeEarly = sleep.wake;
          await sleep.done;
          wakeEarly = undefined;
        }
      }
    } finally {
      stopListening();
    }
  };
}
