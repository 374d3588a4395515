import type { JsonObject, RecordedEvent } from '@duban/event-store';
import type { DomainEvent } from './aggregate-type';

/** Whoever issues a command; the domain decides what else an actor carries (a role, a team…). */
export interface ActorLike {
  readonly id: string;
}

/** What the generic core asks of the domain it serves: its actors, its decide context and its stored form. */
export interface CommandDomain<TActor extends ActorLike, TContext> {
  /** The context every decision gets, for `actor` at `now` (ISO-8601). */
  decideContext(actor: TActor, now: string): TContext;
  /** Recorded in every event's metadata besides `actorId` (e.g. the actor's role). */
  actorMetadata(actor: TActor): JsonObject;
  /** A stored event as the deciders' folds read it. */
  toDomainEvent(event: RecordedEvent): DomainEvent;
  /** Who creates a follow-up on behalf of the event that demands it. */
  followUpActor(cause: RecordedEvent): TActor;
}
