import { setup, type SnapshotFrom } from 'xstate';
import { recordWith } from '../shared/derived-fold';
import { applyEscalation, belowHeadOffice, type EscalationTrack } from '../shared/escalation';
import type { EventMeta } from '../shared/event-envelope';
import type { Attachment } from '../shared/evidence';
import {
  TYPES_WITHOUT_RESPONSIBILITY,
  type CaseType,
  type ComplaintChannel,
  type ComplaintEvent,
  type ComplaintReplyData,
  type Customer,
  type Priority,
  type ReplyChannel,
  type Responsibility,
  type ResponsibilityDecisionData,
} from './complaint.events';

export type ComplaintNote = { text: string } & EventMeta;
export type ComplaintReply = ComplaintReplyData & EventMeta;
/**
 * A view carries this many of the newest notes (and replies), oldest first; the rest are in the
 * case's history. The context keeps no more notes than that, so a long case folds and copies in
 * constant space per event.
 */
export const LATEST_ENTRIES_SHOWN = 20;

export type ComplaintFollowUp = { satisfied: boolean; comment: string | null } & EventMeta;
/** `replyNumber`: the reply this attempt follows up, so that a reopened case counts its attempts afresh. */
export type ComplaintContactAttempt = { attemptedAt: string; channel: ReplyChannel; reached: boolean; note: string | null; replyNumber: number } & EventMeta;
/**
 * Seed 003: call again, and after three failed calls try another channel. The default number of
 * failed attempts after the latest reply that lets the follow-up end as "customer unreachable";
 * an SLA policy may set another, which each recorded attempt carries (`unreachableAfter`).
 */
export const DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE = 3;

/** Failed contact attempts following the latest reply. */
export const failedContactAttempts = (data: Pick<ComplaintData, 'contactAttempts' | 'replies'>): number =>
  data.contactAttempts.filter((attempt) => !attempt.reached && attempt.replyNumber === data.replies.length).length;

// --- 责任认定 by the owning department (issue 18) ---
export type ComplaintResponsibilityDecision = ResponsibilityDecisionData & EventMeta;

/** The complaint's finding that was not cancelled, if any: there is at most one at a time. */
export const liveFindingIdOf = (data: Pick<ComplaintData, 'linkedFindingIds' | 'cancelledFindingIds'>): string | null =>
  data.linkedFindingIds.filter((findingId) => !data.cancelledFindingIds.includes(findingId)).at(-1) ?? null;

/** The owning department's decision on the latest reply, once made. */
export const responsibilityDecisionOf = (data: Pick<ComplaintData, 'responsibilityDecisions' | 'replies'>): ComplaintResponsibilityDecision | null => {
  const latest = data.responsibilityDecisions.at(-1);
  return latest !== undefined && latest.replyNumber === data.replies.length ? latest : null;
};

/** The latest reply proposed a responsibility that the owning department has not decided on yet. */
export const awaitsResponsibilityDecision = (data: Pick<ComplaintData, 'caseType' | 'responsibilityDecisions' | 'replies'>): boolean =>
  !TYPES_WITHOUT_RESPONSIBILITY.includes(data.caseType) && (data.replies.at(-1)?.responsibility ?? null) !== null && responsibilityDecisionOf(data) === null;

/**
 * What the figures count: the owning department's decision on the latest reply, else the reply's
 * proposal while it awaits one; null before a reply and for praise and suggestions.
 */
export const responsibilityInForce = (data: Pick<ComplaintData, 'caseType' | 'responsibilityDecisions' | 'replies'>): Responsibility | null =>
  TYPES_WITHOUT_RESPONSIBILITY.includes(data.caseType) ? null : (responsibilityDecisionOf(data)?.responsibility ?? data.replies.at(-1)?.responsibility ?? null);
// --- end 责任认定 ---

export type ComplaintHandOver = { managerId: string; reason: string | null } & EventMeta;
export type ComplaintTransfer = { fromUnitId: string; toUnitId: string; reason: string } & EventMeta;

