import { EventEmitter } from 'node:events';
import {
  END,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type EventData,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';

/** One call the adapter made, with the options it passed (to check e.g. requiresLeader). */
export interface FakeCall {
  method: string;
  stream?: string;
  options: Record<string, unknown>;
}

/** The server's default `MaxAppendSize`: 1 MiB. */
export const SERVER_MAX_APPEND_SIZE = 1_048_576;

/**
 * A FAKE of EventStoreDB behind the client's API, in memory, for the adapter's unit tests. It
 * models only what the adapter relies on and what the defects it pins down depend on: per-stream
 * revisions, exact/any/no_stream/stream_exists checks as the server makes them (an exact revision
 * checks no ids; `any` recognises ids already at the stream's tail), the 1 MiB append limit,
 * positions in $all, catch-up subscriptions with server-side prefix filters, stream metadata.
 * It is not a server: nothing here shows the adapter works against a real EventStoreDB.
 */
export class FakeEventStoreDbClient {
  readonly calls: FakeCall[] = [];
  /** $all in log order. */
  readonly log: AllStreamRecordedEvent[] = [];
  private readonly streams = new Map<string, AllStreamRecordedEvent[]>();
  private readonly metadata = new Map<string, Record<string, unknown>>();
  private readonly scriptedFailures = new Map<string, Error[]>();
  private readonly live = new EventEmitter();
  private nextLogPosition = 1_000n;
  /** Methods whose reads never answer (a wedged server). */
  readonly wedged = new Set<string>();
  /**
   * Subscriptions report caughtUp (and the head checkpoint) before the history is taken from
   * their buffer, as the real client may: it decodes messages ahead of the reader.
   */
  announceCaughtUpEarly = false;
  /** Answers appends with `success: false` instead of throwing, as `throwOnAppendFailure=false` makes the client do. */
  throwOnAppendFailure = true;

  get client(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** The next call of `method` throws `error` (queued: several calls fail in turn). */
  failNext(method: string, error: Error): void {
    this.scriptedFailures.set(method, [...(this.scriptedFailures.get(method) ?? []), error]);
  }

  callsOf(method: string): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Writes an event as another application on a shared server would, bypassing the adapter. */
  writeForeign(stream: string, type: string, data: Uint8Array | Record<string, unknown>): void {
    const isJson = !(data instanceof Uint8Array);
    this.record(stream, [{ id: crypto.randomUUID(), type, data, metadata: undefined, contentType: isJson ? 'application/json' : 'application/octet-stream' } as EventData]);
  }

  async appendToStream(stream: string, events: EventData | EventData[], options: { expectedRevision?: AppendExpectedRevision } & Record<string, unknown> = {}) {
    this.enter('appendToStream', stream, options);
    const batch = Array.isArray(events) ? events : [events];
    const size = batch.reduce((total, event) => total + byteSize(event.data) + byteSize(event.metadata), 0);
    if (size > SERVER_MAX_APPEND_SIZE) throw MaxAppendSizeExceededError.fromMaxAppendSize(SERVER_MAX_APPEND_SIZE);
    const existing = this.streams.get(stream) ?? [];
    const current = existing.length === 0 ? ('no_stream' as const) : BigInt(existing.length - 1);
    const expected = options.expectedRevision ?? 'any';
    if (expected === 'any' && existing.some((event) => event.id === batch[0].id)) {
      return { success: true, nextExpectedRevision: current === 'no_stream' ? -1n : current, position: existing.at(-1)!.position };
    }
    const matches = expected === 'any' || (expected === 'no_stream' ? current === 'no_stream' : expected === 'stream_exists' ? current !== 'no_stream' : current === expected);
    if (!matches) {
      if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: -1n, position: undefined };
      throw new WrongExpectedVersionError(undefined, { streamName: stream, current, expected });
    }
    const written = this.record(stream, batch);
    return { success: true, nextExpectedRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  readStream(stream: string, options: Record<string, unknown> = {}) {
    this.enter('readStream', stream, options);
    const events = this.streams.get(stream);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? END : START);
    const maxCount = (options.maxCount as number | undefined) ?? Infinity;
    const selected = (events ?? [])
      .filter((event) => from === START || from === END || (backwards ? event.revision <= (from as bigint) : event.revision >= (from as bigint)))
      .map((event) => ({ event }));
    if (backwards) selected.reverse();
    return this.streamingRead('readStream', events ? selected.slice(0, maxCount) : new StreamNotFoundError(undefined, stream));
  }

  readAll(options: Record<string, unknown> = {}) {
    this.enter('readAll', undefined, options);
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? END : START);
    const maxCount = (options.maxCount as number | undefined) ?? Infinity;
    const selected = this.log
      .filter((event) => from === START || from === END || (backwards ? compare(event.position, from as Position) <= 0 : compare(event.position, from as Position) >= 0))
      .map((event): AllStreamResolvedEvent => ({ event }));
    if (backwards) selected.reverse();
    return this.streamingRead('readAll', selected.slice(0, maxCount));
  }

  /** Catch-up: the filtered history, a checkpoint at the head, caughtUp, then live events until unsubscribed. */
  subscribeToAll(options: { fromPosition?: typeof START | typeof END | Position; filter?: Filter } & Record<string, unknown> = {}) {
    this.enter('subscribeToAll', undefined, options);
    const { fromPosition = START, filter } = options;
    const matches = (event: AllStreamRecordedEvent) => (fromPosition === START || (fromPosition !== END && compare(event.position, fromPosition) > 0)) && passes(filter, event);
    const emitter = new EventEmitter();
    const pending: AllStreamRecordedEvent[] = this.log.filter(matches);
    let wake: (() => void) | undefined;
    let stopped = false;
    const onAppend = (event: AllStreamRecordedEvent) => {
      if (passes(filter, event)) pending.push(event);
      wake?.();
    };
    const head = this.log.at(-1)?.position;
    const live = this.live;
    live.on('append', onAppend);
    const handle: { subscription?: unknown } = {};
    const announce = async () => {
      if (head && filter && 'checkpointReached' in filter && filter.checkpointReached) await filter.checkpointReached(handle.subscription as never, head);
      emitter.emit('caughtUp');
    };
    const early = this.announceCaughtUpEarly;
    const events = (async function* () {
      if (early) await announce();
      while (pending.length > 0) yield decoded({ event: pending.shift()! }) as AllStreamResolvedEvent;
      if (!early) await announce();
      while (!stopped) {
        if (pending.length > 0) yield decoded({ event: pending.shift()! }) as AllStreamResolvedEvent;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    })();
    // What the client holds decoded but not yet read (a getter: Object.assign would copy its value).
    Object.defineProperty(events, 'readableLength', { get: () => pending.length });
    const subscription = (handle.subscription = Object.assign(events, {
      on: (name: string, listener: () => void) => (emitter.on(name, listener), subscription),
      unsubscribe: async () => {
        stopped = true;
        live.off('append', onAppend);
        wake?.();
      },
    }));
    return subscription;
  }

  async getStreamMetadata(stream: string, options: Record<string, unknown> = {}) {
    this.enter('getStreamMetadata', stream, options);
    return { streamName: stream, metadata: this.metadata.get(stream) };
  }

  async setStreamMetadata(stream: string, metadata: Record<string, unknown>, options: Record<string, unknown> = {}) {
    this.enter('setStreamMetadata', stream, options);
    this.metadata.set(stream, metadata);
    return { success: true, nextExpectedRevision: 0n, position: undefined };
  }

  async dispose(): Promise<void> {}

  private enter(method: string, stream: string | undefined, options: Record<string, unknown>): void {
    this.calls.push({ method, stream, options });
    const failure = this.scriptedFailures.get(method)?.shift();
    if (failure) throw failure;
  }

  private record(stream: string, batch: EventData[]): AllStreamRecordedEvent[] {
    const existing = this.streams.get(stream) ?? [];
    const written = batch.map((event, index): AllStreamRecordedEvent => {
      const position = { commit: this.nextLogPosition, prepare: this.nextLogPosition };
      this.nextLogPosition += 100n;
      const isJson = event.contentType === 'application/json';
      return {
        streamId: stream,
        id: event.id,
        revision: BigInt(existing.length + index),
        type: event.type,
        data: isJson ? (JSON.parse(JSON.stringify(event.data)) as AllStreamRecordedEvent['data']) : event.data,
        metadata: event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        isJson,
        created: new Date(),
        position,
      } as AllStreamRecordedEvent;
    });
    this.streams.set(stream, [...existing, ...written]);
    this.log.push(...written);
    for (const event of written) this.live.emit('append', event);
    return written;
  }

  /** What the client's StreamingRead offers the adapter: async iteration and cancel(). */
  private streamingRead<T>(method: string, items: T[] | Error) {
    const wedged = this.wedged.has(method);
    let cancelled = false;
    const iterable = (async function* () {
      if (wedged) await new Promise(() => {});
      if (items instanceof Error) throw items;
      for (const item of items) {
        if (cancelled) return;
        // A copy, as the client decodes each event afresh from the wire.
        yield decoded(item);
      }
    })();
    return Object.assign(iterable, { cancel: async () => void (cancelled = true) });
  }
}

/** A fresh copy of a stored event, as the client decodes each one from the wire. */
function decoded<T>(item: T): T {
  const { event } = item as { event?: AllStreamRecordedEvent };
  if (!event) return item;
  const copy = (value: unknown) => (value === undefined || value instanceof Uint8Array ? value : JSON.parse(JSON.stringify(value)));
  return { ...item, event: { ...event, data: copy(event.data), metadata: copy(event.metadata), created: new Date(event.created) } };
}

function byteSize(value: unknown): number {
  if (value === undefined) return 0;
  return value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(JSON.stringify(value));
}

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** The server-side filters the adapter uses: stream-name or event-type prefixes, or exclude system events. */
function passes(filter: Filter | undefined, event: AllStreamRecordedEvent): boolean {
  if (!filter || !('filterOn' in filter)) return true;
  const subject = filter.filterOn === 'streamName' ? event.streamId : event.type;
  if ('prefixes' in filter && filter.prefixes) return filter.prefixes.some((prefix) => subject.startsWith(prefix));
  if ('regex' in filter && filter.regex) return new RegExp(filter.regex).test(subject);
  return true;
}
