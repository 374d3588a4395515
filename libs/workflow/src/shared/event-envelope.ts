import { decodeEventData, type FieldKind } from '@duban/domain-errors';
import type { JsonObject } from './json';

/**
 * Version of every event shape this build writes and reads. When one event's data changes shape,
 * bump it and upcast the older versions before they reach the machine.
 */
export const SCHEMA_VERSION = 1;

/** What every event records: when it happened (ISO-8601, from the command context) and who did it. */
export type EventMeta = { occurredAt: string; actorId: string };

/**
 * A domain event as the deciders emit it and the folds read it. It maps 1:1 to the event store:
 * `type` → type, `data` → data, `schemaVersion` → metadata.schemaVersion (the store assigns ids).
 */
export interface EventEnvelope<TType extends string = string, TData extends JsonObject = JsonObject> {
  readonly type: TType;
  readonly schemaVersion: number;
  readonly data: TData & EventMeta;
}

/** An event as read back from a stream: possibly of a type this build does not know (yet). */
export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * The data of a stored workflow event of one of `types`, with its EventMeta, once the fields its
 * readers rely on are checked: the base of the decoders each event type exports.
 */
export function decodeWorkflowEvent<TData>(event: Pick<StoredEvent, 'type' | 'data'>, types: readonly string[], fields: Readonly<Record<string, FieldKind>>): TData & EventMeta {
  return decodeEventData(event, types, { ...fields, occurredAt: 'string', actorId: 'string' });
}

export function envelope<TType extends string, TData extends JsonObject>(type: TType, data: TData & EventMeta): EventEnvelope<TType, TData> {
  return { type, schemaVersion: SCHEMA_VERSION, data };
}
