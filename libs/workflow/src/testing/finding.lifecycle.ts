import { envelope } from '../shared/event-envelope';
import { BRANCH, EVIDENCE_SAMPLE, HQ, OTHER_SUB_BRANCH, OUTLET, SUB_BRANCH, evidenceVariant, minutesAfterT0, orgTree, T0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';
import { type FindingCommand, type FindingCommandType } from '../finding/finding.commands';
import { findingDecider } from '../finding/finding.decider';
import type { FindingEvent, FindingEventType } from '../finding/finding.events';
import type { FindingState } from '../finding/finding.machine';

const SAME = 'same status';

/** The finding lifecycle as the issue describes it, written without looking at the machine. */
const RECTIFYING: Partial<Record<FindingEventType, string>> = {
  FindingCancelled: 'cancelled',
  EvidenceAttached: SAME,
  FindingDeadlineNoticeIssued: SAME,
  FindingPlanned: SAME,
  FindingPlanProposed: 'planPending',
  FindingEscalated: 'escalated',
  FindingReported: 'replied',
};
const LIFECYCLE: Record<string, Partial<Record<FindingEventType, string>>> = {
  none: { FindingRaised: 'received' },
  received: { ...RECTIFYING, FindingPlanned: 'planned', FindingFannedOut: 'coordinating' },
  coordinating: { EvidenceAttached: SAME, FindingChildClosed: SAME, FindingClosed: 'closed' },
  planned: { ...RECTIFYING, FindingProgressRecorded: SAME },
  escalated: { ...RECTIFYING, FindingProgressRecorded: SAME },
  planPending: {
    FindingCancelled: 'cancelled',
    EvidenceAttached: SAME,
    FindingDeadlineNoticeIssued: SAME,
    FindingProgressRecorded: SAME,
    FindingPlanApproved: 'back',
    FindingPlanRejected: 'back',
  },
  replied: { FindingCancelled: 'cancelled', EvidenceAttached: SAME, FindingVerified: 'verified', FindingCarriedOver: 'planned' },
  verified: { FindingCancelled: 'cancelled', EvidenceAttached: SAME, FindingClosed: 'closed' },
  closed: {},
  // Only a finding raised by a complaint, when the customer was found responsible.
  cancelled: {},
};

/** 时间节点 of the sampled plans. */
const MILESTONE = { text: '晨会通报签退制度', dueAt: minutesAfterT0(60 * 24 * 3) };

const hasPlanOrWasFixedOnSpot = (state: FindingState): boolean => state.context.plan !== null || state.context.mode === 'on_spot';

function sampleEvents(state: FindingState): FindingEvent[] {
  const data = state.context;
  const meta = { occurredAt: T0, actorId: 'inspector-1' };
  const raised = {
    findingId: 'f-1',
    source: { kind: 'inspection', inspectionId: 'i-1' },
    category: 'internal_control',
    description: '柜员离席未签退',
    severity: 'major',
    ...meta,
  } as const;
  const toUnitId = orgTree.parentOf(data.responsibleUnitId) ?? 'above-head-office';
  return [
    envelope('FindingRaised', { ...raised, unitId: OUTLET, atHeadOffice: false, mode: 'deadline' as const }),
    envelope('FindingRaised', { ...raised, unitId: OUTLET, atHeadOffice: false, mode: 'on_spot' as const }),
    envelope('FindingRaised', { ...raised, unitId: HQ, atHeadOffice: true, mode: 'deadline' as const }),
    envelope('FindingRaised', { ...raised, source: { kind: 'complaint' as const, complaintId: 'c-1' }, unitId: OUTLET, atHeadOffice: false, mode: 'deadline' as const }),
    envelope('FindingPlanned', { measures: ['晨会强调签退'], ownerId: 'unit_head-1', dueAt: minutesAfterT0(60 * 24 * 7), milestones: [MILESTONE], ...meta }),
    envelope('FindingPlanProposed', { measures: ['晨会强调签退'], ownerId: 'unit_head-1', dueAt: minutesAfterT0(60 * 24 * 60), milestones: [MILESTONE], ...meta }),
    envelope('FindingPlanApproved', { dueAt: minutesAfterT0(60 * 24 * 60), milestones: [MILESTONE], ...meta }),
    envelope('FindingProgressRecorded', { milestone: 1, note: '已召开晨会', completed: false, ...meta }),
    envelope('FindingPlanRejected', { reason: '延期理由不充分', ...meta }),
    envelope('FindingEscalated', {
      fromUnitId: data.responsibleUnitId,
      toUnitId,
      level: data.escalationLevel + 1,
      atHeadOffice: orgTree.parentOf(toUnitId) === undefined,
      reason: 'plan overdue',
      automatic: true,
      ...meta,
    }),
    envelope('FindingReported', { report: '已组织培训', onSpot: false, ...meta }),
    envelope('FindingVerified', { comment: null, ...meta }),
    envelope('FindingCarriedOver', { comment: '复查仍未签退', ...meta }),
    envelope('FindingClosed', meta),
    envelope('FindingCancelled', { complaintId: 'c-1', reason: '责任认定为客户责任', ...meta }),
    envelope('FindingDeadlineNoticeIssued', { clockId: 'rectify', dueAt: T0, unitId: data.responsibleUnitId, ...meta }),
    envelope('EvidenceAttached', { ...EVIDENCE_SAMPLE, personalData: false, ...meta }),
    envelope('FindingFannedOut', { children: CHILDREN, ...meta }),
    envelope('FindingChildClosed', { findingId: nextChildToClose(state), ...meta }),
  ];
}

/** 举一反三 children of the sampled parent. */
const CHILDREN = [
  { findingId: 'f-1-1', unitId: SUB_BRANCH },
  { findingId: 'f-1-2', unitId: OTHER_SUB_BRANCH },
];
const closedChildren = (state: FindingState): number => state.context.children.filter((child) => state.context.closedChildIds.includes(child.findingId)).length;
const nextChildToClose = (state: FindingState): string =>
  (state.context.children.find((child) => !state.context.closedChildIds.includes(child.findingId)) ?? CHILDREN[0]).findingId;

function expectedTarget(state: FindingState, event: FindingEvent): string | null {
  const status = findingDecider.statusOf(state);
  const target = LIFECYCLE[status]?.[event.type];
  if (target === undefined) return null;
  if (event.type === 'FindingEscalated' && state.context.atHeadOffice) return null;
  if (event.type === 'FindingCancelled' && state.context.source.kind !== 'complaint') return null;
  if (event.type === 'FindingReported' && !hasPlanOrWasFixedOnSpot(state)) return null;
  // 落实情况 is recorded against the milestones of a plan in force.
  if (status === 'coordinating' && event.type === 'FindingClosed' && closedChildren(state) < state.context.children.length) return null;
  if (status === 'coordinating' && event.type === 'FindingChildClosed' && closedChildren(state) === state.context.children.length) return null;
  if (event.type === 'FindingProgressRecorded' && (state.context.plan?.milestones?.length ?? 0) === 0) return null;
  // Out of planPending: back to escalated when it was, else planned once a plan is in force (an approval always brings one).
  if (target === 'back') return state.context.escalationLevel > 0 ? 'escalated' : event.type === 'FindingPlanApproved' || state.context.plan !== null ? 'planned' : 'received';
  return target === SAME ? status : target;
}

function commandVariants(state: FindingState, type: FindingCommandType): FindingCommand[] {
  const raise = {
    type: 'raise',
    findingId: 'f-2',
    source: { kind: 'inspection', inspectionId: 'i-1' },
    unitId: OUTLET,
    category: 'environment',
    description: '一米线未设置',
    severity: 'minor',
    mode: 'deadline',
    dueAt: minutesAfterT0(60 * 24 * 30),
  } as const;
  const variants: { [K in FindingCommandType]: Extract<FindingCommand, { type: K }>[] } = {
    raise: [
      raise,
      { ...raise, mode: 'on_spot', dueAt: undefined, onSpotReport: '现场已设置一米线' },
      { ...raise, unitId: HQ, source: { kind: 'complaint', complaintId: 'c-1' }, severity: 'major' },
      { ...raise, unitId: BRANCH, childUnitIds: [SUB_BRANCH, OTHER_SUB_BRANCH] },
    ],
    plan: [
      {
        type: 'plan',
        measures: ['设置一米线', '晨会通报'],
        ownerId: 'unit_head-1',
        dueAt: minutesAfterT0(60 * 24 * 30),
        milestones: [{ text: '采购一米线', dueAt: minutesAfterT0(60 * 24 * 10) }],
      },
      // Beyond the raise variant's deadline: proposed for approval.
      { type: 'plan', measures: ['设置一米线'], ownerId: 'unit_head-1', dueAt: minutesAfterT0(60 * 24 * 45) },
    ],
    'approve-plan': [{ type: 'approve-plan' }],
    'reject-plan': [{ type: 'reject-plan', reason: '延期理由不充分' }],
    'record-child-closed': [{ type: 'record-child-closed', findingId: nextChildToClose(state) }],
    'record-progress': [{ type: 'record-progress', milestone: 1, note: '已召开晨会', completed: false }],
    escalate: [{ type: 'escalate', reason: 'overdue' }],
    report: [{ type: 'report', report: '一米线已设置' }],
    verify: [
      { type: 'verify', passed: true },
      { type: 'verify', passed: false, comment: '复查仍未设置', dueAt: minutesAfterT0(60 * 24 * 60) },
    ],
    close: [{ type: 'close' }],
    cancel: [{ type: 'cancel', complaintId: 'c-1', reason: '责任认定为客户责任' }],
    'issue-deadline-notice': [{ type: 'issue-deadline-notice', clockId: 'rectify', dueAt: T0 }],
    'attach-evidence': [evidenceVariant(state.context.attachments.length)],
  };
  return variants[type];
}

export const findingLifecycle: LifecycleSpec<FindingState, FindingEvent, FindingCommand> = {
  decider: findingDecider,
  statuses: Object.keys(LIFECYCLE),
  stateKey: (state) =>
    `${String(state.value)}@L${state.context.escalationLevel}${state.context.atHeadOffice ? '/hq' : ''}${state.context.source.kind === 'complaint' ? '/complaint' : ''}${state.context.plan === null ? '' : '+plan'}${hasPlanOrWasFixedOnSpot(state) ? '+ready' : ''}${state.context.children.length > 0 ? `+closed${closedChildren(state)}` : ''}`,
  sampleEvents,
  expectedTarget,
  commandVariants,
};
