import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import type { InspectionCommandType } from './inspection.commands';
import { inspectionDecider } from './inspection.decider';
import type { InspectionData, InspectionState, InspectionStatus } from './inspection.machine';

export type InspectionView = Omit<InspectionData, 'inspectionId'> & {
  id: string;
  kind: 'inspection';
  state: InspectionStatus;
  allowedCommands: InspectionCommandType[];
};

/** Throws AggregateNotFoundError before InspectionOpened. */
export function toInspectionView(state: InspectionState, actor?: Actor): InspectionView {
  if (state.value === 'none') throw new AggregateNotFoundError('inspection');
  const { inspectionId, ...data } = state.context;
  return { id: inspectionId, kind: 'inspection', state: state.value, ...data, allowedCommands: inspectionDecider.allowedCommands(state, actor) };
}
