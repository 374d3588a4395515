import {
  CommandHandler,
  FollowUps,
  eventMetadata as coreEventMetadata,
  metadataOf as coreMetadataOf,
  type Clock,
  type CommandCompanion as CoreCommandCompanion,
  type CommandDomain,
  type CommandHandlerOptions,
  type CommandRequest as CoreCommandRequest,
  type CompanionInput as CoreCompanionInput,
  type Decision as CoreDecision,
  type IdempotencyClaim,
} from '@duban/command-handling';
import type { EventStore, JsonObject, RecordedEvent } from '@duban/event-store';
import { toStoredEvent, type Actor, type DecideContext, type OrgTree, type Role } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';
import { CaseNumberCounter, caseNumbering } from './case-numbers';

/** The generic core's types, bound to Duban's actors and decide context. */
export type CommandRequest = CoreCommandRequest<Actor>;
export type Decision<TState> = CoreDecision<TState, DecideContext>;
export type CompanionInput = CoreCompanionInput<AnyMachineSnapshot>;
export type CommandCompanion = CoreCommandCompanion<AnyMachineSnapshot>;

/** Metadata of every event Duban writes: the core's, plus the actor's role and unit at the time (which may differ from the case's). */
export type EventMetadata = ReturnType<typeof coreEventMetadata> & { role: Role; unitId: string };

function actorMetadata(actor: Actor): JsonObject {
  return { role: actor.role, unitId: actor.unitId };
}

export function eventMetadata(request: CommandRequest, occurredAt: string, schemaVersion: number, claim?: IdempotencyClaim): EventMetadata {
  return coreEventMetadata(actorMetadata(request.actor), request, occurredAt, schemaVersion, claim) as EventMetadata;
}

export function metadataOf(event: RecordedEvent): Partial<EventMetadata> & JsonObject {
  return coreMetadataOf(event);
}

/** Duban's side of the command core: deciders get the actor, `now` and the org tree; follow-ups are the system's doing. */
export function caseDomain(orgTree: OrgTree): CommandDomain<Actor, DecideContext> {
  return {
    decideContext: (actor, now) => ({ actor, now, orgTree }),
    actorMetadata,
    toDomainEvent: toStoredEvent,
    followUpActor: (cause) => {
      const { unitId } = metadataOf(cause);
      return { id: 'system', role: 'system', unitId: typeof unitId === 'string' ? unitId : '' };
    },
  };
}

/** The command core over Duban's workflow: what the apps, the SLA layer and the tests run commands with. Every new case gets its number (CaseNumberCounter). */
export class CaseCommandHandler extends CommandHandler<Actor, DecideContext> {
  constructor(store: EventStore, clock: Clock, orgTree: OrgTree, options: CommandHandlerOptions = {}) {
    super(store, clock, caseDomain(orgTree), { completeEvents: caseNumbering(new CaseNumberCounter(store)), ...options });
  }
}

/** The follow-ups of Duban's aggregates: the finding a valid complaint reply (or responsibility decision) opens, or a decision cancels. */
export class CaseFollowUps extends FollowUps<Actor, DecideContext> {}
