export type { JsonObject, JsonValue } from './shared/json';
export { ROLES, type Actor, type DecideContext, type Role, type RoleGates } from './shared/context';
export { orgTreeFromParents, type OrgTree } from './shared/org-tree';
export { SCHEMA_VERSION, type EventEnvelope, type EventMeta, type StoredEvent } from './shared/event-envelope';
export { decodeEscalated, type EscalationData, type EscalationRecord, type EscalationTrack } from './shared/escalation';
export { streamName, streamPrefix, toStoredEvent } from './shared/streams';
export type { Decider } from './shared/aggregate';
export { isIsoInstant } from './shared/payload-check';
export {
  AggregateNotFoundError,
  CommandNotAllowedError,
  EventRejectedError,
  ForbiddenByRoleError,
  FourEyesViolationError,
  InvalidCommandError,
  UnsupportedSchemaVersionError,
  WorkflowError,
  type AggregateKind,
  type ValidationIssue,
} from './shared/errors';

export * from './complaint/complaint.events';
export * from './complaint/complaint.commands';
export {
  complaintMachine,
  type ComplaintData,
  type ComplaintFollowUp,
  type ComplaintNote,
  type ComplaintReply,
  type ComplaintState,
  type ComplaintStatus,
} from './complaint/complaint.machine';
export { complaintDecider } from './complaint/complaint.decider';
export { toComplaintView, type ComplaintView } from './complaint/complaint.view';

export * from './finding/finding.events';
export * from './finding/finding.commands';
export { findingMachine, type FindingData, type FindingReport, type FindingState, type FindingStatus, type Reinspection } from './finding/finding.machine';
export { findingDecider } from './finding/finding.decider';
export { toFindingView, type FindingView } from './finding/finding.view';

export * from './inspection/inspection.events';
export * from './inspection/inspection.commands';
export { inspectionMachine, type InspectionData, type InspectionState, type InspectionStatus } from './inspection/inspection.machine';
export { inspectionDecider } from './inspection/inspection.decider';
export { toInspectionView, type InspectionView } from './inspection/inspection.view';

export { ROLE_GATES } from './role-gates';
