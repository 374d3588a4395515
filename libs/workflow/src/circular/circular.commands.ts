import type { RoleGates } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import type { CircularEventType, CircularKind, CircularSource } from './circular.events';

/** Drafted at the drafter's unit, which issues it; `correctsId` names the withdrawn circular it corrects (the caller checks it is one). */
export type DraftCircular = {
  type: 'draft';
  circularId: string;
  kind: CircularKind;
  title: string;
  content: string;
  recipientUnitIds: readonly string[];
  source?: CircularSource;
  correctsId?: string;
};
/** Changes the fields given, while a draft. */
export type EditCircular = { type: 'edit'; title?: string; content?: string; recipientUnitIds?: readonly string[] };
export type IssueCircular = { type: 'issue' };
/** The read receipt of the actor's unit, which must be a recipient. */
export type AcknowledgeCircular = { type: 'acknowledge' };
export type WithdrawCircular = { type: 'withdraw'; reason: string };

export type CircularCommand = DraftCircular | EditCircular | AttachEvidence | IssueCircular | AcknowledgeCircular | WithdrawCircular;
export type CircularCommandType = CircularCommand['type'];

export const CIRCULAR_COMMAND_EVENTS: Readonly<Record<CircularCommandType, readonly CircularEventType[]>> = {
  draft: ['CircularDrafted'],
  edit: ['CircularEdited'],
  'attach-evidence': ['EvidenceAttached'],
  issue: ['CircularIssued'],
  acknowledge: ['CircularAcknowledged'],
  withdraw: ['CircularWithdrawn'],
};

const DRAFTERS = ['supervisor', 'inspector'] as const;

/** Inspectors draft (a deadline notice is theirs to write); only a supervisor issues or withdraws (归口管理). Any member of staff of a recipient unit acknowledges. */
export const CIRCULAR_ROLE_GATES: RoleGates<CircularCommandType> = {
  draft: DRAFTERS,
  edit: DRAFTERS,
  'attach-evidence': DRAFTERS,
  issue: ['supervisor'],
  acknowledge: ['supervisor', 'unit_head', 'handler', 'inspector'],
  withdraw: ['supervisor'],
};
