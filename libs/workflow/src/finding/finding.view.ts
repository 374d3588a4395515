import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import { attachmentViews, type AttachmentView } from '../shared/evidence';
import type { FindingCommandType } from './finding.commands';
import { findingDecider } from './finding.decider';
import type { FindingData, FindingReport, FindingState, FindingStatus } from './finding.machine';

/** Read model of one finding, plain JSON, computed from the folded state. */
export type FindingView = Omit<FindingData, 'findingId' | 'attachments'> & {
  attachments: AttachmentView[];
  id: string;
  kind: 'finding';
  state: FindingStatus;
  /** Set when raised from an inspection / a valid complaint: the links back. */
  inspectionId: string | null;
  complaintId: string | null;
  /** The report in force (the latest); earlier ones stay in `reports`. */
  report: FindingReport | null;
  allowedCommands: FindingCommandType[];
};

/** Throws AggregateNotFoundError before FindingRaised. */
export function toFindingView(state: FindingState, actor?: Actor): FindingView {
  if (state.value === 'none') throw new AggregateNotFoundError('finding');
  const { findingId, ...data } = state.context;
  return {
    id: findingId,
    kind: 'finding',
    state: state.value,
    ...data,
    inspectionId: data.source.kind === 'inspection' ? data.source.inspectionId : null,
    complaintId: data.source.kind === 'complaint' ? data.source.complaintId : null,
    report: data.reports.at(-1) ?? null,
    attachments: attachmentViews(data.attachments, false),
    allowedCommands: findingDecider.allowedCommands(state, actor),
  };
}
