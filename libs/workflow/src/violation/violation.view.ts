import type { Actor } from '../shared/context';
import { AggregateNotFoundError } from '../shared/errors';
import { attachmentViews, type AttachmentView } from '../shared/evidence';
import type { ViolationCommandType } from './violation.commands';
import { violationDecider } from './violation.decider';
import type { Penalty } from './violation.events';
import type { ViolationData, ViolationState, ViolationStatus } from './violation.machine';

/** Read model of one violation, plain JSON, computed from the folded state. */
export type ViolationView = Omit<ViolationData, 'violationId' | 'attachments'> & {
  id: string;
  kind: 'violation';
  state: ViolationStatus;
  /** The penalty in force: as decided, or as changed on appeal; null before it is decided and once annulled. */
  penalty: Penalty | null;
  attachments: AttachmentView[];
  allowedCommands: ViolationCommandType[];
};

/** The penalty in force: the appeal's change replaces the decision, an annulment removes it. */
export function penaltyInForce(data: Pick<ViolationData, 'penaltyDecision' | 'appealDecision'>): Penalty | null {
  if (data.appealDecision?.outcome === 'annulled' || data.penaltyDecision === null) return null;
  if (data.appealDecision?.outcome === 'changed') return data.appealDecision.penalty;
  return { points: data.penaltyDecision.points, amountFen: data.penaltyDecision.amountFen };
}

/** Throws AggregateNotFoundError before ViolationRecorded. */
export function toViolationView(state: ViolationState, actor?: Actor): ViolationView {
  if (state.value === 'none') throw new AggregateNotFoundError('violation');
  const { violationId, attachments, ...data } = state.context;
  return {
    id: violationId,
    kind: 'violation',
    state: state.value,
    ...data,
    penalty: penaltyInForce(data),
    attachments: attachmentViews(attachments, false),
    allowedCommands: violationDecider.allowedCommands(state, actor),
  };
}