/** The machine context: everything the fold knows about one complaint. Plain JSON. */
export type ComplaintData = EscalationTrack & {
  complaintId: string;
  /** 案件编号 (see formatCaseNumber); null for a case registered before numbers existed. */
  number: string | null;
  channel: ComplaintChannel;
  caseType: CaseType;
  category: string;
  customer: Customer;
  /** An anonymous comment-book entry: `customer` holds no one, and no follow-up visit is owed. */
  anonymous: boolean;
  description: string;
  priority: Priority;
  unitId: string;
  receivedAt: string;
  registeredBy: string;
  createdAt: string;
  updatedAt: string;
  assigneeId: string | null;
  /** 转办 to the unit's complaint managers, oldest first. */
  handOvers: ComplaintHandOver[];
  /** 承诺办: the reply date agreed with the customer, if any (the latest promise counts). */
  promisedReplyBy: string | null;
  /** Sideways moves to the unit that should handle it, oldest first; `unitId` is the last one's. */
  transfers: ComplaintTransfer[];
  /** The newest LATEST_ENTRIES_SHOWN notes, oldest first. */
  notes: ComplaintNote[];
  /** Every note ever added. */
  notesCount: number;
  replies: ComplaintReply[];
  followUps: ComplaintFollowUp[];
  /** Follow-up calls and visits (回访), oldest first. */
  contactAttempts: ComplaintContactAttempt[];
  /** Set when a supervisor maintained the decision over the unsatisfied customer's objection. */
  decisionMaintained: ({ comment: string } & EventMeta) | null;
  /** The pending (or approved) request to maintain the decision; cleared when a supervisor refuses it. */
  decisionMaintenanceRequest: ({ comment: string } & EventMeta) | null;
  /** Failed contact attempts after which the customer counts as unreachable: the policy's number as the latest attempt recorded it. */
  unreachableAfter: number;
  /** Set when the follow-up ended with the customer unreachable. */
  unreachable: ({ failedAttempts: number; comment: string | null } & EventMeta) | null;
  linkedFindingIds: string[];
  /** Findings cancelled because the owning department decided the customer was responsible; they stay in linkedFindingIds. */
  cancelledFindingIds: string[];
  /** 责任认定 by the owning department, oldest first, each on one reply. */
  responsibilityDecisions: ComplaintResponsibilityDecision[];
  /** Evidence on file (留存备查), oldest first; the bytes are in the attachment store. */
  attachments: Attachment[];
  closure: EventMeta | null;
  withdrawal: ({ reason: string } & EventMeta) | null;
  /** Set once the customer's personal data was erased: every viewer then sees the erased marker. */
  customerErasure: ({ keyId: string | null; reason: string; requestReference: string } & EventMeta) | null;
};

/** Context of the `none` state; never shown, since an empty stream is a 404. */
const UNREGISTERED: ComplaintData = {
  complaintId: '',
  number: null,
  channel: 'walk_in',
  caseType: 'complaint',
  category: '',
  customer: { name: '', phone: null, idNumber: null },
  anonymous: false,
  description: '',
  priority: 'normal',
  unitId: '',
  responsibleUnitId: '',
  escalationLevel: 0,
  atHeadOffice: false,
  escalations: [],
  receivedAt: '',
  registeredBy: '',
  createdAt: '',
  updatedAt: '',
  assigneeId: null,
  handOvers: [],
  promisedReplyBy: null,
  transfers: [],
  notes: [],
  notesCount: 0,
  replies: [],
  followUps: [],
  contactAttempts: [],
  unreachable: null,
  decisionMaintained: null,
  decisionMaintenanceRequest: null,
  unreachableAfter: DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE,
  linkedFindingIds: [],
  cancelledFindingIds: [],
  responsibilityDecisions: [],
  attachments: [],
  closure: null,
  withdrawal: null,
  customerErasure: null,
};

/**
 * The context copied through one object literal, so that every copy has the same hidden class.
 * Spreading the context itself sees a new class each time V8 generalises a field during a fold;
 * the spread's inline cache then goes megamorphic and every later copy is about five times slower.
 */
const copyOf = (data: ComplaintData): ComplaintData => ({
  complaintId: data.complaintId,
  number: data.number,
  channel: data.channel,
  caseType: data.caseType,
  category: data.category,
  customer: data.customer,
  anonymous: data.anonymous,
  description: data.description,
  priority: data.priority,
  unitId: data.unitId,
  responsibleUnitId: data.responsibleUnitId,
  escalationLevel: data.escalationLevel,
  atHeadOffice: data.atHeadOffice,
  escalations: data.escalations,
  receivedAt: data.receivedAt,
  registeredBy: data.registeredBy,
  createdAt: data.createdAt,
  updatedAt: data.updatedAt,
  assigneeId: data.assigneeId,
  handOvers: data.handOvers,
  promisedReplyBy: data.promisedReplyBy,
  transfers: data.transfers,
  notes: data.notes,
  notesCount: data.notesCount,
  replies: data.replies,
  followUps: data.followUps,
  contactAttempts: data.contactAttempts,
  unreachable: data.unreachable,
  decisionMaintained: data.decisionMaintained,
  decisionMaintenanceRequest: data.decisionMaintenanceRequest,
  unreachableAfter: data.unreachableAfter,
  linkedFindingIds: data.linkedFindingIds,
  cancelledFindingIds: data.cancelledFindingIds,
  responsibilityDecisions: data.responsibilityDecisions,
  attachments: data.attachments,
  closure: data.closure,
  withdrawal: data.withdrawal,
  customerErasure: data.customerErasure,
});

