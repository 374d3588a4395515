import { setup, type SnapshotFrom } from 'xstate';
import { recordWith } from '../shared/derived-fold';
import { applyEscalation, belowHeadOffice, type EscalationTrack } from '../shared/escalation';
import type { EventMeta } from '../shared/event-envelope';
import type { Attachment } from '../shared/evidence';
import type { ChildFinding, FindingEvent, FindingSource, RectificationMode, RectificationPlan, Severity } from './finding.events';

export type FindingReport = { report: string; onSpot: boolean } & EventMeta;
export type Reinspection = { passed: boolean; comment: string | null } & EventMeta;
export type ProgressNote = { milestone: number; note: string; completed: boolean } & EventMeta;
export type DeadlineNotice = { clockId: string; dueAt: string; unitId: string } & EventMeta;

/** The machine context: everything the fold knows about one finding. Plain JSON. */
export type FindingData = EscalationTrack & {
  findingId: string;
  /** 案件编号 (see formatCaseNumber); null for a case registered before numbers existed. */
  number: string | null;
  source: FindingSource;
  unitId: string;
  category: string;
  description: string;
  severity: Severity;
  mode: RectificationMode;
  raisedBy: string;
  createdAt: string;
  updatedAt: string;
  /** 限期 in force: set when raised, renewed when carried over; null when none was set. */
  dueAt: string | null;
  /** The employee responsible (工号), when named; null otherwise. */
  staffId: string | null;
  plan: (RectificationPlan & EventMeta) | null;
  /** A plan beyond the deadline awaiting the inspector's approval; null otherwise. */
  proposedPlan: (RectificationPlan & EventMeta) | null;
  reports: FindingReport[];
  reinspections: Reinspection[];
  /** 落实情况 against the milestones, oldest first; those before the plan in force were against an earlier plan. */
  progress: ProgressNote[];
  /** Failed re-inspections so far (遗留问题 carried over). */
  carryOverCount: number;
  /** Evidence on file (整改照片, re-inspection notes), oldest first; the bytes are in the attachment store. */
  attachments: Attachment[];
  /** 限期整改通知 issued when the finding went overdue, oldest first. */
  deadlineNotices: DeadlineNotice[];
  closure: EventMeta | null;
  /** Set when a responsibility decision on its complaint cancelled it. */
  cancellation: ({ complaintId: string; reason: string } & EventMeta) | null;
  /** An earlier finding this one repeats; null when none was named. */
  repeats: string | null;
  /** 举一反三: the parent this finding was raised under; null otherwise. */
  parentId: string | null;
  /** 举一反三 parent: one linked finding per unit, and those closed so far. */
  children: ChildFinding[];
  closedChildIds: string[];
};

/** Context of the `none` state; never shown, since an empty stream is a 404. */
const UNRAISED: FindingData = {
  findingId: '',
  number: null,
  source: { kind: 'inspection', inspectionId: '' },
  unitId: '',
  category: '',
  description: '',
  severity: 'minor',
  mode: 'deadline',
  responsibleUnitId: '',
  escalationLevel: 0,
  atHeadOffice: false,
  escalations: [],
  raisedBy: '',
  createdAt: '',
  updatedAt: '',
  dueAt: null,
  staffId: null,
  plan: null,
  proposedPlan: null,
  reports: [],
  reinspections: [],
  progress: [],
  carryOverCount: 0,
  attachments: [],
  deadlineNotices: [],
  closure: null,
  cancellation: null,
  repeats: null,
  parentId: null,
  children: [],
  closedChildIds: [],
};

