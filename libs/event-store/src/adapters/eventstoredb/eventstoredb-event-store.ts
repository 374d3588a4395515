/**
 * EventStoreDB EventStore (@eventstore/db-client over gRPC). Not yet run against a real server:
 * its tests use a fake of the server behind the client's API (see README.md).
 *
 * Guarantees come from the server: atomic appends and expected-revision checks are EventStoreDB's
 * own. Differences from the SQLite adapter:
 * - Positions pack (commit, prepare) into one bigint beyond 2^64 (see eventstoredb-position.ts).
 * - Event ids are unique store-wide as the port demands, which the server does not check across
 *   streams: before an append, each id is reserved in its own stream (`duban_event_id-<id>`,
 *   created with `no_stream`) naming the stream it goes to; an id reserved for another stream is
 *   a DuplicateEventIdError. An append costs one small extra append per event for this.
 * - The chain fields travel in the metadata under reserved keys (see eventstoredb-mapping.ts).
 *   To chain an append to the stream's head, the adapter reads the stream's head (the whole stream
 *   only when a reserved id says the batch may already stand in it), decides the append as the
 *   other adapters do (planAppend) and writes with the head's exact revision, so the server
 *   refuses it if anyone appended meanwhile: a chain cannot fork. When the server refuses that
 *   pinned write, appends with `any` or `stream_exists` retry on the new head after a short
 *   jittered pause (a few times); exact expectations fail as asked.
 * - Every call requires the leader, so that after an election nothing reads a stale follower;
 *   a call answered "not leader" is repeated once (the client has reconnected to the leader).
 * - Reads fail after `readDeadlineMs` (the client itself gives reads no deadline).
 * - readAll, headPosition and subscriptions hide system ($) events, bookkeeping streams and
 *   events that are not JSON (another application's, on a shared server).
 * - A filtered readAll and subscriptions use the server's catch-up subscribeToAll, filtered
 *   server-side by stream prefix (or event type, or excluding system events) and re-checked
 *   client-side; a filtered readAll ends at the head it read first.
 * - An append reads its events back to report their global positions and created times; if that
 *   read fails after the server committed the append, the outcome is reported as unknown
 *   (EventStoreUnavailableError) and a retry with the same ids is the idempotent no-op.
 */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type EventStoreDBClient,
  type Filter,
  type Position,
  type StreamingRead,
} from '@eventstore/db-client';
import { chainBatch } from '@duban/integrity';
import { planAppend } from '../../core/append-plan';
import { validateAppend, type ValidatedEvent } from '../../core/append-request';
import { matchesFilter } from '../../core/event-filter';
import { readStreamOrEmpty } from '../../core/read-pages';
import { DuplicateEventIdError, EventStoreUnavailableError, WrongExpectedVersionError } from '../../port/event-store.errors';
import type { EventStore } from '../../port/event-store';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventHandler,
  ExpectedRevision,
  GlobalPosition,
  LeanReadAllOptions,
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
import {
  EVENT_ID_STREAM_PREFIX,
  LEADER,
  collect,
  isInternalEvent,
  isJsonObject,
  retryOnceOnNotLeader,
  toRecordedEvent,
  toStoreError,
  withChainFields,
} from './eventstoredb-mapping';
import { toEventStoreDbPosition, toGlobalPosition } from './eventstoredb-position';

export interface EventStoreDbOptions {
  /** A read not finished after this long fails as unavailable. Default 10 s (the client's deadline for appends). */
  readonly readDeadlineMs?: number;
  /** Runs first in close(), while the client is still connected (the checkpoint store's last write). */
  readonly beforeClose?: () => Promise<void>;
}

/** Appends with `any` or `stream_exists` whose pinned write the server keeps refusing give up after this many tries. */
const MAX_CHAINING_ATTEMPTS = 10;
/** Id reservations written at once by one append (a migration appends up to a thousand events). */
const RESERVATIONS_IN_FLIGHT = 32;

/** An attempt whose pinned write the server refused: the head moved after it was read. */
type Attempt = { appended: AppendResult } | { lostRace: WrongExpectedVersionError };

