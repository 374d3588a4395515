export { CLOCK, systemClock, type Clock } from './clock';
export { COMPLAINTS, FINDINGS, INSPECTIONS, streamName, type AggregateType, type FollowUpCreation } from './aggregates';
export {
  CommandHandler,
  commandDecision,
  type CommandHandlerOptions,
  type ProtectPersonalData,
  type CommandOutcome,
  type Decision,
  type ExecuteOptions,
  type LoadedAggregate,
} from './command-handler';
export type { CommandCompanion, CompanionInput } from './companion';
export { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
export { eventMetadata, metadataOf, toStoredEvent, type CommandRequest, type EventMetadata } from './event-metadata';
export { derivedId, keyedAggregateId, keyedEventId, requestHash, type IdempotencyClaim } from './idempotency';
export { COMMAND_COMPANIONS, CommandHandlingModule } from './command-handling.module';
export { workflowOrgTree } from './workflow-org-tree';
export { customerSealing } from './customer-sealing';
