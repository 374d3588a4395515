import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import { attachmentViews, type AttachmentView } from '../shared/evidence';
import type { CircularCommandType } from './circular.commands';
import { circularDecider } from './circular.decider';
import type { CircularData, CircularState, CircularStatus } from './circular.machine';

export type CircularView = Omit<CircularData, 'circularId' | 'attachments'> & {
  id: string;
  attachments: AttachmentView[];
  kind: 'circular';
  state: CircularStatus;
  /** Recipient units that have not acknowledged it yet (all of them while a draft). */
  awaitingUnitIds: string[];
  allowedCommands: CircularCommandType[];
};

/** Throws AggregateNotFoundError before CircularDrafted. */
export function toCircularView(state: CircularState, actor?: Actor): CircularView {
  if (state.value === 'none') throw new AggregateNotFoundError('circular');
  const { circularId, ...data } = state.context;
  const acknowledged = new Set(data.receipts.map((receipt) => receipt.unitId));
  return {
    id: circularId,
    kind: 'circular',
    state: state.value,
    ...data,
    attachments: attachmentViews(data.attachments, false),
    awaitingUnitIds: data.recipientUnitIds.filter((unitId) => !acknowledged.has(unitId)),
    allowedCommands: circularDecider.allowedCommands(state, actor),
  };
}

/** Units whose staff read the circular besides its issuing unit's subtree: its recipients, once it is issued. */
export function circularReaderUnitIds(state: CircularState): readonly string[] {
  return state.value === 'issued' || state.value === 'withdrawn' ? state.context.recipientUnitIds : [];
}
