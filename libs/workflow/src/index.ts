export type { JsonObject, JsonValue } from './shared/json';
export { ROLES, type Actor, type DecideContext, type Role } from './shared/context';
export { orgTreeFromParents, type OrgTree } from './shared/org-tree';
export { SCHEMA_VERSION, type EventEnvelope, type EventMeta, type StoredEvent } from './shared/event-envelope';
export { answeringUnitOf, decodeEscalated, type EscalationData, type EscalationTrack } from './shared/escalation';
export {
  attachmentsIn,
  attachmentViews,
  type AttachmentView,
  CUSTOMER_ERASURE_EVENT,
  EVIDENCE_KINDS,
  isErasedIn,
  staffIdNamedIn,
  withPersonalDataErased,
  type AttachEvidence,
  type Attachment,
  type EvidenceAttached,
  type EvidenceData,
  type EvidenceKind,
} from './shared/evidence';
export { streamName, streamPrefix, toStoredEvent } from './shared/streams';
export {
  CASE_NUMBER_PREFIXES,
  canonicalCaseNumber,
  caseNumberIn,
  caseNumberYear,
  formatCaseNumber,
  kindCreatedBy,
  normalizeCaseNumberQuery,
  type CaseNumberPrefix,
} from './shared/case-number';
export type { Decider } from './shared/aggregate';
export { isIsoInstant } from './shared/payload-check';
export {
  AggregateNotFoundError,
  CommandNotAllowedError,
  ForbiddenByRoleError,
  FourEyesViolationError,
  NotResponsibleUnitError,
  InvalidCommandError,
  WorkflowError,
  type AggregateKind,
  type ValidationIssue,
} from './shared/errors';
export {
  COMPLAINT_CHANNELS,
  type ComplaintChannel,
  CASE_TYPES,
  type CaseType,
  PRIORITIES,
  type Priority,
  RESPONSIBILITIES,
  type Responsibility,
  TYPES_WITHOUT_RESPONSIBILITY,
  type ResponsibilityDecisionData,
  type ComplaintResponsibilityDecided,
  decodeResponsibilityDecided,
  findingIdForResponsibilityDecision,
  REPLY_CHANNELS,
  type ReplyChannel,
  type Customer,
  type ComplaintReplyData,
  type ComplaintRegistered,
  decodeComplaintRegistered,
  decodeComplaintReplied,
  type ComplaintAssigned,
  type ComplaintNoteAdded,
  type ComplaintReclassified,
  type ComplaintEscalated,
  type ComplaintReplied,
  type ComplaintVerified,
  type ComplaintReopened,
  type ComplaintContactAttempted,
  type ComplaintCustomerUnreachable,
  type ComplaintDecisionMaintenanceRequested,
  type ComplaintDecisionMaintenanceRefused,
  type ComplaintDecisionMaintained,
  type ComplaintClosed,
  type ComplaintWithdrawn,
  type CustomerDataErased,
  type ComplaintEvent,
} from './complaint/complaint.events';
export {
  type RegisterComplaint,
  type AssignComplaint,
  type HandOverComplaint,
  type TransferComplaint,
  type ReferComplaint,
  type PromiseReply,
  type AddComplaintNote,
  type ReclassifyComplaint,
  type EscalateComplaint,
  type ReplyToComplaint,
  type VerifyComplaint,
  type RecordContactAttempt,
  type RecordCustomerUnreachable,
  type RequestDecisionMaintained,
  type MaintainDecision,
  type RefuseDecisionMaintained,
  type DecideResponsibility,
  type WithdrawComplaint,
  type EraseCustomerData,
  type ComplaintCommand,
  type ComplaintCommandType,
  COMPLAINT_ROLE_GATES,
} from './complaint/complaint.commands';
export { complaintMachine, LATEST_ENTRIES_SHOWN, DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE, type ComplaintState } from './complaint/complaint.machine';
export {
  awaitsResponsibilityDecision,
  liveFindingIdOf,
  responsibilityDecisionOf,
  responsibilityInForce,
  type ComplaintResponsibilityDecision,
} from './complaint/complaint.machine';
export { complaintDecider } from './complaint/complaint.decider';
export { toComplaintView, type ComplaintView } from './complaint/complaint.view';
export {
  SEVERITIES,
  type Severity,
  RECTIFICATION_MODES,
  type RectificationMode,
  type FindingRaised,
  decodeFindingRaised,
  decodeFindingFannedOut,
  type ChildFinding,
  type FindingPlanned,
  type FindingEscalated,
  type FindingReported,
  type FindingVerified,
  type FindingCarriedOver,
  type FindingClosed,
  type FindingCancelled,
  type FindingEvent,
} from './finding/finding.events';
export type {
  RaiseFinding,
  PlanRectification,
  ApprovePlan,
  RejectPlan,
  RecordProgress,
  RecordChildClosed,
  EscalateFinding,
  ReportRectification,
  VerifyFinding,
  CancelFinding,
  FindingCommand,
  FindingCommandType,
} from './finding/finding.commands';
export { findingMachine, type FindingState } from './finding/finding.machine';
export { findingDecider } from './finding/finding.decider';
export { toFindingView, type FindingView } from './finding/finding.view';
export {
  INSPECTION_KINDS,
  type InspectionKind,
  type InspectionOpened,
  type InspectionItemsRecorded,
  type InspectionFindingAdded,
  type InspectionReported,
  type InspectionClosed,
  type InspectionEvent,
} from './inspection/inspection.events';
export type {
  OpenInspection,
  RecordItemResults,
  ItemResultInput,
  ReportSelfInspection,
  CloseInspection,
  InspectionCommand,
  InspectionCommandType,
} from './inspection/inspection.commands';
export {
  CHECKLIST_ID,
  checklistItems,
  ITEM_OUTCOMES,
  parseChecklist,
  scoreOf,
  type Checklist,
  type ChecklistItem,
  type ChecklistSection,
  type InspectionScore,
  type ItemOutcome,
  type ItemResult,
} from './inspection/checklist';
export { INSPECTION_STATES, type InspectionState, type InspectionStatus } from './inspection/inspection.machine';
export { inspectionDecider } from './inspection/inspection.decider';
export { toInspectionView, type InspectionView } from './inspection/inspection.view';
export {
  APPEAL_OUTCOMES,
  decodeViolationRecorded,
  type AppealOutcome,
  type Penalty,
  type ViolationRule,
  type ViolationRecorded,
  type ViolationRecordedData,
  type ViolationPenaltyDecided,
  type ViolationAppealed,
  type ViolationAppealUpheld,
  type ViolationPenaltyChanged,
  type ViolationAnnulled,
  type ViolationEvent,
} from './violation/violation.events';
export type { RecordViolation, DecidePenalty, AppealViolation, DecideAppeal, ViolationCommand, ViolationCommandType } from './violation/violation.commands';
export type { ViolationState } from './violation/violation.machine';
export { MAX_PENALTY_POINTS, violationDecider } from './violation/violation.decider';
export { penaltyInForce, toViolationView, type ViolationView } from './violation/violation.view';
export {
  CIRCULAR_KINDS,
  CIRCULAR_SOURCE_KINDS,
  type CircularKind,
  type CircularSource,
  type CircularSourceKind,
  type CircularDrafted,
  type CircularEdited,
  type CircularIssued,
  type CircularAcknowledged,
  type CircularWithdrawn,
  type CircularEvent,
} from './circular/circular.events';
export type { DraftCircular, EditCircular, WithdrawCircular, CircularCommand, CircularCommandType } from './circular/circular.commands';
export type { CircularState, CircularStatus, CircularReceipt } from './circular/circular.machine';
export { circularDecider, MAX_SOURCE_ROWS } from './circular/circular.decider';
export { toCircularView, circularReaderUnitIds, type CircularView } from './circular/circular.view';
