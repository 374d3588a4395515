export { ALL_AGGREGATES, CIRCULARS, COMPLAINTS, FINDINGS, INSPECTIONS, VIOLATIONS, type AggregateType } from './aggregates';
export {
  CaseCommandHandler,
  CaseFollowUps,
  eventMetadata,
  metadataOf,
  type CommandCompanion,
  type CommandRequest,
  type CompanionInput,
  type Decision,
  type EventMetadata,
} from './case-commands';
export { CasesModule, COMMAND_COMPANIONS } from './cases.module';
export { customerSealing } from './customer-sealing';
export { handingOnlyToStaffWhoSee, type Refusal } from './handover';
export { workflowOrgTree } from './workflow-org-tree';