/** How each accepted event changes the context; which events are accepted is the machine's job. */
export function recordComplaintEvent(data: ComplaintData, event: ComplaintEvent): ComplaintData {
  const touched = { ...copyOf(data), updatedAt: event.data.occurredAt };
  switch (event.type) {
    case 'ComplaintRegistered': {
      const { occurredAt, actorId, ...registration } = event.data;
      return {
        ...UNREGISTERED,
        ...registration,
        number: registration.number ?? null,
        anonymous: registration.anonymous ?? false,
        responsibleUnitId: registration.unitId,
        registeredBy: actorId,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }
    case 'ComplaintAssigned':
      return { ...touched, assigneeId: event.data.assigneeId };
    case 'ComplaintHandedOver':
      return { ...touched, assigneeId: event.data.managerId, handOvers: [...data.handOvers, event.data] };
    case 'ComplaintReplyPromised':
      return { ...touched, promisedReplyBy: event.data.promisedBy };
    case 'ComplaintNoteAdded':
      return { ...touched, notes: [...data.notes.slice(1 - LATEST_ENTRIES_SHOWN), event.data], notesCount: data.notesCount + 1 };
    case 'ComplaintReclassified':
      return { ...touched, caseType: event.data.caseType, category: event.data.category };
    case 'ComplaintEscalated':
    case 'ComplaintReferred':
      return applyEscalation(touched, event.data);
    case 'ComplaintTransferred': {
      const { fromUnitId, toUnitId, atHeadOffice, reason, occurredAt, actorId } = event.data;
      return {
        ...touched,
        unitId: toUnitId,
        responsibleUnitId: toUnitId,
        atHeadOffice,
        transfers: [...data.transfers, { fromUnitId, toUnitId, reason, occurredAt, actorId }],
      };
    }
    case 'ComplaintReplied': {
      const { findingId } = event.data;
      return {
        ...touched,
        replies: [...data.replies, event.data],
        linkedFindingIds: findingId === null ? data.linkedFindingIds : [...data.linkedFindingIds, findingId],
      };
    }
    case 'ComplaintVerified':
      return { ...touched, followUps: [...data.followUps, { ...event.data, satisfied: true }] };
    case 'ComplaintReopened':
      return { ...touched, followUps: [...data.followUps, { ...event.data, satisfied: false }] };
    case 'ComplaintContactAttempted': {
      const { unreachableAfter, ...attempt } = event.data;
      return {
        ...touched,
        contactAttempts: [...data.contactAttempts, { ...attempt, replyNumber: data.replies.length }],
        unreachableAfter: unreachableAfter ?? data.unreachableAfter,
      };
    }
    case 'ComplaintCustomerUnreachable':
      return { ...touched, unreachable: event.data };
    case 'ComplaintDecisionMaintenanceRequested':
      return { ...touched, decisionMaintenanceRequest: event.data };
    case 'ComplaintDecisionMaintenanceRefused':
      return { ...touched, decisionMaintenanceRequest: null };
    case 'ComplaintDecisionMaintained':
      return { ...touched, decisionMaintained: event.data };
    case 'ComplaintResponsibilityDecided': {
      const { raisesFindingId, cancelsFindingId } = event.data;
      return {
        ...touched,
        responsibilityDecisions: [...data.responsibilityDecisions, event.data],
        linkedFindingIds: raisesFindingId === null ? data.linkedFindingIds : [...data.linkedFindingIds, raisesFindingId],
        cancelledFindingIds: cancelsFindingId === null ? data.cancelledFindingIds : [...data.cancelledFindingIds, cancelsFindingId],
      };
    }
    case 'ComplaintClosed':
      return { ...touched, closure: event.data };
    case 'ComplaintWithdrawn':
      return { ...touched, withdrawal: event.data };
    case 'CustomerDataErased':
      return { ...touched, customerErasure: event.data };
    case 'EvidenceAttached':
      return { ...touched, attachments: [...data.attachments, event.data] };
  }
}

const record = 'record' as const;

/** Facts that can be recorded at any time before the case ends. */
const whileOpen = {
  ComplaintNoteAdded: { actions: record },
  EvidenceAttached: { actions: record },
  ComplaintWithdrawn: { target: 'withdrawn', actions: record },
} as const;

/**
 * 责任认定: once replied, until sign-off, the owning department confirms or overrides the latest
 * reply's proposed responsibility, once per reply. Sign-off does not wait for it (see
 * docs/complaint-process.md): the proposal counts until a decision replaces it.
 */
const whileAwaitingResponsibility = {
  ComplaintResponsibilityDecided: { guard: 'awaitsResponsibilityDecision', actions: record },
} as const;

/** 核实: the case is being investigated, either where it was received or after 上报. */
const whileWorking = {
  ...whileOpen,
  ComplaintAssigned: { actions: record },
  ComplaintHandedOver: { actions: record },
  ComplaintReplyPromised: { actions: record },
  ComplaintReclassified: { actions: record },
  ComplaintEscalated: { target: 'escalated', guard: 'belowHeadOffice', actions: record },
  ComplaintReferred: { target: 'escalated', guard: 'belowHeadOffice', actions: record },
  ComplaintReplied: { target: 'replied', actions: record },
} as const;

export const complaintMachine = setup({
  types: { context: {} as ComplaintData, events: {} as ComplaintEvent },
  actions: { record: recordWith(recordComplaintEvent) },
  guards: {
    belowHeadOffice,
    wasEscalated: ({ context }) => context.escalationLevel > 0,
    notEscalated: ({ context }) => context.escalationLevel === 0,
    /** Nobody to visit (an anonymous comment-book entry), or answered on the spot (即办): signed off without a follow-up visit. */
    noFollowUpOwed: ({ context }) => context.anonymous || context.replies.at(-1)?.onSpot === true,
    /** Registered and not erased yet: a second erasure has nothing left to erase. */
    /** Enough failed follow-up attempts since the latest reply to give up reaching the customer. */
    unreachable: ({ context }) => failedContactAttempts(context) >= context.unreachableAfter,
    erasable: ({ context }) => context.complaintId !== '' && context.customerErasure === null,
    awaitsResponsibilityDecision: ({ context }) => awaitsResponsibilityDecision(context),
  },
}).createMachine({
  id: 'complaint',
  initial: 'none',
  context: UNREGISTERED,
  // A lawful erasure cannot wait for the case to end, nor be refused once it has: every state takes it.
  on: { CustomerDataErased: { guard: 'erasable', actions: record } },
  states: {
    none: { on: { ComplaintRegistered: { target: 'received', actions: record } } },
    received: {
      description: '受理 registered, under investigation',
      // Only where it was registered: once escalated, the case belongs to the unit above.
      on: { ...whileWorking, ComplaintTransferred: { guard: 'notEscalated', actions: record } },
    },
    escalated: { description: '上报 escalated one level up, supervised', on: whileWorking },
    replied: {
      description: '回复 answered, awaiting the follow-up visit',
      on: {
        ...whileOpen,
        ...whileAwaitingResponsibility,
        ComplaintAssigned: { actions: record },
        ComplaintVerified: { target: 'verified', actions: record },
        ComplaintContactAttempted: { actions: record },
        ComplaintCustomerUnreachable: { target: 'verified', guard: 'unreachable', actions: record },
        ComplaintDecisionMaintenanceRequested: { target: 'decisionReview', actions: record },
        ComplaintClosed: { target: 'closed', guard: 'noFollowUpOwed', actions: record },
        // Unsatisfied: back to work at the level and unit it had reached.
        ComplaintReopened: [
          { target: 'escalated', guard: 'wasEscalated', actions: record },
          { target: 'received', actions: record },
        ],
      },
    },
    // 维持原处理意见: the handler asks, a supervisor approves (to sign-off) or refuses (the follow-up goes on).
    decisionReview: {
      description: "维持原处理意见 requested, awaiting a supervisor's approval",
      on: {
        ...whileOpen,
        ComplaintDecisionMaintained: { target: 'verified', actions: record },
        ComplaintDecisionMaintenanceRefused: { target: 'replied', actions: record },
      },
    },
    verified: {
      description: '回访 customer satisfied, unreachable or decision maintained, awaiting sign-off',
      on: { ...whileOpen, ...whileAwaitingResponsibility, ComplaintClosed: { target: 'closed', actions: record } },
    },
    closed: { type: 'final', description: '签字确认 signed off' },
    withdrawn: { type: 'final', description: 'withdrawn by the customer' },
  },
});

export type ComplaintState = SnapshotFrom<typeof complaintMachine>;
export type ComplaintStatus = Exclude<ComplaintState['value'], 'none'>;
