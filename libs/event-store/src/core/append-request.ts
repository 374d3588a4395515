import { InvalidAppendError } from '../port/event-store.errors';
import type { ExpectedRevision, JsonObject, NewEvent } from '../port/event-store.port';

/**
 * Metadata keys that carry an event's chain fields where a store has no other place for them
 * (EventStoreDB); reserved in every adapter so the same appends succeed everywhere.
 */
export const HASH_METADATA_KEY = '$hash';
export const PREVIOUS_HASH_METADATA_KEY = '$previousHash';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A NewEvent after validation: id lower-cased (as EventStoreDB returns it), metadata present. */
export interface ValidatedEvent {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
}

/** Rejects malformed appends before any adapter touches storage; every adapter calls it. */
export function validateAppend(stream: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): ValidatedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidAppendError('Stream name must be a non-empty string');
  }
  if (typeof expectedRevision === 'bigint' && expectedRevision < 0n) {
    throw new InvalidAppendError(`Expected revision must be >= 0, got ${expectedRevision}`);
  }
  if (!isNonEmptyList(events)) {
    throw new InvalidAppendError(`Cannot append an empty event list to ${stream}`);
  }
  const seenIds = new Set<string>();
  return events.map((event, index) => {
    if (typeof event.id !== 'string' || !UUID.test(event.id)) {
      throw new InvalidAppendError(`Event #${index} for ${stream} has id ${String(event.id)}, which is not a uuid`);
    }
    const id = event.id.toLowerCase();
    if (seenIds.has(id)) {
      throw new InvalidAppendError(`Event id ${id} appears twice in one append to ${stream}`);
    }
    seenIds.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`Event ${id} for ${stream} has no type`);
    }
    if (!isJsonObject(event.data) || (event.metadata !== undefined && !isJsonObject(event.metadata))) {
      throw new InvalidAppendError(`Event ${id} for ${stream}: data and metadata must be JSON objects`);
    }
    if (event.metadata && (HASH_METADATA_KEY in event.metadata || PREVIOUS_HASH_METADATA_KEY in event.metadata)) {
      throw new InvalidAppendError(`Event ${id} for ${stream}: metadata keys ${HASH_METADATA_KEY} and ${PREVIOUS_HASH_METADATA_KEY} are reserved`);
    }
    return { id, type: event.type, data: event.data, metadata: event.metadata ?? {} };
  });
}

/** Callers in plain JavaScript may pass anything: checked without narrowing \`events\` to any[]. */
function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
