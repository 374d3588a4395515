import { ErrorType, isCommandError, type AllStreamRecordedEvent, type RecordedEvent as EsdbRecordedEvent, type StreamingRead } from '@eventstore/db-client';
import type { EventIntegrity } from '@duban/integrity';
import { HASH_METADATA_KEY, PREVIOUS_HASH_METADATA_KEY } from '../../core/append-request';
import { EventStoreError, EventStoreFullError, EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../port/event-store.errors';
import type { ExpectedRevision, JsonObject, RecordedEvent } from '../../port/event-store.port';
import { toGlobalPosition } from './eventstoredb-position';

/** Streams of EventStoreDbCheckpointStore: bookkeeping, hidden from readAll and subscriptions. */
export const CHECKPOINT_STREAM_PREFIX = 'duban_checkpoint-';
/** One stream per appended event id, naming the stream that holds it (ids are unique store-wide): bookkeeping too. */
export const EVENT_ID_STREAM_PREFIX = 'duban_event_id-';

/** After an election a follower must not answer: every call goes to the leader. */
export const LEADER = { requiresLeader: true } as const;

/** System events ($-streams, $-types such as $> links and $metadata) and our bookkeeping streams. */
export function isInternalEvent(event: { streamId: string; type: string }): boolean {
  const { streamId } = event;
  return streamId.startsWith('$') || event.type.startsWith('$') || streamId.startsWith(CHECKPOINT_STREAM_PREFIX) || streamId.startsWith(EVENT_ID_STREAM_PREFIX);
}

export function toRecordedEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new EventStoreError(`Event ${event.id} in ${event.streamId} is not a JSON object; this store only writes JSON events`);
  }
  const position = toGlobalPosition(event.position);
  if (position === undefined) {
    throw new EventStoreError(`EventStoreDB reported no position for event ${event.id}; server 22.6 or later is required`);
  }
  const { metadata, integrity } = splitChainFields(isJsonObject(event.metadata) ? event.metadata : {});
  return {
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    position,
    type: event.type,
    data: event.data,
    metadata,
    createdAt: event.created,
    ...(integrity && { integrity }),
  };
}

/** EventStoreDB has no place for the chain fields but the event's metadata: they travel under reserved keys. */
export function withChainFields(metadata: JsonObject, integrity: EventIntegrity): JsonObject {
  return { ...metadata, [HASH_METADATA_KEY]: integrity.hash, [PREVIOUS_HASH_METADATA_KEY]: integrity.previousHash };
}

function splitChainFields(stored: JsonObject): { metadata: JsonObject; integrity?: EventIntegrity } {
  const { [HASH_METADATA_KEY]: hash, [PREVIOUS_HASH_METADATA_KEY]: previousHash, ...metadata } = stored;
  if (typeof hash !== 'string') return { metadata };
  return { metadata, integrity: { hash, previousHash: typeof previousHash === 'string' ? previousHash : null } };
}

/**
 * Reads until the server ends the read or `maxCount` items were kept; items mapped to undefined
 * are dropped. The client gives reads no deadline (it passes Infinity to gRPC whatever it is
 * asked), so a read that has not ended after `deadlineMs` is cancelled and fails here.
 */
export async function collect<T, R>(read: StreamingRead<T>, keep: (item: T) => R | undefined, limits: { deadlineMs: number; maxCount?: number }): Promise<R[]> {
  const { deadlineMs, maxCount = Infinity } = limits;
  const kept: R[] = [];
  const items = read[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EventStoreUnavailableError(`EventStoreDB did not finish a read within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    for (;;) {
      const next = items.next();
      // A read abandoned at the deadline may still fail later; that failure is already reported.
      next.catch(() => undefined);
      const item = await Promise.race([next, expired]);
      if (item.done) return kept;
      const mapped = keep(item.value);
      if (mapped === undefined) continue;
      kept.push(mapped);
      if (kept.length >= maxCount) return kept;
    }
  } finally {
    clearTimeout(timer);
    await read.cancel();
  }
}

/**
 * Client errors become the port's typed errors; anything unexpected passes through unchanged.
 * Whatever leaves the outcome unknown or is the server's (or its operator's) to fix becomes
 * EventStoreUnavailableError: the caller answers 503 and may retry with the same ids.
 */
export function toStoreError(error: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  if (error instanceof EventStoreError || !(error instanceof Error)) return error;
  // The client's cluster discovery throws a plain Error when no node answers.
  if (!isCommandError(error)) return error.message.startsWith('Failed to discover') ? unavailable(error) : error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      // Older servers report a missing stream as actual version -1.
      const actual = error.actualVersion === 'no_stream' || error.actualVersion < 0n ? 'no_stream' : error.actualVersion;
      return new WrongExpectedVersionError(error.streamName ?? stream, expected ?? error.expectedVersion, actual);
    }
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(stream ?? error.streamName);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new EventStoreFullError(`EventStoreDB refused the append: larger than its MaxAppendSize of ${error.maxAppendSize} bytes; nothing was written`, error);
    case ErrorType.UNAVAILABLE:
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
    case ErrorType.NOT_LEADER:
    case ErrorType.CANCELLED:
    case ErrorType.ACCESS_DENIED:
    case ErrorType.STREAM_DELETED:
    case ErrorType.UNKNOWN:
      return unavailable(error);
    default:
      return error;
  }
}

function unavailable(error: Error): EventStoreUnavailableError {
  return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error);
}

/** Runs a call again once when the node was not the leader: the client has then reconnected to the leader it named. */
export async function retryOnceOnNotLeader<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Error && isCommandError(error) && error.type === ErrorType.NOT_LEADER) return call();
    throw error;
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
