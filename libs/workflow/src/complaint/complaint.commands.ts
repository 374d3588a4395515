import type { RoleGates } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import type { CaseType, ComplaintChannel, ComplaintEventType, Priority, ReplyChannel, Responsibility } from './complaint.events';

/** `responsibility` is the handler's proposal; required for complaints and investigation requests, refused for praise and suggestions. */
export type ReplyDetails = { responsibility?: Responsibility; text: string; channel: ReplyChannel };

export type RegisterComplaint = {
  type: 'register';
  /** Chosen by the command layer, which needs the stream name before deciding. */
  complaintId: string;
  channel: ComplaintChannel;
  caseType: CaseType;
  category: string;
  /** Left out only for an anonymous comment-book entry (channel `comment_book`). */
  customer?: { name: string; phone?: string; idNumber?: string };
  description: string;
  unitId: string;
  receivedAt: string;
  priority: Priority;
  /** 即办: answered on the spot; the reply is recorded at once and the case goes to `replied`. */
  resolvedOnSpot?: { reply: ReplyDetails };
};
export type AssignComplaint = { type: 'assign'; assigneeId: string };
/** 转办: to a complaint manager of the case's unit (the API checks the organisation file's list). */
export type HandOverComplaint = { type: 'hand-over'; managerId: string; reason?: string };
/** 承诺办: an ISO instant agreed with the customer, no later than the policy's reply deadline (the SLA checks). */
export type PromiseReply = { type: 'promise-reply'; promisedBy: string };
export type AddComplaintNote = { type: 'add-note'; text: string };
/** At least one of caseType and category, e.g. a 协查 investigation reclassified as a complaint. */
export type ReclassifyComplaint = { type: 'reclassify'; caseType?: CaseType; category?: string };
export type EscalateComplaint = { type: 'escalate'; reason: string };
/** Sideways to the unit that should handle it; the API checks the unit is within the actor's reach. */
export type TransferComplaint = { type: 'transfer'; toUnitId: string; reason: string };
/** Straight to head office (报总行), by the unit head, in one step. */
export type ReferComplaint = { type: 'refer'; reason: string };
export type ReplyToComplaint = { type: 'reply' } & ReplyDetails;
/** Follow-up visit 回访; `comment` is required when the customer is not satisfied. */
export type VerifyComplaint = { type: 'verify'; satisfied: boolean; comment?: string };
/**
 * One follow-up call or visit (回访), reached or not; `attemptedAt` is not in the future.
 * `unreachableAfter` is the case's SLA policy's number, set by the API (never by the client);
 * without it the case keeps the number it has.
 */
export type RecordContactAttempt = { type: 'record-contact-attempt'; attemptedAt: string; channel: ReplyChannel; reached: boolean; note?: string; unreachableAfter?: number };
/** Ends the follow-up as "customer unreachable", once the policy's number of attempts since the reply failed. */
export type RecordCustomerUnreachable = { type: 'record-unreachable'; comment?: string };
/** The customer stays unsatisfied without a new reason: the handler asks a supervisor to let the decision stand. */
export type RequestDecisionMaintained = { type: 'request-decision-maintained'; comment: string };
/** A supervisor approves the request: the decision stands and the case goes on to sign-off. */
export type MaintainDecision = { type: 'maintain-decision'; comment: string };
/** A supervisor refuses the request: the follow-up goes on. */
export type RefuseDecisionMaintained = { type: 'refuse-decision-maintained'; reason: string };
/**
 * 责任认定 by the owning department: confirms the latest reply's proposed responsibility or, with a
 * reason, overrides it; names the responsible unit and/or person when the bank is at fault, and the
 * employee complained about. Staff ids are checked against the organisation file by the API.
 */
export type DecideResponsibility = {
  type: 'decide-responsibility';
  responsibility: Responsibility;
  reason?: string;
  responsibleUnitId?: string;
  responsibleStaffId?: string;
  complainedStaffId?: string;
};
export type CloseComplaint = { type: 'close' };
export type WithdrawComplaint = { type: 'withdraw'; reason: string };
/** A lawful request to erase the customer's personal data; allowed in every state, a no-op once done. */
export type EraseCustomerData = { type: 'erase-customer-data'; reason: string; requestReference: string };

