import type { Numbered } from '../shared/case-number';
import type { EscalationData } from '../shared/escalation';
import type { EvidenceAttached } from '../shared/evidence';
import { decodeWorkflowEvent, type EventEnvelope, type EventMeta, type StoredEvent } from '../shared/event-envelope';

export const SEVERITIES = ['minor', 'major'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 现场纠改 fixed on the spot, or 限期纠改 rectified by a deadline. */
export const RECTIFICATION_MODES = ['on_spot', 'deadline'] as const;
export type RectificationMode = (typeof RECTIFICATION_MODES)[number];

/** Where a finding comes from; the other side records the finding id (InspectionFindingAdded, ComplaintReplied.findingId). */
export type FindingSource = { kind: 'inspection'; inspectionId: string } | { kind: 'complaint'; complaintId: string };

export type FindingRaisedData = Numbered & {
  findingId: string;
  source: FindingSource;
  unitId: string;
  /** The unit is head office, so the finding can never be escalated. */
  atHeadOffice: boolean;
  category: string;
  description: string;
  severity: Severity;
  mode: RectificationMode;
  /** 限期: the deadline the inspector set; absent for findings raised without one (from complaints, or before deadlines existed). */
  dueAt?: string;
  /** The employee responsible (工号 of the organisation file), when the inspector names one; absent otherwise. */
  staffId?: string;
  /** An earlier finding this one repeats (重复发生). */
  repeats?: string;
  /** 举一反三: the parent finding this one was raised under, one of its units. */
  parentId?: string;
};

/** 举一反三: one linked child finding per unit, raised by the follow-up of the parent's FindingFannedOut. */
export type ChildFinding = { findingId: string; unitId: string };

/** 时间节点: a step of the plan due by its own date, no later than the plan's. */
export type Milestone = { text: string; dueAt: string };

/**
 * 整改方案: measures, owner and deadline, with the cause analysis (问题解析) and milestones when
 * given (plans before them have neither). A later plan replaces the earlier one.
 */
export type RectificationPlan = { measures: string[]; ownerId: string; dueAt: string; causeAnalysis?: string; milestones?: Milestone[] };

export type FindingRaised = EventEnvelope<'FindingRaised', FindingRaisedData>;

/** FindingRaised's data as read from a stream outside the fold (checked where it is relied on). */
export function decodeFindingRaised(event: Pick<StoredEvent, 'type' | 'data'>): FindingRaisedData & EventMeta {
  return decodeWorkflowEvent(event, ['FindingRaised'], { findingId: 'string', unitId: 'string' });
}
export type FindingPlanned = EventEnvelope<'FindingPlanned', RectificationPlan>;
/** A plan due after the deadline (限期) in force: it awaits the inspector's approval before it counts. */
export type FindingPlanProposed = EventEnvelope<'FindingPlanProposed', RectificationPlan>;
/**
 * The inspector approved the proposed plan: it is the plan in force and its date the new deadline (`dueAt`);
 * `milestones` copies the plan's, for the SLA to date their clocks (absent before milestone clocks existed).
 */
export type FindingPlanApproved = EventEnvelope<'FindingPlanApproved', { dueAt: string; milestones?: Milestone[] }>;
/** 落实情况: progress against milestone `milestone` (1-based) of the plan in force; `completed` stops that milestone's clock. */
export type FindingProgressRecorded = EventEnvelope<'FindingProgressRecorded', { milestone: number; note: string; completed: boolean }>;
/** The inspector refused the proposed plan; the deadline and any earlier plan stand. */
export type FindingPlanRejected = EventEnvelope<'FindingPlanRejected', { reason: string }>;
export type FindingEscalated = EventEnvelope<'FindingEscalated', EscalationData>;
/** 书面反馈 written rectification report; `onSpot` when it was fixed during the inspection. */
export type FindingReported = EventEnvelope<'FindingReported', { report: string; onSpot: boolean }>;
/** 效果评估 re-inspection passed. */
export type FindingVerified = EventEnvelope<'FindingVerified', { comment: string | null }>;
/** Re-inspection failed: the finding is carried over (遗留问题) and rectified again, by a new deadline when one is set. */
export type FindingCarriedOver = EventEnvelope<'FindingCarriedOver', { comment: string; dueAt?: string }>;
export type FindingClosed = EventEnvelope<'FindingClosed', Record<never, never>>;
/**
 * The owning department decided the complaint that raised it was the customer's responsibility
 * (责任认定): the rectification is not owed. Recorded, never deleted; `complaintId` names the decision's case.
 */
export type FindingCancelled = EventEnvelope<'FindingCancelled', { complaintId: string; reason: string }>;
/** 举一反三: the parent raised for many units at once; it closes when all its children are closed. */
export type FindingFannedOut = EventEnvelope<'FindingFannedOut', { children: ChildFinding[] }>;
/** FindingFannedOut's data as read from a stream outside the fold (the follow-up raising the children). */
export function decodeFindingFannedOut(event: Pick<StoredEvent, 'type' | 'data'>): { children: ChildFinding[] } & EventMeta {
  const data = decodeWorkflowEvent<{ children: unknown }>(event, ['FindingFannedOut'], {});
  const children = Array.isArray(data.children) ? (data.children as unknown[]) : [];
  return {
    ...data,
    children: children.filter((child): child is ChildFinding => typeof (child as ChildFinding)?.findingId === 'string' && typeof (child as ChildFinding)?.unitId === 'string'),
  };
}
/** A child of this 举一反三 parent was closed (recorded by the follow-up of the child's FindingClosed). */
export type FindingChildClosed = EventEnvelope<'FindingChildClosed', { findingId: string }>;
/** 限期整改通知: the finding went overdue (its clock `clockId` breached `dueAt`); issued by the SLA before it escalates. */
export type FindingDeadlineNoticeIssued = EventEnvelope<'FindingDeadlineNoticeIssued', { clockId: string; dueAt: string; unitId: string }>;

export type FindingEvent =
  | FindingRaised
  | FindingPlanned
  | FindingPlanProposed
  | FindingPlanApproved
  | FindingPlanRejected
  | FindingProgressRecorded
  | FindingEscalated
  | FindingReported
  | FindingVerified
  | FindingCarriedOver
  | FindingClosed
  | FindingCancelled
  | FindingFannedOut
  | FindingChildClosed
  | FindingDeadlineNoticeIssued
  | EvidenceAttached;

export type FindingEventType = FindingEvent['type'];
