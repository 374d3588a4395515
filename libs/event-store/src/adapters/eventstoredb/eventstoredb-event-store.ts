/**
 * EventStoreDB EventStore (@eventstore/db-client over gRPC).
 *
 * Guarantees come from the server: atomic appends, expected-revision checks and idempotent
 * re-append of the same event ids are EventStoreDB's own. Differences from the SQLite adapter:
 * - Positions pack (commit, prepare) into one bigint beyond 2^64 (see eventstoredb-position.ts).
 * - Event ids are not unique store-wide: a repeated id is recognised within its stream only.
 * - The chain fields travel in the metadata under reserved keys (see eventstoredb-mapping.ts).
 *   To chain an append to the stream's head, the adapter reads the stream's tail, decides the
 *   append as the other adapters do (planAppend) and writes with the head's exact revision, so
 *   the server refuses it if anyone appended meanwhile: a chain cannot fork. Appends with `any`
 *   or `stream_exists` then retry on the new head; exact expectations fail as asked.
 * - readAll, headPosition and subscriptions hide system ($) events and checkpoint streams.
 * - Subscriptions use the server's native catch-up subscribeToAll, filtered server-side by stream
 *   prefix (or event type, or excluding system events) and re-checked client-side.
 * - An append reads its events back to report their global positions and created times.
 */
import {
  BACKWARDS,
  END,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type Filter,
} from '@eventstore/db-client';
import { chainBatch } from '@duban/integrity';
import { planAppend } from '../../core/append-plan';
import { validateAppend, type ValidatedEvent } from '../../core/append-request';
import { matchesFilter } from '../../core/event-filter';
import { readStreamOrEmpty } from '../../core/read-pages';
import { EventStoreError, WrongExpectedVersionError } from '../../port/event-store.errors';
import type { EventStore } from '../../port/event-store';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventHandler,
  ExpectedRevision,
  GlobalPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamRevision,
  SubscribeToAllOptions,
  Subscription,
} from '../../port/event-store.port';
import { ActiveSubscriptions } from '../../subscription/active-subscriptions';
import type { EventFeed } from '../../subscription/catch-up-subscription';
import { collect, isInternalEvent, toRecordedEvent, toStoreError, withChainFields } from './eventstoredb-mapping';
import { toEventStoreDbPosition } from './eventstoredb-position';

/** Appends with `any` or `stream_exists` that keep losing the race for the head give up after this many tries. */
const MAX_CHAINING_ATTEMPTS = 100;

