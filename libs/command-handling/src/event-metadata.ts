import type { JsonObject, RecordedEvent } from '@duban/event-store';
import { SCHEMA_VERSION, type Actor, type Role, type StoredEvent } from '@duban/workflow';
import type { IdempotencyClaim } from './idempotency';

/** Who asks for a command and in which request; becomes the metadata of every event it records. */
export interface CommandRequest {
  readonly actor: Actor;
  /** Ties together everything one business interaction caused (X-Correlation-Id). */
  readonly correlationId: string;
  /** What directly caused the events: the request id, or the id of the causing event. */
  readonly causationId: string;
}

/** Metadata of every event Duban writes. */
export type EventMetadata = {
  actorId: string;
  role: Role;
  /** The actor's unit at the time, which may differ from the case's. */
  unitId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  idempotencyKey?: string;
  requestHash?: string;
};

export function eventMetadata(request: CommandRequest, occurredAt: string, schemaVersion: number, claim?: IdempotencyClaim): EventMetadata {
  return {
    actorId: request.actor.id,
    role: request.actor.role,
    unitId: request.actor.unitId,
    occurredAt,
    correlationId: request.correlationId,
    causationId: request.causationId,
    schemaVersion,
    ...(claim && { idempotencyKey: claim.key, requestHash: claim.requestHash }),
  };
}

export function metadataOf(event: RecordedEvent): Partial<EventMetadata> & JsonObject {
  return event.metadata as Partial<EventMetadata> & JsonObject;
}

/** The deciders' input shape; events written without a schemaVersion predate versioning (version 1). */
export function toStoredEvent(event: RecordedEvent): StoredEvent {
  const { schemaVersion } = metadataOf(event);
  return { type: event.type, schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : SCHEMA_VERSION, data: event.data };
}
