import { ErrorType, isCommandError, type AllStreamRecordedEvent, type RecordedEvent as EsdbRecordedEvent, type StreamingRead } from '@eventstore/db-client';
import type { EventIntegrity } from '@duban/integrity';
import { HASH_METADATA_KEY, PREVIOUS_HASH_METADATA_KEY } from '../../core/append-request';
import { EventStoreError, EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '../../port/event-store.errors';
import type { ExpectedRevision, JsonObject, RecordedEvent } from '../../port/event-store.port';
import { toGlobalPosition } from './eventstoredb-position';

/** Streams of EventStoreDbCheckpointStore: bookkeeping, hidden from readAll and subscriptions. */
export const CHECKPOINT_STREAM_PREFIX = 'duban_checkpoint-';

/** System events ($-streams, $-types such as $> links and $metadata) and our checkpoints. */
export function isInternalEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$') || event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX);
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

/** Reads until the server ends the read or `maxCount` items were kept; items mapped to undefined are dropped. */
export async function collect<T, R>(read: StreamingRead<T>, keep: (item: T) => R | undefined, maxCount = Infinity): Promise<R[]> {
  const kept: R[] = [];
  try {
    for await (const item of read) {
      const mapped = keep(item);
      if (mapped === undefined) continue;
      kept.push(mapped);
      if (kept.length >= maxCount) break;
    }
    return kept;
  } finally {
    await read.cancel();
  }
}

/** Client errors become the port's typed errors; anything unexpected passes through unchanged. */
export function toStoreError(error: unknown, stream?: string, expected?: ExpectedRevision): unknown {
  if (!(error instanceof Error) || !isCommandError(error)) return error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      // Older servers report a missing stream as actual version -1.
      const actual = error.actualVersion === 'no_stream' || error.actualVersion < 0n ? 'no_stream' : error.actualVersion;
      return new WrongExpectedVersionError(error.streamName ?? stream, expected ?? error.expectedVersion, actual);
    }
    case ErrorType.STREAM_NOT_FOUND:
      return new StreamNotFoundError(stream ?? error.streamName);
    case ErrorType.UNAVAILABLE:
    case ErrorType.DEADLINE_EXCEEDED:
    case ErrorType.TIMEOUT:
    case ErrorType.NOT_LEADER:
    case ErrorType.CANCELLED:
      return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, error);
    default:
      return error;
  }
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
