import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import { attachmentViews, type AttachmentView } from '../shared/evidence';
import type { ComplaintCommandType } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import type { Responsibility } from './complaint.events';
import {
  LATEST_ENTRIES_SHOWN,
  awaitsResponsibilityDecision,
  responsibilityInForce,
  type ComplaintData,
  type ComplaintReply,
  type ComplaintResponsibilityDecision,
  type ComplaintState,
  type ComplaintStatus,
} from './complaint.machine';

/** Read model of one complaint, plain JSON, computed from the folded state. */
export type ComplaintView = Omit<ComplaintData, 'complaintId' | 'attachments' | 'responsibilityDecisions'> & {
  attachments: AttachmentView[];
  /** `complainedStaffMasked` is set by the API for roles that may not see who the employee is. */
  responsibilityDecisions: (ComplaintResponsibilityDecision & { complainedStaffMasked: boolean })[];
  /** What the figures count (responsibilityInForce). */
  responsibility: Responsibility | null;
  awaitingResponsibilityDecision: boolean;
  id: string;
  kind: 'complaint';
  state: ComplaintStatus;
  /** The reply in force (the latest); earlier ones stay in `replies`. */
  reply: ComplaintReply | null;
  /** Every reply given; `replies` holds the newest LATEST_ENTRIES_SHOWN. */
  repliesCount: number;
  allowedCommands: ComplaintCommandType[];
};

/** Throws AggregateNotFoundError before ComplaintRegistered. */
export function toComplaintView(state: ComplaintState, actor?: Actor): ComplaintView {
  if (state.value === 'none') throw new AggregateNotFoundError('complaint');
  const { complaintId, ...data } = state.context;
  return {
    id: complaintId,
    kind: 'complaint',
    state: state.value,
    ...data,
    replies: data.replies.slice(-LATEST_ENTRIES_SHOWN),
    reply: data.replies.at(-1) ?? null,
    attachments: attachmentViews(data.attachments, data.customerErasure !== null),
    responsibilityDecisions: data.responsibilityDecisions.map((decision) => ({ ...decision, complainedStaffMasked: false })),
    responsibility: responsibilityInForce(data),
    awaitingResponsibilityDecision: awaitsResponsibilityDecision(data),
    repliesCount: data.replies.length,
    allowedCommands: complaintDecider.allowedCommands(state, actor),
  };
}
