import { envelope } from '../shared/event-envelope';
import { EVIDENCE_SAMPLE, HQ, OTHER_SUB_BRANCH, OUTLET, orgTree, T0, evidenceVariant } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';
import { type ComplaintCommand, type ComplaintCommandType } from '../complaint/complaint.commands';
import { complaintDecider } from '../complaint/complaint.decider';
import type { ComplaintEvent, ComplaintEventType } from '../complaint/complaint.events';
import { awaitsResponsibilityDecision, failedContactAttempts, type ComplaintState } from '../complaint/complaint.machine';

const SAME = 'same status';
const BACK_TO_WORK = 'received, or escalated when it had been escalated';

/** The complaint lifecycle as the issue describes it, written without looking at the machine. */
const WORKING: Partial<Record<ComplaintEventType, string>> = {
  CustomerDataErased: SAME,
  ComplaintAssigned: SAME,
  ComplaintHandedOver: SAME,
  ComplaintReplyPromised: SAME,
  ComplaintNoteAdded: SAME,
  EvidenceAttached: SAME,
  ComplaintReclassified: SAME,
  ComplaintEscalated: 'escalated',
  ComplaintReferred: 'escalated',
  ComplaintReplied: 'replied',
  ComplaintWithdrawn: 'withdrawn',
};
const LIFECYCLE: Record<string, Partial<Record<ComplaintEventType, string>>> = {
  none: { ComplaintRegistered: 'received' },
  // Sideways only where it was registered, never once escalated.
  received: { ...WORKING, ComplaintTransferred: SAME },
  escalated: WORKING,
  replied: {
    CustomerDataErased: SAME,
    ComplaintAssigned: SAME,
    ComplaintNoteAdded: SAME,
    EvidenceAttached: SAME,
    ComplaintWithdrawn: 'withdrawn',
    ComplaintVerified: 'verified',
    ComplaintReopened: BACK_TO_WORK,
    ComplaintContactAttempted: SAME,
    // Only after enough failed attempts since the latest reply.
    ComplaintCustomerUnreachable: 'verified',
    ComplaintDecisionMaintenanceRequested: 'decisionReview',
    // Once per reply that proposed a responsibility; not for praise or suggestions.
    ComplaintResponsibilityDecided: SAME,
    // Only an anonymous comment-book entry or a case answered on the spot: signed off without a follow-up visit.
    ComplaintClosed: 'closed',
  },
  // A supervisor approves (on to sign-off) or refuses (the follow-up goes on) the handler's request to maintain the decision.
  decisionReview: {
    CustomerDataErased: SAME,
    ComplaintNoteAdded: SAME,
    EvidenceAttached: SAME,
    ComplaintWithdrawn: 'withdrawn',
    ComplaintDecisionMaintained: 'verified',
    ComplaintDecisionMaintenanceRefused: 'replied',
  },
  verified: {
    CustomerDataErased: SAME,
    ComplaintResponsibilityDecided: SAME,
    ComplaintNoteAdded: SAME,
    EvidenceAttached: SAME,
    ComplaintWithdrawn: 'withdrawn',
    ComplaintClosed: 'closed',
  },
  // Erasure is a legal duty that outlives the case.
  closed: { CustomerDataErased: SAME },
  withdrawn: { CustomerDataErased: SAME },
};

