export { CLOCK, systemClock, type Clock } from './clock';
export { streamOf, type AggregateType, type Decider, type DomainEvent, type FollowUp, type FollowUpCommand, type FollowUpCreation, type LoadedAggregate } from './aggregate-type';
export type { CommandDomain } from './command-domain';
export {
  CommandHandler,
  commandDecision,
  type CommandHandlerOptions,
  type CompleteEvents,
  type ProtectPersonalData,
  type CommandOutcome,
  type Decision,
  type ExecuteOptions,
} from './command-handler';
export type { CommandCompanion, CompanionInput } from './companion';
export { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
export { eventMetadata, metadataOf, type CommandRequest, type EventMetadata } from './event-metadata';
export { causedEventId, derivedId, keyedAggregateId, keyedEventId, requestHash, type IdempotencyClaim } from './idempotency';
export { FollowUps } from './follow-ups';
export { FollowUpReactor } from './follow-up-reactor';
export { jitteredBackoff, sleep } from './retry';
export { StreamQueue } from './stream-queue';