export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new ActiveSubscriptions();
  private readonly readDeadlineMs: number;

  /** Takes ownership of `client`: close() disposes it. */
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbOptions = {},
  ) {
    this.readDeadlineMs = options.readDeadlineMs ?? 10_000;
  }

  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expectedRevision = options.expectedRevision ?? 'any';
    const validated = validateAppend(stream, events, expectedRevision);
    const mayStandAlready = await this.reserveIds(stream, validated);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.appendChained(stream, validated, expectedRevision, mayStandAlready);
      if ('appended' in outcome) return outcome.appended;
      const retryable = expectedRevision === 'any' || expectedRevision === 'stream_exists';
      if (!retryable || attempt >= MAX_CHAINING_ATTEMPTS) throw outcome.lostRace;
      // Full jitter: contenders that read the same head should not all come back at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 50)));
    }
  }

  /**
   * Reserves each id for `stream`; true when some id was reserved for it before (an earlier try
   * of this append, which may have been written). An id reserved for another stream is refused.
   * A reservation stays when the append then fails: the id belongs to that stream from then on.
   */
  private async reserveIds(stream: string, events: readonly ValidatedEvent[]): Promise<boolean> {
    let reservedBefore = false;
    for (let from = 0; from < events.length; from += RESERVATIONS_IN_FLIGHT) {
      const owners = await Promise.all(events.slice(from, from + RESERVATIONS_IN_FLIGHT).map((event) => this.reserveId(stream, event.id)));
      reservedBefore ||= owners.includes('reserved-before');
    }
    return reservedBefore;
  }

  private async reserveId(stream: string, id: string): Promise<'reserved-now' | 'reserved-before'> {
    const reservation = EVENT_ID_STREAM_PREFIX + id;
    // A fresh id for the reservation event: a repeated reservation must be refused, not be the server's idempotent no-op.
    const claim = jsonEvent({ id: randomUUID(), type: 'EventIdReserved', data: { stream } });
    let written: ClientAppendResult | undefined;
    try {
      written = await retryOnceOnNotLeader(() => this.client.appendToStream(reservation, claim, { expectedRevision: 'no_stream', ...LEADER }));
    } catch (error) {
      const mapped = toStoreError(error, reservation);
      if (!(mapped instanceof WrongExpectedVersionError)) throw mapped;
    }
    if (written?.success) return 'reserved-now';
    const [owner] = await this.readEvents(
      () => this.client.readStream(reservation, { maxCount: 1, ...LEADER }),
      (resolved) => (resolved.event?.data as { stream?: string })?.stream,
      reservation,
    );
    if (owner !== stream) throw new DuplicateEventIdError(id, owner ?? '(unknown)');
    return 'reserved-before';
  }

  /** One attempt: decide on the stream's tail, then write pinned to the head that was read. */
  private async appendChained(stream: string, events: ValidatedEvent[], expected: ExpectedRevision, mayStandAlready: boolean): Promise<Attempt> {
    const tail = await this.tailFor(stream, expected, mayStandAlready);
    const head = tail.at(-1);
    const currentRevision = head?.revision ?? 'no_stream';
    const plan = planAppend(stream, events, expected, currentRevision, new Map(tail.map((event) => [event.id, event])));
    if (plan.kind === 'already-appended') {
      const first = tail.findIndex((event) => event.revision === plan.firstRevision);
      return { appended: { ...plan.result, recorded: tail.slice(first, first + events.length) } };
    }

    const chain = chainBatch(stream, plan.firstRevision, head?.integrity?.hash ?? null, events);
    const written = events.map((event, index) => jsonEvent({ ...event, metadata: withChainFields(event.metadata, chain[index]) }));
    let result: ClientAppendResult;
    try {
      result = await retryOnceOnNotLeader(() => this.client.appendToStream(stream, written, { expectedRevision: currentRevision, ...LEADER }));
    } catch (error) {
      const mapped = toStoreError(error, stream, currentRevision);
      // Report the caller's expectation, not the pinned revision it was translated to.
      if (mapped instanceof WrongExpectedVersionError) return { lostRace: new WrongExpectedVersionError(stream, expected, mapped.actual) };
      throw mapped;
    }
    // With throwOnAppendFailure=false the client answers a refusal this way; its revision is not to be trusted (6.2.1's batch append puts a boolean there).
    if (!result.success) {
      const [newHead] = await readStreamOrEmpty(this, stream, { direction: 'backwards', maxCount: 1 });
      return { lostRace: new WrongExpectedVersionError(stream, expected, newHead?.revision ?? 'no_stream') };
    }
    const recorded = await this.readAppended(stream, plan.firstRevision, events.length);
    return { appended: { nextExpectedRevision: result.nextExpectedRevision, position: recorded[recorded.length - 1].position, recorded } };
  }

  /**
   * What planAppend needs: when an id was reserved before (a retry only), the whole stream, since
   * the batch may stand anywhere in it (and an id standing elsewhere in it is a duplicate);
   * otherwise the events from an exact expected revision on (the head, and any replayed ids after
   * it), or just the head.
   */
  private async tailFor(stream: string, expected: ExpectedRevision, mayStandAlready: boolean): Promise<RecordedEvent[]> {
    if (mayStandAlready) return readStreamOrEmpty(this, stream);
    if (typeof expected === 'bigint') {
      const tail = await readStreamOrEmpty(this, stream, { from: expected });
      if (tail.length > 0) return tail;
    }
    return readStreamOrEmpty(this, stream, { direction: 'backwards', maxCount: 1 });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', from = direction === 'forwards' ? START : END, maxCount } = options;
    return this.readEvents(
      () => this.client.readStream(stream, { direction, fromRevision: from, maxCount, ...LEADER }),
      (resolved) => resolved.event && toRecordedEvent(resolved.event),
      stream,
    );
  }

  /** A lean read gets full events too: the client converts every event it receives anyway. */
  async readAll(options: ReadAllOptions | LeanReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { fromPosition = 'start', maxCount, filter } = options;
    const from = fromPosition === 'start' ? START : toEventStoreDbPosition(fromPosition);
    if (filter) return this.readAllFiltered(from, filter, maxCount);
    // Hidden events are dropped client-side, so the server's count cannot be used: read until maxCount are kept.
    return this.readEvents(
      () => this.client.readAll({ fromPosition: from, ...LEADER }),
      (resolved) => visibleEvent(resolved, undefined),
      undefined,
      maxCount,
    );
  }

  /**
   * The server filters: a catch-up subscription with the filter, from `from` (inclusive) up to the
   * head as it stood when the read began, instead of reading every event of $all to keep a few.
   */
  private async readAllFiltered(from: typeof START | Position, filter: EventFilter, maxCount = Infinity): Promise<RecordedEvent[]> {
    const [newest] = await this.readEvents(
      () => this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, ...LEADER }),
      (resolved) => resolved.event,
    );
    const head = newest && toGlobalPosition(newest.position);
    if (head === undefined) return [];
    if (from === START) return this.subscribeUpTo(START, head, filter, maxCount);
    // Subscriptions start after a position; readAll includes the one it is given, which must be an event's.
    const [atFrom] = await this.readEvents(
      () => this.client.readAll({ fromPosition: from, maxCount: 1, ...LEADER }),
      (resolved) => resolved.event,
    );
    if (!atFrom?.position) return [];
    const first = visibleEvent({ event: atFrom }, filter);
    const firstKept = first && maxCount > 0 ? [first] : [];
    if (firstKept.length >= maxCount || toGlobalPosition(atFrom.position)! >= head) return firstKept;
    return [...firstKept, ...(await this.subscribeUpTo(atFrom.position, head, filter, maxCount - firstKept.length))];
  }

  private async subscribeUpTo(after: typeof START | Position, head: GlobalPosition, filter: EventFilter, maxCount: number): Promise<RecordedEvent[]> {
    // The client reports checkpoints and caughtUp as it decodes them, possibly before the events
    // ahead of them were taken from its buffer: the head counts as reached once that buffer is empty.
    const done = new AbortController();
    let reachedHead = false;
    const buffered = () => subscription.readableLength;
    const headReached = () => {
      reachedHead = true;
      if (buffered() === 0) done.abort();
    };
    const subscription = this.client.subscribeToAll({
      fromPosition: after,
      filter: serverSideFilter(filter, (_, position) => void ((toGlobalPosition(position) ?? 0n) >= head && headReached())),
      ...LEADER,
    });
    // Servers from 23.10 also say when the history is done; older ones only send checkpoints.
    subscription.on('caughtUp', headReached);
    const timer = setTimeout(() => done.abort(new EventStoreUnavailableError(`EventStoreDB did not finish a filtered read within ${this.readDeadlineMs} ms`)), this.readDeadlineMs);
    const events = subscription[Symbol.asyncIterator]();
    const kept: RecordedEvent[] = [];
    try {
      while (kept.length < maxCount && !(reachedHead && buffered() === 0)) {
        const next = await nextUnlessAborted(events, done.signal);
        if (!next || next.done) break;
        const event = visibleEvent(next.value, filter);
        if (event && event.position <= head) kept.push(event);
        if (next.value.event && (toGlobalPosition(next.value.event.position) ?? 0n) >= head) reachedHead = true;
      }
      if (done.signal.reason instanceof EventStoreUnavailableError) throw done.signal.reason;
      return kept;
    } catch (error) {
      throw toStoreError(error);
    } finally {
      clearTimeout(timer);
      await subscription.unsubscribe();
    }
  }

  async headPosition(): Promise<GlobalPosition> {
    const [newest] = await this.readEvents(
      () => this.client.readAll({ direction: BACKWARDS, fromPosition: END, ...LEADER }),
      (resolved) => visibleEvent(resolved, undefined),
      undefined,
      1,
    );
    return newest?.position ?? 0n;
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    return this.subscriptions.start(this.nativeFeed(options.filter), options, handler);
  }

  async ping(): Promise<void> {
    await this.readEvents(
      () => this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, ...LEADER }),
      () => undefined,
    );
  }

  async close(): Promise<void> {
    await this.subscriptions.stopAll();
    await this.options.beforeClose?.();
    await this.client.dispose();
  }

  /** One read under the read deadline, repeated once on "not leader", its errors mapped. */
  private async readEvents<T, R>(open: () => StreamingRead<T>, keep: (item: T) => R | undefined, stream?: string, maxCount?: number): Promise<R[]> {
    try {
      return await retryOnceOnNotLeader(() => collect(open(), keep, { deadlineMs: this.readDeadlineMs, maxCount }));
    } catch (error) {
      throw toStoreError(error, stream);
    }
  }

  /**
   * The server assigns positions and created times, so the appended events are read back for
   * them. The append is committed by then: a failure here leaves the caller not knowing it, and
   * the caller's retry with the same ids finds the events (the idempotent no-op).
   */
  private async readAppended(stream: string, firstRevision: StreamRevision, count: number): Promise<RecordedEvent[]> {
    const recorded = await this.readStream(stream, { from: firstRevision, maxCount: count }).catch((error: unknown) => {
      throw new EventStoreUnavailableError(`Appended ${stream}@${firstRevision}, but could not read it back; the outcome is unknown to the caller`, error);
    });
    if (recorded.length < count) throw new EventStoreUnavailableError(`Appended events ${stream}@${firstRevision} could not be read back; the outcome is unknown to the caller`);
    return recorded;
  }

  private nativeFeed(filter: EventFilter | undefined): EventFeed {
    const client = this.client;
    return async function* (after, signal) {
      const subscription = client.subscribeToAll({
        fromPosition: after === 'start' ? START : toEventStoreDbPosition(after),
        filter: serverSideFilter(filter),
        ...LEADER,
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

/**
 * What readAll and subscriptions show: not system or bookkeeping events, only those the filter
 * keeps, and only JSON events, all decided before conversion: an event this store never wrote
 * (another application's, on a shared server) is skipped, not a failure of every read.
 */
function visibleEvent(resolved: AllStreamResolvedEvent, filter: EventFilter | undefined): RecordedEvent | undefined {
  const event: AllStreamRecordedEvent | undefined = resolved.event;
  if (!event || isInternalEvent(event) || !event.isJson || !isJsonObject(event.data) || !matchesFilter({ stream: event.streamId, type: event.type }, filter)) return undefined;
  return toRecordedEvent(event);
}

/** Narrows what the server sends; visibleEvent still applies the full filter to what arrives. */
function serverSideFilter(filter: EventFilter | undefined, checkpointReached?: (subscription: unknown, position: Position) => void): Filter {
  const reporting = checkpointReached ? { checkpointReached } : {};
  if (filter?.streamPrefixes?.length) return streamNameFilter({ prefixes: filter.streamPrefixes, ...reporting });
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: filter.eventTypes, ...reporting });
  return excludeSystemEvents(reporting);
}