function sampleEvents(state: ComplaintState): ComplaintEvent[] {
  const data = state.context;
  const meta = { occurredAt: T0, actorId: 'handler-1' };
  const registration = {
    complaintId: 'c-1',
    channel: 'hotline',
    caseType: 'complaint',
    category: 'attitude',
    customer: { name: '陈**', phone: '400-000-0000', idNumber: null },
    description: '柜员态度冷漠、不耐烦',
    priority: 'normal',
    receivedAt: T0,
    ...meta,
  } as const;
  const toUnitId = orgTree.parentOf(data.responsibleUnitId) ?? 'above-head-office';
  return [
    envelope('ComplaintRegistered', { ...registration, unitId: OUTLET, atHeadOffice: false }),
    envelope('ComplaintRegistered', { ...registration, unitId: HQ, atHeadOffice: true }),
    envelope('ComplaintRegistered', {
      ...registration,
      channel: 'comment_book' as const,
      customer: { name: '', phone: null, idNumber: null },
      anonymous: true,
      unitId: OUTLET,
      atHeadOffice: false,
    }),
    envelope('ComplaintAssigned', { assigneeId: 'handler-2', ...meta }),
    envelope('ComplaintHandedOver', { managerId: 'manager-1', reason: null, ...meta }),
    envelope('ComplaintReplyPromised', { promisedBy: T0, ...meta }),
    envelope('ComplaintNoteAdded', { text: '已核实监控', ...meta }),
    envelope('ComplaintReclassified', { caseType: 'investigation' as const, category: 'process', previousCaseType: data.caseType, previousCategory: data.category, ...meta }),
    envelope('ComplaintEscalated', {
      fromUnitId: data.responsibleUnitId,
      toUnitId,
      level: data.escalationLevel + 1,
      atHeadOffice: orgTree.parentOf(toUnitId) === undefined,
      reason: 'overdue',
      automatic: true,
      ...meta,
    }),
    envelope('ComplaintReferred', {
      fromUnitId: data.responsibleUnitId,
      toUnitId: HQ,
      level: data.escalationLevel + 1,
      atHeadOffice: true,
      reason: 'beyond the outlet',
      automatic: false,
      bypassedUnitIds: [],
      ...meta,
    }),
    envelope('ComplaintTransferred', { fromUnitId: data.unitId, toUnitId: OTHER_SUB_BRANCH, atHeadOffice: false, reason: 'wrong unit', ...meta }),
    envelope('ComplaintReplied', {
      replyNumber: data.replies.length + 1,
      responsibility: 'customer' as const,
      text: '已解释',
      channel: 'phone' as const,
      onSpot: false,
      findingId: null,
      ...meta,
    }),
    envelope('ComplaintVerified', { comment: null, ...meta }),
    envelope('ComplaintReopened', { comment: '仍不满意', ...meta }),
    envelope('ComplaintContactAttempted', { attemptedAt: meta.occurredAt, channel: 'phone' as const, reached: false, note: null, ...meta }),
    envelope('ComplaintCustomerUnreachable', { failedAttempts: 3, comment: null, ...meta }),
    envelope('ComplaintDecisionMaintenanceRequested', { comment: '客户未提出新的理由', ...meta }),
    envelope('ComplaintDecisionMaintenanceRefused', { reason: '客户提出了新情况，须重新核实', ...meta }),
    envelope('ComplaintDecisionMaintained', { comment: '处理意见符合规定，维持原处理', ...meta }),
    envelope('ComplaintResponsibilityDecided', {
      replyNumber: data.replies.length,
      proposed: 'customer' as const,
      responsibility: 'valid' as const,
      reason: '经复核属银行责任',
      responsibleUnitId: OUTLET,
      responsibleStaffId: null,
      complainedStaffId: 'E1',
      raisesFindingId: 'c-1-d1',
      cancelsFindingId: null,
      ...meta,
    }),
    envelope('ComplaintClosed', meta),
    envelope('ComplaintWithdrawn', { reason: 'customer withdrew', ...meta }),
    envelope('CustomerDataErased', { keyId: 'k-1', reason: 'lawful request', requestReference: 'REQ-1', ...meta }),
    envelope('EvidenceAttached', { ...EVIDENCE_SAMPLE, ...meta }),
  ];
}

function expectedTarget(state: ComplaintState, event: ComplaintEvent): string | null {
  const status = complaintDecider.statusOf(state);
  const target = LIFECYCLE[status]?.[event.type];
  if (target === undefined) return null;
  if (event.type === 'CustomerDataErased' && state.context.customerErasure !== null) return null;
  if ((event.type === 'ComplaintEscalated' || event.type === 'ComplaintReferred') && state.context.atHeadOffice) return null;
  if (event.type === 'ComplaintTransferred' && state.context.escalationLevel > 0) return null;
  if (event.type === 'ComplaintClosed' && status === 'replied' && !state.context.anonymous && state.context.replies.at(-1)?.onSpot !== true) return null;
  if (event.type === 'ComplaintResponsibilityDecided' && !awaitsResponsibilityDecision(state.context)) return null;
  if (event.type === 'ComplaintCustomerUnreachable' && failedContactAttempts(state.context) < state.context.unreachableAfter) return null;
  if (target === BACK_TO_WORK) return state.context.escalationLevel > 0 ? 'escalated' : 'received';
  return target === SAME ? status : target;
}