export type ComplaintCommand =
  | RegisterComplaint
  | AssignComplaint
  | HandOverComplaint
  | PromiseReply
  | AddComplaintNote
  | ReclassifyComplaint
  | EscalateComplaint
  | TransferComplaint
  | ReferComplaint
  | ReplyToComplaint
  | VerifyComplaint
  | RecordContactAttempt
  | RecordCustomerUnreachable
  | RequestDecisionMaintained
  | MaintainDecision
  | RefuseDecisionMaintained
  | DecideResponsibility
  | CloseComplaint
  | WithdrawComplaint
  | EraseCustomerData
  | AttachEvidence;

export type ComplaintCommandType = ComplaintCommand['type'];

export const COMPLAINT_COMMAND_EVENTS: Readonly<Record<ComplaintCommandType, readonly ComplaintEventType[]>> = {
  register: ['ComplaintRegistered'],
  assign: ['ComplaintAssigned'],
  'hand-over': ['ComplaintHandedOver'],
  'promise-reply': ['ComplaintReplyPromised'],
  'add-note': ['ComplaintNoteAdded'],
  reclassify: ['ComplaintReclassified'],
  escalate: ['ComplaintEscalated'],
  transfer: ['ComplaintTransferred'],
  refer: ['ComplaintReferred'],
  reply: ['ComplaintReplied'],
  verify: ['ComplaintVerified', 'ComplaintReopened'],
  'record-contact-attempt': ['ComplaintContactAttempted'],
  'record-unreachable': ['ComplaintCustomerUnreachable'],
  'request-decision-maintained': ['ComplaintDecisionMaintenanceRequested'],
  'maintain-decision': ['ComplaintDecisionMaintained'],
  'refuse-decision-maintained': ['ComplaintDecisionMaintenanceRefused'],
  'decide-responsibility': ['ComplaintResponsibilityDecided'],
  close: ['ComplaintClosed'],
  withdraw: ['ComplaintWithdrawn'],
  'erase-customer-data': ['CustomerDataErased'],
  'attach-evidence': ['EvidenceAttached'],
};

const CASE_WORKERS = ['handler', 'unit_head', 'supervisor'] as const;

export const COMPLAINT_ROLE_GATES: RoleGates<ComplaintCommandType> = {
  register: CASE_WORKERS,
  assign: ['unit_head', 'supervisor'],
  // 首问负责制: whoever took the case first may pass it to the outlet's complaint manager.
  'hand-over': CASE_WORKERS,
  'promise-reply': CASE_WORKERS,
  'add-note': CASE_WORKERS,
  reclassify: CASE_WORKERS,
  // Manual escalation needs the unit head's (or supervisor's) confirmation; 'system' is the SLA.
  escalate: ['unit_head', 'supervisor', 'system'],
  transfer: CASE_WORKERS,
  // Seed 002: the outlet's head reports a case beyond its authority to head office.
  refer: ['unit_head'],
  reply: CASE_WORKERS,
  verify: CASE_WORKERS,
  'record-contact-attempt': CASE_WORKERS,
  'record-unreachable': CASE_WORKERS,
  'request-decision-maintained': CASE_WORKERS,
  // Closing a case over the customer's objection needs a supervisor's approval.
  'maintain-decision': ['supervisor'],
  'refuse-decision-maintained': ['supervisor'],
  // Seed 003 "对…有关单位的责任认定和考核": the owning department's supervisors (the API checks which unit).
  'decide-responsibility': ['supervisor'],
  // 签字确认 (seed 002 "由网点负责人签字确认"): the head of the responsible unit, nobody else (see standingConflict).
  close: ['unit_head'],
  withdraw: CASE_WORKERS,
  // A legal act on the bank's records, not case work: the administrator executes it.
  'erase-customer-data': ['admin'],
  'attach-evidence': CASE_WORKERS,
};
