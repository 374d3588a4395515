import type { StoredCustomer } from '@duban/personal-data';
import type { EscalationData } from '../shared/escalation';
import type { EvidenceAttached } from '../shared/evidence';
import type { Numbered } from '../shared/case-number';
import { decodeWorkflowEvent, type EventEnvelope, type EventMeta, type StoredEvent } from '../shared/event-envelope';

/** `outlet_phone`: a call made straight to the outlet, unlike `hotline`, a transfer from the call centre (热线转交). */
export const COMPLAINT_CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'outlet_phone', 'online'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

/** 投诉 complaint, 协查 investigation request, 建议 suggestion, 表扬 praise. */
export const CASE_TYPES = ['complaint', 'investigation', 'suggestion', 'praise'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** 责任认定: valid = bank at fault (opens a rectification finding); customer = customer's responsibility. */
export const RESPONSIBILITIES = ['valid', 'customer'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** 表扬 praise and 建议 suggestions blame nobody: no responsibility is proposed or decided, and they never count in the valid rate. */
export const TYPES_WITHOUT_RESPONSIBILITY: readonly CaseType[] = ['praise', 'suggestion'];

/** `comment_book`: answered in the comment book (客户意见簿), the only answer an anonymous entry can get. */
export const REPLY_CHANNELS = ['phone', 'letter', 'sms', 'in_person', 'email', 'comment_book'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/**
 * The customer as recorded: sealed per customer (see @duban/personal-data) by the command layer
 * before the append, or plain in events recorded before sealing existed. The decider builds it plain.
 */
export type Customer = StoredCustomer;

export type ComplaintRegisteredData = Numbered & {
  complaintId: string;
  channel: ComplaintChannel;
  caseType: CaseType;
  category: string;
  customer: Customer;
  description: string;
  priority: Priority;
  /** Owning unit; it is also the first responsible unit. */
  unitId: string;
  /** The owning unit is head office, so the case can never be escalated. */
  atHeadOffice: boolean;
  /** When the bank received it; a letter may carry an earlier date than the registration. */
  receivedAt: string;
  /** An anonymous comment-book entry (客户意见簿): no customer is recorded and no follow-up visit is owed. Absent before it existed. */
  anonymous?: boolean;
};

export type ComplaintReplyData = {
  /** 1 for the first reply, 2 after one reopen, and so on. */
  replyNumber: number;
  /**
   * The responsibility the handler proposes (责任认定); the owning department confirms or overrides
   * it (ComplaintResponsibilityDecided). Null for praise and suggestions, which blame nobody.
   */
  responsibility: Responsibility | null;
  text: string;
  channel: ReplyChannel;
  /** 即办: answered during registration. */
  onSpot: boolean;
  /**
   * Set on a valid reply while the complaint has no live finding (one finding per complaint): the id of the rectification
   * finding the command layer must raise, from findingIdForComplaintReply(complaintId, replyNumber).
   */
  findingId: string | null;
};

export type ComplaintRegistered = EventEnvelope<'ComplaintRegistered', ComplaintRegisteredData>;

/** ComplaintRegistered's data as read from a stream outside the fold (checked where it is relied on). */
export function decodeComplaintRegistered(event: Pick<StoredEvent, 'type' | 'data'>): ComplaintRegisteredData & EventMeta {
  return decodeWorkflowEvent(event, ['ComplaintRegistered'], { complaintId: 'string', unitId: 'string', receivedAt: 'string' });
}

/** ComplaintReplied's data as read from a stream outside the fold, e.g. for the finding a valid reply raises. */
export function decodeComplaintReplied(event: Pick<StoredEvent, 'type' | 'data'>): ComplaintReplyData & EventMeta {
  return decodeWorkflowEvent(event, ['ComplaintReplied'], { replyNumber: 'number', responsibility: 'string or null', findingId: 'string or null' });
}
export type ComplaintAssigned = EventEnvelope<'ComplaintAssigned', { assigneeId: string }>;
/** 转办: the first-contact handler passed the case to a complaint manager (投诉管理人) of its unit. */
export type ComplaintHandedOver = EventEnvelope<'ComplaintHandedOver', { managerId: string; reason: string | null }>;
/** Registered at the wrong unit: moved sideways to the unit that should handle it. Clocks run on from receipt. */
export type ComplaintTransferred = EventEnvelope<'ComplaintTransferred', { fromUnitId: string; toUnitId: string; atHeadOffice: boolean; reason: string }>;
/**
 * Beyond the outlet's authority: referred by the unit head straight to head office's service
 * department (报总行规范服务管理部门) in one step. An escalation to the root that names the units it
 * passed over, so they too become units the case climbed from (they may add notes, not decide).
 */
export type ComplaintReferred = EventEnvelope<'ComplaintReferred', EscalationData & { bypassedUnitIds: string[] }>;
/** 承诺办: the reply date agreed with the customer; the SLA makes it the reply deadline. */
export type ComplaintReplyPromised = EventEnvelope<'ComplaintReplyPromised', { promisedBy: string }>;
export type ComplaintNoteAdded = EventEnvelope<'ComplaintNoteAdded', { text: string }>;
export type ComplaintReclassified = EventEnvelope<'ComplaintReclassified', { caseType: CaseType; category: string; previousCaseType: CaseType; previousCategory: string }>;
export type ComplaintEscalated = EventEnvelope<'ComplaintEscalated', EscalationData>;
export type ComplaintReplied = EventEnvelope<'ComplaintReplied', ComplaintReplyData>;
export type ComplaintVerified = EventEnvelope<'ComplaintVerified', { comment: string | null }>;
/** Follow-up found the customer unsatisfied: the case goes back to work at its current level. */
export type ComplaintReopened = EventEnvelope<'ComplaintReopened', { comment: string }>;
/**
 * 回访 call or visit: `attemptedAt` is when it was made, `reached` whether the customer answered.
 * `unreachableAfter`: the case's SLA policy's number of failed attempts before "customer
 * unreachable" when this was recorded; absent on attempts recorded before policies set it (3 then).
 */
export type ComplaintContactAttempted = EventEnvelope<
  'ComplaintContactAttempted',
  { attemptedAt: string; channel: ReplyChannel; reached: boolean; note: string | null; unreachableAfter?: number }
>;
/** The follow-up ended without reaching the customer after `failedAttempts` failed contact attempts; the case goes on to sign-off. */
export type ComplaintCustomerUnreachable = EventEnvelope<'ComplaintCustomerUnreachable', { failedAttempts: number; comment: string | null }>;
/** The customer stays unsatisfied without a new reason: the handler asks to maintain the decision (维持原处理意见). */
export type ComplaintDecisionMaintenanceRequested = EventEnvelope<'ComplaintDecisionMaintenanceRequested', { comment: string }>;
/** A supervisor refused to maintain the decision: the follow-up goes on (reopen, or try again). */
export type ComplaintDecisionMaintenanceRefused = EventEnvelope<'ComplaintDecisionMaintenanceRefused', { reason: string }>;
/** Unsatisfied, decision maintained (维持原处理意见), approved by a supervisor: the case goes on to sign-off. */
export type ComplaintDecisionMaintained = EventEnvelope<'ComplaintDecisionMaintained', { comment: string }>;
// --- 责任认定 by the owning department (issue 18) ---
export type ResponsibilityDecisionData = {
  /** The reply whose proposed responsibility this decides. */
  replyNumber: number;
  /** What the reply proposed. */
  proposed: Responsibility;
  /** The final decision: equal to `proposed` when confirmed, else an override. */
  responsibility: Responsibility;
  /** Why; required for an override. */
  reason: string | null;
  /** 责任单位 and 责任人 (staff id), at least one when the bank is at fault. */
  responsibleUnitId: string | null;
  responsibleStaffId: string | null;
  /** 被投诉员工 by staff id; shown only to unit heads, supervisors and auditors. */
  complainedStaffId: string | null;
  /** An override to valid with no live finding: the finding to raise, from findingIdForResponsibilityDecision. */
  raisesFindingId: string | null;
  /** A decision for customer responsibility while a finding is live: the finding to cancel. */
  cancelsFindingId: string | null;
};
/** A supervisor of the owning department (head office, or the branch where the policy says so) confirmed or overrode the proposed responsibility. */
export type ComplaintResponsibilityDecided = EventEnvelope<'ComplaintResponsibilityDecided', ResponsibilityDecisionData>;

/** ComplaintResponsibilityDecided's data as read from a stream outside the fold, e.g. for the finding it raises or cancels. */
export function decodeResponsibilityDecided(event: Pick<StoredEvent, 'type' | 'data'>): ResponsibilityDecisionData & EventMeta {
  return decodeWorkflowEvent(event, ['ComplaintResponsibilityDecided'], { replyNumber: 'number', raisesFindingId: 'string or null', cancelsFindingId: 'string or null' });
}

/** Deterministic id of the finding an override to valid raises, so a retried follow-up raises it once. */
export function findingIdForResponsibilityDecision(complaintId: string, replyNumber: number): string {
  return `${complaintId}-d${replyNumber}`;
}
// --- end 责任认定 ---

export type ComplaintClosed = EventEnvelope<'ComplaintClosed', Record<never, never>>;
export type ComplaintWithdrawn = EventEnvelope<'ComplaintWithdrawn', { reason: string }>;
/**
 * Lawful erasure (crypto-shredding): the customer's key `keyId` is destroyed right after this is
 * recorded, so the sealed customer can never be read again; null for a legacy plain customer.
 */
export type CustomerDataErased = EventEnvelope<'CustomerDataErased', { keyId: string | null; reason: string; requestReference: string }>;

export type ComplaintEvent =
  | ComplaintRegistered
  | ComplaintAssigned
  | ComplaintHandedOver
  | ComplaintReplyPromised
  | ComplaintNoteAdded
  | ComplaintReclassified
  | ComplaintEscalated
  | ComplaintTransferred
  | ComplaintReferred
  | ComplaintReplied
  | ComplaintVerified
  | ComplaintReopened
  | ComplaintContactAttempted
  | ComplaintCustomerUnreachable
  | ComplaintDecisionMaintenanceRequested
  | ComplaintDecisionMaintenanceRefused
  | ComplaintDecisionMaintained
  | ComplaintResponsibilityDecided
  | ComplaintClosed
  | ComplaintWithdrawn
  | CustomerDataErased
  | EvidenceAttached;

export type ComplaintEventType = ComplaintEvent['type'];

/**
 * Deterministic id of the finding a valid reply opens. Retrying the reply's follow-up (raising the
 * finding) after a crash yields the same id, so appending to the finding stream with
 * expectedRevision 'no_stream' makes the retry an idempotent no-op instead of a second finding.
 */
export function findingIdForComplaintReply(complaintId: string, replyNumber: number): string {
  return `${complaintId}-r${replyNumber}`;
}
