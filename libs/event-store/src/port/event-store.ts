import type {
  AppendOptions,
  AppendResult,
  GlobalPosition,
  LeanEvent,
  LeanReadAllOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  EventHandler,
  SubscribeToAllOptions,
  Subscription,
} from './event-store.port';

/** Dependency-injection token for the configured EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Dependency-injection token for the CheckpointStore that goes with the configured EventStore. */
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
/** Dependency-injection token for the ProjectionStateStore that goes with the configured EventStore. */
export const PROJECTION_STATE_STORE = Symbol('PROJECTION_STATE_STORE');

export interface EventStore {
  /**
   * Appends atomically. Throws WrongExpectedVersionError on a revision mismatch, unless the
   * same event ids already stand at that place (idempotent re-append: returns success).
   */
  appendToStream(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFoundError when the stream has no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The same events with only what a projection folds: cheaper for rebuilds and catch-ups. */
  readAll(options: LeanReadAllOptions): Promise<LeanEvent[]>;
  /** Position of the newest event in the global log (0n when empty). */
  headPosition(): Promise<GlobalPosition>;
  /** Starts a catch-up subscription over the global log; see Subscription. */
  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription;
  /**
   * Resolves when the store answers and, as far as it knows, takes writes; rejects with the reason
   * otherwise (an EventStoreFullError or EventStoreReadOnlyError until an append succeeds again).
   */
  ping(): Promise<void>;
  /** Stops this store's subscriptions (waiting for their in-flight handlers), then disconnects. */
  close(): Promise<void>;
}