function commandVariants(state: ComplaintState, type: ComplaintCommandType): ComplaintCommand[] {
  const registration = {
    type: 'register',
    complaintId: 'c-2',
    channel: 'letter',
    caseType: 'investigation',
    category: 'process',
    customer: { name: '王**' },
    description: '信息录入错误',
    unitId: OUTLET,
    receivedAt: T0,
    priority: 'urgent',
  } as const;
  const variants: { [K in ComplaintCommandType]: Extract<ComplaintCommand, { type: K }>[] } = {
    register: [
      registration,
      { ...registration, unitId: HQ },
      { ...registration, resolvedOnSpot: { reply: { responsibility: 'valid', text: '当场致歉并更正', channel: 'in_person' } } },
      { ...registration, resolvedOnSpot: { reply: { responsibility: 'customer', text: '当场解释', channel: 'in_person' } } },
      { ...registration, channel: 'comment_book', customer: undefined },
    ],
    assign: [{ type: 'assign', assigneeId: 'handler-2' }],
    'hand-over': [{ type: 'hand-over', managerId: 'manager-1', reason: '转投诉管理人' }],
    'promise-reply': [{ type: 'promise-reply', promisedBy: '2099-01-01T09:00:00Z' }],
    'add-note': [{ type: 'add-note', text: 'called the customer back' }],
    reclassify: [
      { type: 'reclassify', caseType: state.context.caseType === 'complaint' ? 'investigation' : 'complaint' },
      { type: 'reclassify', category: `${state.context.category}/queue` },
    ],
    escalate: [{ type: 'escalate', reason: 'needs the branch' }],
    transfer: [{ type: 'transfer', toUnitId: state.context.unitId === OTHER_SUB_BRANCH ? OUTLET : OTHER_SUB_BRANCH, reason: 'registered at the wrong unit' }],
    refer: [{ type: 'refer', reason: 'beyond the outlet' }],
    reply: [
      { type: 'reply', responsibility: 'valid', text: '已整改并致歉', channel: 'phone' },
      { type: 'reply', responsibility: 'customer', text: '已解释业务规定', channel: 'letter' },
    ],
    verify: [
      { type: 'verify', satisfied: true },
      { type: 'verify', satisfied: false, comment: '仍不满意' },
    ],
    'record-contact-attempt': [{ type: 'record-contact-attempt', attemptedAt: '2024-05-06T02:00:00Z', channel: 'phone', reached: false }],
    'record-unreachable': [{ type: 'record-unreachable' }],
    'request-decision-maintained': [{ type: 'request-decision-maintained', comment: '客户未提出新的理由' }],
    'maintain-decision': [{ type: 'maintain-decision', comment: '处理意见符合规定，维持原处理' }],
    'refuse-decision-maintained': [{ type: 'refuse-decision-maintained', reason: '客户提出了新情况，须重新核实' }],
    'decide-responsibility': [
      { type: 'decide-responsibility', responsibility: 'customer', reason: '经复核系客户对规定不了解' },
      { type: 'decide-responsibility', responsibility: 'valid', reason: '经复核属银行责任', responsibleUnitId: OUTLET, complainedStaffId: 'E1' },
    ],
    close: [{ type: 'close' }],
    withdraw: [{ type: 'withdraw', reason: 'customer withdrew' }],
    'erase-customer-data': [{ type: 'erase-customer-data', reason: 'lawful request', requestReference: 'REQ-1' }],
    'attach-evidence': [evidenceVariant(state.context.attachments.length)],
  };
  return variants[type];
}

/** Failed follow-up attempts matter while the follow-up is owed, up to the number that allows "customer unreachable". */
function failedAttemptsKey(state: ComplaintState): string {
  if (state.value !== 'replied') return '';
  const failed = Math.min(failedContactAttempts(state.context), state.context.unreachableAfter);
  return failed === 0 ? '' : `/failed-${failed}`;
}

/** Whether the owning department still has a responsibility to decide matters only once replied. */
function undecidedKey(state: ComplaintState): string {
  return (state.value === 'replied' || state.value === 'verified') && awaitsResponsibilityDecision(state.context) ? '/undecided' : '';
}

export const complaintLifecycle: LifecycleSpec<ComplaintState, ComplaintEvent, ComplaintCommand> = {
  decider: complaintDecider,
  statuses: Object.keys(LIFECYCLE),
  stateKey: (state) =>
    `${String(state.value)}@L${state.context.escalationLevel}${state.context.atHeadOffice ? '/hq' : ''}${state.context.customerErasure ? '/erased' : ''}${state.context.anonymous ? '/anonymous' : ''}${state.context.replies.at(-1)?.onSpot ? '/on-spot' : ''}${failedAttemptsKey(state)}${undecidedKey(state)}`,
  sampleEvents,
  expectedTarget,
  commandVariants,
  // Recorded by a supervisor straight from replied before requests existed: read as a request and its approval.
  upcastReadings: { replied: { ComplaintDecisionMaintained: 'verified' } },
};
