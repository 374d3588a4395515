import type { AggregateKind } from './errors';
import { SCHEMA_VERSION, type StoredEvent } from './event-envelope';

/** Every aggregate's events live in the stream `<kind>-<id>`. */
export function streamPrefix(kind: AggregateKind): string {
  return `${kind}-`;
}

export function streamName(kind: AggregateKind, id: string): string {
  return `${streamPrefix(kind)}${id}`;
}

/** What a stored event carries that the folds read; structurally the event store's RecordedEvent. */
interface RecordedShape {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/** The deciders' input shape; events written without a schemaVersion predate versioning (version 1). */
export function toStoredEvent(event: RecordedShape): StoredEvent {
  const { schemaVersion } = (event.metadata ?? {}) as { schemaVersion?: unknown };
  return { type: event.type, schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : SCHEMA_VERSION, data: event.data };
}