export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new ActiveSubscriptions();

  /** Takes ownership of `client`: close() disposes it. */
  constructor(private readonly client: EventStoreDBClient) {}

  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expectedRevision = options.expectedRevision ?? 'any';
    const validated = validateAppend(stream, events, expectedRevision);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendChained(stream, validated, expectedRevision);
      } catch (error) {
        const retryable = expectedRevision === 'any' || expectedRevision === 'stream_exists';
        if (!(error instanceof WrongExpectedVersionError) || !retryable || attempt >= MAX_CHAINING_ATTEMPTS) throw error;
      }
    }
  }

  /** One attempt: decide on the stream's tail, then write pinned to the head that was read. */
  private async appendChained(stream: string, events: ValidatedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const tail = await this.tailFor(stream, expected);
    const head = tail.at(-1);
    const currentRevision = head?.revision ?? 'no_stream';
    const plan = planAppend(stream, events, expected, currentRevision, new Map(tail.map((event) => [event.id, event])));
    if (plan.kind === 'already-appended') {
      const first = tail.findIndex((event) => event.revision === plan.firstRevision);
      return { ...plan.result, recorded: tail.slice(first, first + events.length) };
    }

    const chain = chainBatch(stream, plan.firstRevision, head?.integrity?.hash ?? null, events);
    const written = events.map((event, index) => jsonEvent({ ...event, metadata: withChainFields(event.metadata, chain[index]) }));
    try {
      const { nextExpectedRevision } = await this.client.appendToStream(stream, written, { expectedRevision: currentRevision });
      const recorded = await this.readAppended(stream, plan.firstRevision, events.length);
      return { nextExpectedRevision, position: recorded[recorded.length - 1].position, recorded };
    } catch (error) {
      const mapped = toStoreError(error, stream, currentRevision);
      // Report the caller's expectation, not the pinned revision it was translated to.
      throw mapped instanceof WrongExpectedVersionError ? new WrongExpectedVersionError(stream, expected, mapped.actual) : mapped;
    }
  }

  /**
   * What planAppend needs: the events from the expected revision on (the head, and any replayed
   * ids after it), or the whole stream when the ids may stand anywhere in it (`any`,
   * `stream_exists`). When the stream ends before the expected revision, only its head.
   */
  private async tailFor(stream: string, expected: ExpectedRevision): Promise<RecordedEvent[]> {
    const tail = await readStreamOrEmpty(this, stream, { from: typeof expected === 'bigint' ? expected : 'start' });
    if (tail.length > 0 || typeof expected !== 'bigint') return tail;
    return readStreamOrEmpty(this, stream, { direction: 'backwards', maxCount: 1 });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', from = direction === 'forwards' ? START : END, maxCount } = options;
    try {
      const read = this.client.readStream(stream, { direction, fromRevision: from, maxCount });
      return await collect(read, (resolved) => resolved.event && toRecordedEvent(resolved.event));
    } catch (error) {
      throw toStoreError(error, stream);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { fromPosition = 'start', maxCount, filter } = options;
    const from = fromPosition === 'start' ? START : toEventStoreDbPosition(fromPosition);
    try {
      // Filtering is client-side, so the server's count cannot be used: read until maxCount are kept.
      const read = this.client.readAll({ fromPosition: from });
      return await collect(read, (resolved) => visibleEvent(resolved, filter), maxCount);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    try {
      const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END });
      const [newest] = await collect(read, (resolved) => visibleEvent(resolved, undefined), 1);
      return newest?.position ?? 0n;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    return this.subscriptions.start(this.nativeFeed(options.filter), options, handler);
  }

  async ping(): Promise<void> {
    try {
      await collect(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), () => undefined);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }

  /** The server assigns positions and created times, so the appended events are read back for them. */
  private async readAppended(stream: string, firstRevision: StreamRevision, count: number): Promise<RecordedEvent[]> {
    const recorded = await this.readStream(stream, { from: firstRevision, maxCount: count });
    if (recorded.length < count) throw new EventStoreError(`Appended events ${stream}@${firstRevision} could not be read back`);
    return recorded;
  }

  private nativeFeed(filter: EventFilter | undefined): EventFeed {
    const client = this.client;
    return async function* (after, signal) {
      const subscription = client.subscribeToAll({
        fromPosition: after === 'start' ? START : toEventStoreDbPosition(after),
        filter: serverSideFilter(filter),
      });
      const events = subscription[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await nextUnlessAborted(events, signal);
          if (!next || next.done) return;
          const event = visibleEvent(next.value, filter);
          if (event) yield event;
        }
      } catch (error) {
        throw toStoreError(error);
      } finally {
        await subscription.unsubscribe();
      }
    };
  }
}

/**
 * Cancelling a gRPC stream does not reliably end its iterator, so a stop must not wait for it.
 * (Not Promise.race against one long-lived abort promise: that would pile up a reaction per event.)
 */
function nextUnlessAborted<T>(iterator: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T> | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    iterator
      .next()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function visibleEvent(resolved: AllStreamResolvedEvent, filter: EventFilter | undefined): RecordedEvent | undefined {
  if (!resolved.event || isInternalEvent(resolved.event)) return undefined;
  const event = toRecordedEvent(resolved.event);
  return matchesFilter(event, filter) ? event : undefined;
}

/** Narrows what the server sends; visibleEvent still applies the full filter to what arrives. */
function serverSideFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes });
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes });
  return excludeSystemEvents();
}
