import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import type { Attachment } from '../shared/evidence';
import type { ComplaintCommandType } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import type { ComplaintData, ComplaintReply, ComplaintState, ComplaintStatus } from './complaint.machine';

/** A file on the case as viewers see it: once erased with the customer, its name (which may name them) is withheld too. */
export type AttachmentView = Omit<Attachment, 'fileName'> & { fileName: string | null; erased: boolean };

/** Read model of one complaint, plain JSON, computed from the folded state. */
export type ComplaintView = Omit<ComplaintData, 'complaintId' | 'attachments'> & {
  attachments: AttachmentView[];
  id: string;
  kind: 'complaint';
  state: ComplaintStatus;
  /** The reply in force (the latest); earlier ones stay in `replies`. */
  reply: ComplaintReply | null;
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
    reply: data.replies.at(-1) ?? null,
    attachments: data.attachments.map((attachment) => {
      const erased = attachment.personalData && data.customerErasure !== null;
      return { ...attachment, fileName: erased ? null : attachment.fileName, erased };
    }),
    allowedCommands: complaintDecider.allowedCommands(state, actor),
  };
}