/** One object literal for every copy of the context, for the reason given at the complaint's copyOf. */
const copyOf = (data: FindingData): FindingData => ({
  findingId: data.findingId,
  number: data.number,
  source: data.source,
  unitId: data.unitId,
  category: data.category,
  description: data.description,
  severity: data.severity,
  mode: data.mode,
  responsibleUnitId: data.responsibleUnitId,
  escalationLevel: data.escalationLevel,
  atHeadOffice: data.atHeadOffice,
  escalations: data.escalations,
  raisedBy: data.raisedBy,
  createdAt: data.createdAt,
  updatedAt: data.updatedAt,
  dueAt: data.dueAt,
  staffId: data.staffId,
  plan: data.plan,
  proposedPlan: data.proposedPlan,
  reports: data.reports,
  reinspections: data.reinspections,
  progress: data.progress,
  carryOverCount: data.carryOverCount,
  attachments: data.attachments,
  deadlineNotices: data.deadlineNotices,
  closure: data.closure,
  cancellation: data.cancellation,
  repeats: data.repeats,
  parentId: data.parentId,
  children: data.children,
  closedChildIds: data.closedChildIds,
});

/** How each accepted event changes the context; which events are accepted is the machine's job. */
export function recordFindingEvent(data: FindingData, event: FindingEvent): FindingData {
  const touched = { ...copyOf(data), updatedAt: event.data.occurredAt };
  switch (event.type) {
    case 'FindingRaised': {
      const { occurredAt, actorId, ...raised } = event.data;
      return {
        ...UNRAISED,
        ...raised,
        number: raised.number ?? null,
        dueAt: raised.dueAt ?? null,
        staffId: raised.staffId ?? null,
        repeats: raised.repeats ?? null,
        parentId: raised.parentId ?? null,
        responsibleUnitId: raised.unitId,
        raisedBy: actorId,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }
    case 'FindingPlanned':
      return { ...touched, plan: event.data };
    case 'FindingPlanProposed':
      return { ...touched, proposedPlan: event.data };
    case 'FindingPlanApproved':
      return { ...touched, plan: data.proposedPlan, proposedPlan: null, dueAt: event.data.dueAt };
    case 'FindingPlanRejected':
      return { ...touched, proposedPlan: null };
    case 'FindingProgressRecorded':
      return { ...touched, progress: [...data.progress, event.data] };
    case 'FindingEscalated':
      return applyEscalation(touched, event.data);
    case 'FindingReported':
      return { ...touched, reports: [...data.reports, event.data] };
    case 'FindingVerified':
      return { ...touched, reinspections: [...data.reinspections, { ...event.data, passed: true }] };
    case 'FindingCarriedOver': {
      const { dueAt, ...reinspection } = event.data;
      return {
        ...touched,
        dueAt: dueAt ?? data.dueAt,
        reinspections: [...data.reinspections, { ...reinspection, passed: false }],
        carryOverCount: data.carryOverCount + 1,
      };
    }
    case 'EvidenceAttached':
      return { ...touched, attachments: [...data.attachments, event.data] };
    case 'FindingDeadlineNoticeIssued':
      return { ...touched, deadlineNotices: [...data.deadlineNotices, event.data] };
    case 'FindingClosed':
      return { ...touched, closure: event.data };
    case 'FindingCancelled':
      return { ...touched, cancellation: event.data };
    case 'FindingFannedOut':
      return { ...touched, children: event.data.children };
    case 'FindingChildClosed':
      return { ...touched, closedChildIds: [...data.closedChildIds, event.data.findingId] };
  }
}

const record = 'record' as const;

/** Until it is closed, a finding raised by a complaint is cancelled when the customer was found responsible (责任认定). */
const cancellable = { FindingCancelled: { target: 'cancelled', guard: 'fromComplaint', actions: record } } as const;

/** Facts accepted wherever the unit is still rectifying (received, planned, escalated). */
const whileRectifying = {
  ...cancellable,
  EvidenceAttached: { actions: record },
  FindingDeadlineNoticeIssued: { actions: record },
  FindingEscalated: { target: 'escalated', guard: 'belowHeadOffice', actions: record },
  FindingReported: { target: 'replied', guard: 'readyToReport', actions: record },
  FindingPlanProposed: { target: 'planPending', actions: record },
} as const;
/** 落实情况, against the milestones of the plan in force. */
const progress = { FindingProgressRecorded: { guard: 'hasMilestones', actions: record } } as const;

/** Back from planPending to where the finding was: escalated stays escalated, else planned once a plan is in force. */
const afterApproval = [
  { target: 'escalated', guard: 'wasEscalated', actions: record },
  { target: 'planned', actions: record },
] as const;
const afterRejection = [
  { target: 'escalated', guard: 'wasEscalated', actions: record },
  { target: 'planned', guard: 'hasPlan', actions: record },
  { target: 'received', actions: record },
] as const;

export const findingMachine = setup({
  types: { context: {} as FindingData, events: {} as FindingEvent },
  actions: { record: recordWith(recordFindingEvent) },
  guards: {
    belowHeadOffice,
    // A deadline rectification is reported against a plan; an on-spot one was fixed in front of the inspector.
    readyToReport: ({ context }) => context.plan !== null || context.mode === 'on_spot',
    wasEscalated: ({ context }) => context.escalationLevel > 0,
    hasPlan: ({ context }) => context.plan !== null,
    fromComplaint: ({ context }) => context.source.kind === 'complaint',
    childOpen: ({ context }) => context.children.some((child) => !context.closedChildIds.includes(child.findingId)),
    // 举一反三: the parent closes with its last child.
    allChildrenClosed: ({ context }) => context.children.every((child) => context.closedChildIds.includes(child.findingId)),
    hasMilestones: ({ context }) => (context.plan?.milestones?.length ?? 0) > 0,
  },
}).createMachine({
  id: 'finding',
  initial: 'none',
  context: UNRAISED,
  states: {
    none: { on: { FindingRaised: { target: 'received', actions: record } } },
    received: {
      description: 'raised, awaiting a rectification plan',
      on: { ...whileRectifying, FindingPlanned: { target: 'planned', actions: record }, FindingFannedOut: { target: 'coordinating', actions: record } },
    },
    coordinating: {
      description: '举一反三 raised for many units: one linked finding each; closes when all of them are closed',
      on: {
        EvidenceAttached: { actions: record },
        FindingChildClosed: { guard: 'childOpen', actions: record },
        FindingClosed: { target: 'closed', guard: 'allChildrenClosed', actions: record },
      },
    },
    planned: {
      description: '整改方案 plan with measures, owner and deadline',
      on: { ...whileRectifying, ...progress, FindingPlanned: { actions: record } },
    },
    escalated: {
      description: 'escalated one level up, supervised',
      on: { ...whileRectifying, ...progress, FindingPlanned: { actions: record } },
    },
    planPending: {
      description: "待审批 plan beyond the deadline, awaiting the inspector's approval",
      on: {
        ...cancellable,
        EvidenceAttached: { actions: record },
        FindingDeadlineNoticeIssued: { actions: record },
        ...progress,
        FindingPlanApproved: afterApproval,
        FindingPlanRejected: afterRejection,
      },
    },
    replied: {
      description: '书面反馈 rectification reported, awaiting re-inspection',
      on: {
        ...cancellable,
        EvidenceAttached: { actions: record },
        FindingVerified: { target: 'verified', actions: record },
        FindingCarriedOver: { target: 'planned', actions: record },
      },
    },
    verified: {
      description: '效果评估 re-inspection passed, awaiting close',
      on: { ...cancellable, EvidenceAttached: { actions: record }, FindingClosed: { target: 'closed', actions: record } },
    },
    closed: { type: 'final', description: 'closed' },
    cancelled: { type: 'final', description: '撤销 the customer was found responsible for its complaint (责任认定)' },
  },
});

export type FindingState = SnapshotFrom<typeof findingMachine>;
export type FindingStatus = Exclude<FindingState['value'], 'none'>;
