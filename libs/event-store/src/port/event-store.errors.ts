import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** Base class so callers can tell store errors from everything else. */
export class EventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream is not where the caller expected it to be: someone else appended first. */
export class WrongExpectedVersionError extends EventStoreError {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual revision, or 'no_stream' when it does not exist. */
    readonly actual: StreamRevision | 'no_stream',
  ) {
    super(`Wrong expected version on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends EventStoreError {
  constructor(readonly stream: string) {
    super(`Stream not found: ${stream}`);
  }
}

/** The store cannot take writes right now (disk full, read-only, unreachable). */
export class EventStoreUnavailableError extends EventStoreError {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The store has no room for the append (disk or size limit full); nothing of it was written. */
export class EventStoreFullError extends EventStoreUnavailableError {}

/** The store refuses writes (read-only file, file system or connection); nothing was written. */
export class EventStoreReadOnlyError extends EventStoreUnavailableError {}

/** The append request itself is malformed (no events, a non-uuid id, an id twice in one batch...). */
export class InvalidAppendError extends EventStoreError {}

/**
 * An event id is already recorded elsewhere in the store. Ids are unique store-wide so that an
 * idempotent retry can never be mistaken for a new event.
 */
export class DuplicateEventIdError extends EventStoreError {
  constructor(
    readonly eventId: string,
    readonly existingStream: string,
  ) {
    super(`Event id ${eventId} is already recorded in stream ${existingStream}`);
  }
}
