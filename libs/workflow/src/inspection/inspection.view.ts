import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import { attachmentViews, type AttachmentView } from '../shared/evidence';
import { scoreOf, type InspectionScore } from './checklist';
import type { InspectionCommandType } from './inspection.commands';
import { inspectionDecider } from './inspection.decider';
import type { InspectionData, InspectionState, InspectionStatus } from './inspection.machine';

export type InspectionView = Omit<InspectionData, 'inspectionId' | 'attachments'> & {
  /** As complaint and finding evidence is shown; an inspection has no customer, so nothing is erased. */
  attachments: (AttachmentView & { itemId: string | null })[];
  id: string;
  kind: 'inspection';
  state: InspectionStatus;
  /** Computed from the results; null for a free-scope inspection. */
  score: InspectionScore | null;
  allowedCommands: InspectionCommandType[];
};

/** Throws AggregateNotFoundError before InspectionOpened. */
export function toInspectionView(state: InspectionState, actor?: Actor): InspectionView {
  if (state.value === 'none') throw new AggregateNotFoundError('inspection');
  const { inspectionId, ...data } = state.context;
  const score = data.checklist === null ? null : scoreOf(data.checklist, data.results);
  const attachments = attachmentViews(data.attachments, false).map((view, index) => ({ ...view, itemId: data.attachments[index].itemId }));
  return { id: inspectionId, kind: 'inspection', state: state.value, ...data, attachments, score, allowedCommands: inspectionDecider.allowedCommands(state, actor) };
}
