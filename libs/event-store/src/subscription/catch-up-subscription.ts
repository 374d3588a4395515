import { EventStoreUnavailableError } from '../port/event-store.errors';
import type { EventHandler, GlobalPosition, RecordedEvent, SubscribeToAllOptions, Subscription } from '../port/event-store.port';
import { interruptibleSleep } from './interruptible-sleep';

/**
 * Where a subscription gets its events: those after `after` that match the subscription's filter,
 * in global order, history then live, until `signal` aborts. Throws when its connection fails;
 * the subscription then opens a new feed after the last handled event.
 */
export type EventFeed = (after: GlobalPosition | 'start', signal: AbortSignal) => AsyncIterable<RecordedEvent>;

const DEFAULT_INITIAL_DELAY_MS = 100;
const DEFAULT_MAX_DELAY_MS = 30_000;

/** The one subscription loop every adapter uses; adapters differ only in their EventFeed. */
export function startCatchUpSubscription(feed: EventFeed, options: SubscribeToAllOptions, handler: EventHandler): Subscription {
  const controller = new AbortController();
  const running = runSubscription(feed, options, handler, controller.signal);
  return {
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

async function runSubscription(feed: EventFeed, options: SubscribeToAllOptions, handler: EventHandler, signal: AbortSignal): Promise<void> {
  const { checkpoint } = options;
  const onDropped = options.onDropped ?? warnDropped(checkpoint?.name);
  let after: GlobalPosition | 'start' | undefined;
  let consecutiveFailures = 0;
  while (!signal.aborted) {
    try {
      // Loaded inside the loop so that a failing checkpoint store is retried like any other failure.
      after ??= (checkpoint && (await checkpoint.store.load(checkpoint.name))) ?? options.afterPosition ?? 'start';
      for await (const event of feed(after, signal)) {
        if (signal.aborted) break;
        // A reconnecting feed may repeat what was handled already; each event is delivered once.
        if (after !== 'start' && event.position <= after) continue;
        await handler(event);
        await checkpoint?.store.store(checkpoint.name, event.position);
        after = event.position;
        consecutiveFailures = 0;
      }
      if (!signal.aborted) throw new EventStoreUnavailableError('Subscription feed ended unexpectedly');
    } catch (error) {
      if (signal.aborted) break;
      const delay = backOff(options, consecutiveFailures++);
      reportDrop(onDropped, error, delay);
      await interruptibleSleep(delay, signal).done;
    }
  }
}

function backOff(options: SubscribeToAllOptions, consecutiveFailures: number): number {
  const initial = options.retry?.initialDelayMs ?? DEFAULT_INITIAL_DELAY_MS;
  const max = options.retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  return Math.min(max, initial * 2 ** Math.min(consecutiveFailures, 30));
}

/** Nobody awaits the loop until stop(), so a throwing observer would be an unhandled rejection. */
function reportDrop(onDropped: (error: unknown, retryInMs: number) => void, error: unknown, delay: number): void {
  try {
    onDropped(error, delay);
  } catch (observerError) {
    console.error('Event-store subscription onDropped callback threw:', observerError);
  }
}

function warnDropped(name: string | undefined): (error: unknown, retryInMs: number) => void {
  return (error, retryInMs) => console.warn(`Event-store subscription ${name ?? '(unnamed)'} dropped, resuming in ${retryInMs} ms:`, error);
}
