import type { JsonObject, RecordedEvent } from '@duban/event-store';
import type { ActorLike } from './command-domain';
import type { IdempotencyClaim } from './idempotency';

/** Who asks for a command and in which request; becomes the metadata of every event it records. */
export interface CommandRequest<TActor extends ActorLike> {
  readonly actor: TActor;
  /** Ties together everything one business interaction caused (X-Correlation-Id). */
  readonly correlationId: string;
  /** What directly caused the events: the request id, or the id of the causing event. */
  readonly causationId: string;
}

/** Metadata the core records with every event; the domain adds its actor's fields (CommandDomain.actorMetadata). */
export type EventMetadata = {
  actorId: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  idempotencyKey?: string;
  requestHash?: string;
};

/** `actorFields` come first so that the core's own fields always win. */
export function eventMetadata(
  actorFields: JsonObject,
  request: CommandRequest<ActorLike>,
  occurredAt: string,
  schemaVersion: number,
  claim?: IdempotencyClaim,
): EventMetadata & JsonObject {
  return {
    ...actorFields,
    actorId: request.actor.id,
    occurredAt,
    correlationId: request.correlationId,
    causationId: request.causationId,
    schemaVersion,
    ...(claim && { idempotencyKey: claim.key, requestHash: claim.requestHash }),
  };
}

export function metadataOf(event: RecordedEvent): Partial<EventMetadata> & JsonObject {
  return event.metadata;
}
