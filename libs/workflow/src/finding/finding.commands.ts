import type { RoleGates } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import type { FindingEventType, FindingSource, Milestone, RectificationMode, Severity } from './finding.events';

export type RaiseFinding = {
  type: 'raise';
  /** From a complaint: findingIdForComplaintReply(...), as carried by ComplaintReplied.findingId. */
  findingId: string;
  source: FindingSource;
  unitId: string;
  category: string;
  description: string;
  severity: Severity;
  mode: RectificationMode;
  /** Required for mode on_spot (what was corrected on the spot), refused for mode deadline. */
  onSpotReport?: string;
  /** 限期: required for mode deadline from an inspection (the inspector sets it), refused for mode on_spot. */
  dueAt?: string;
  /** The employee responsible; the command layer checks it against the organisation file's staff. */
  staffId?: string;
  /** An earlier finding it repeats; the caller checks that it exists. */
  repeats?: string;
  /** 举一反三: the units (each within `unitId`'s subtree) that each get a linked child finding; the raised one is their parent. */
  childUnitIds?: readonly string[];
  /** Set by the follow-up raising a child of a 举一反三 parent. */
  parentId?: string;
};
export type PlanRectification = {
  type: 'plan';
  measures: readonly string[];
  ownerId: string;
  dueAt: string;
  /** 问题解析: why it happened. */
  causeAnalysis?: string;
  /** 时间节点: each in the future and no later than `dueAt`. */
  milestones?: readonly Milestone[];
};
/** The inspector's answer to a plan beyond the deadline (FindingPlanProposed). */
export type ApprovePlan = { type: 'approve-plan' };
export type RejectPlan = { type: 'reject-plan'; reason: string };
export type EscalateFinding = { type: 'escalate'; reason: string };
/** 落实情况 against milestone `milestone` (1-based) of the plan in force; `completed` marks it reached. */
export type RecordProgress = { type: 'record-progress'; milestone: number; note: string; completed: boolean };
export type ReportRectification = { type: 'report'; report: string };
/** Re-inspection; `comment` is required when it failed, and so is a new `dueAt` for a finding that has a deadline. */
export type VerifyFinding = { type: 'verify'; passed: boolean; comment?: string; dueAt?: string };
export type CloseFinding = { type: 'close' };
/** Raised by a complaint whose responsibility the owning department put on the customer: the system cancels it. */
export type CancelFinding = { type: 'cancel'; complaintId: string; reason: string };
/** Recorded on a 举一反三 parent when one of its children closes; the last one closes the parent. */
export type RecordChildClosed = { type: 'record-child-closed'; findingId: string };
/** 限期整改通知, issued by the SLA when a clock of the finding breaches its due time. */
export type IssueDeadlineNotice = { type: 'issue-deadline-notice'; clockId: string; dueAt: string };

export type FindingCommand =
  | RaiseFinding
  | PlanRectification
  | ApprovePlan
  | RejectPlan
  | RecordProgress
  | RecordChildClosed
  | EscalateFinding
  | ReportRectification
  | VerifyFinding
  | CloseFinding
  | CancelFinding
  | IssueDeadlineNotice
  | AttachEvidence;
export type FindingCommandType = FindingCommand['type'];

export const FINDING_COMMAND_EVENTS: Readonly<Record<FindingCommandType, readonly FindingEventType[]>> = {
  raise: ['FindingRaised'],
  // Beyond the deadline in force, the plan is proposed for the inspector's approval.
  plan: ['FindingPlanned', 'FindingPlanProposed'],
  'approve-plan': ['FindingPlanApproved'],
  'reject-plan': ['FindingPlanRejected'],
  'record-progress': ['FindingProgressRecorded'],
  'record-child-closed': ['FindingChildClosed'],
  escalate: ['FindingEscalated'],
  report: ['FindingReported'],
  verify: ['FindingVerified', 'FindingCarriedOver'],
  close: ['FindingClosed'],
  cancel: ['FindingCancelled'],
  'issue-deadline-notice': ['FindingDeadlineNoticeIssued'],
  'attach-evidence': ['EvidenceAttached'],
};

const RECTIFYING_UNIT = ['handler', 'unit_head'] as const;
const INSPECTORS = ['inspector', 'supervisor'] as const;

export const FINDING_ROLE_GATES: RoleGates<FindingCommandType> = {
  // 'system' raises the finding a valid complaint reply opens; a unit head raises those of their unit's self-inspection (自查), as the inspection's standing rule allows.
  raise: [...INSPECTORS, 'unit_head', 'system'],
  plan: RECTIFYING_UNIT,
  'approve-plan': INSPECTORS,
  'reject-plan': INSPECTORS,
  'record-progress': RECTIFYING_UNIT,
  // The follow-up of a child's closure.
  'record-child-closed': ['system'],
  escalate: ['unit_head', 'supervisor', 'system'],
  report: RECTIFYING_UNIT,
  verify: INSPECTORS,
  close: ['unit_head', 'supervisor'],
  // Only as the follow-up of a responsibility decision (ComplaintResponsibilityDecided).
  cancel: ['system'],
  'issue-deadline-notice': ['system'],
  // Photos of the rectification (整改照片) from the unit, the inspector's own from the re-inspection.
  'attach-evidence': [...RECTIFYING_UNIT, ...INSPECTORS],
};
