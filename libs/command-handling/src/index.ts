export { CLOCK, systemClock, type Clock } from './clock';
export { COMPLAINTS, FINDINGS, INSPECTIONS, type AggregateType, type FollowUpCreation } from './aggregates';
export { CommandHandler, type CommandHandlerOptions, type CommandOutcome, type ExecuteOptions, type LoadedAggregate } from './command-handler';
export { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from './command-handling.errors';
export type { CommandRequest, EventMetadata } from './event-metadata';
export { keyedAggregateId, requestHash, type IdempotencyClaim } from './idempotency';
export { CommandHandlingModule } from './command-handling.module';
