/**
 * The event-store port. Semantics follow EventStoreDB so that every adapter (SQLite, EventStoreDB,
 * in-memory) behaves the same and one contract suite can prove it. Revisions and positions are
 * bigints end to end: EventStoreDB positions exceed 2^53.
 */

import type { EventIntegrity } from '@duban/integrity';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A stream's revision: the 0-based index of its last event. */
export type StreamRevision = bigint;
/** A position in the global log (all streams), strictly increasing in commit order. */
export type GlobalPosition = bigint;

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;
export type ExpectedRevision = typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY | StreamRevision;

export interface NewEvent<TData extends JsonObject = JsonObject, TMetadata extends JsonObject = JsonObject> {
  /** uuid; appending the same ids again at the same place is an idempotent no-op. */
  id: string;
  type: string;
  data: TData;
  metadata?: TMetadata;
}

export interface RecordedEvent<TData extends JsonObject = JsonObject, TMetadata extends JsonObject = JsonObject> {
  id: string;
  stream: string;
  revision: StreamRevision;
  position: GlobalPosition;
  type: string;
  data: TData;
  metadata: TMetadata;
  createdAt: Date;
  /**
   * The event's hash and its link to the stream's previous event, computed by the store on append
   * (see @duban/integrity). Absent on events recorded before tamper evidence existed.
   */
  integrity?: EventIntegrity;
}

/**
 * What a projection folds of a recorded event: a lean read (`readAll` with `lean: true`) promises
 * only these fields, so that a store may skip reading and converting the rest (id, createdAt,
 * integrity). A RecordedEvent is one too: a store may return full events.
 */
export type LeanEvent = Pick<RecordedEvent, 'stream' | 'revision' | 'position' | 'type' | 'data' | 'metadata'>;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
}

/** Where an append's last event stands. */
export interface AppendedPosition {
  /** Revision of the stream's last event after the append: pass it as the next expectedRevision. */
  nextExpectedRevision: StreamRevision;
  /** Global position of the last event of this append. */
  position: GlobalPosition;
}

export interface AppendResult extends AppendedPosition {
  /**
   * The batch's events exactly as a read returns them (ids, revisions, positions, createdAt,
   * integrity), so that a writer needs no read-back; for an idempotent re-append, the events
   * already stored under those ids.
   */
  recorded: RecordedEvent[];
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive); defaults to the start (forwards) or the end (backwards). */
  from?: StreamRevision | 'start' | 'end';
  direction?: Direction;
  maxCount?: number;
}

export interface EventFilter {
  /** Keep events whose stream name starts with one of these, e.g. `complaint-`. */
  streamPrefixes?: string[];
  /** Keep events whose type is one of these. */
  eventTypes?: string[];
}

export interface ReadAllOptions {
  /** First global position to read (inclusive); defaults to the start. */
  fromPosition?: GlobalPosition | 'start';
  maxCount?: number;
  filter?: EventFilter;
  /** Full events; `true` reads LeanEvents instead (LeanReadAllOptions). */
  lean?: false;
}

/** A lean read: the same events, positions, filter and limit, with only what a projection folds. */
export type LeanReadAllOptions = Omit<ReadAllOptions, 'lean'> & { lean: true };

/** Receives one event at a time, in global order; the next event waits until the promise settles. */
export type EventHandler = (event: RecordedEvent) => Promise<void>;

export interface RetryOptions {
  /** Back-off after the first failure; doubles on each consecutive failure. Default 100 ms. */
  initialDelayMs?: number;
  /** Ceiling of the back-off. Default 30 s. */
  maxDelayMs?: number;
}

export interface SubscribeToAllOptions {
  /**
   * Deliver events after this position (exclusive); defaults to 'start'. Ignored when `checkpoint`
   * already holds a position for its name: a restarted subscriber resumes where it left off.
   */
  afterPosition?: GlobalPosition | 'start';
  filter?: EventFilter;
  /** Where to load the start position from and to store the position of each handled event. */
  checkpoint?: { store: CheckpointStore; name: string };
  retry?: RetryOptions;
  /** Told about every failure of the handler or the connection before the back-off; defaults to console.warn. */
  onDropped?: (error: unknown, retryInMs: number) => void;
}

/**
 * A catch-up subscription: history first, then live events, each delivered once in order. When
 * the handler or the connection fails it resumes after a back-off from the last handled event, so
 * the failed event is delivered again (at-least-once across crashes: a crash between the handler
 * and the checkpoint write redelivers that one event).
 */
export interface Subscription {
  /** Stops delivery; resolves once the in-flight handler, if any, has settled. */
  stop(): Promise<void>;
}

/** Persists how far a named subscriber got, so that it survives restarts. */
export interface CheckpointStore {
  /** The position stored for this subscriber, or undefined when it never stored one. */
  load(name: string): Promise<GlobalPosition | undefined>;
  store(name: string, position: GlobalPosition): Promise<void>;
}

/** A projection kept beside the log: its JSON documents by key, and the position they include. */
export interface ProjectionState {
  position: GlobalPosition;
  documents: Map<string, JsonValue>;
}

/**
 * Persists projections' state beside the log (same file or schema), so a process resumes one from
 * its position instead of replaying the log. Any number of processes may keep the same projection.
 */
export interface ProjectionStateStore {
  /** Undefined when the projection never saved. */
  load(projection: string): Promise<ProjectionState | undefined>;
  /**
   * Writes the changed documents (null deletes one) and the new position in one transaction, or
   * nothing and answers false when the stored position is already at or past `position`: another
   * process saved further, and its documents must not be overwritten by older ones.
   */
  save(projection: string, position: GlobalPosition, changes: ReadonlyMap<string, JsonValue | null>): Promise<boolean>;
}
