import type { RoleGates } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import type { AppealOutcome, Penalty, ViolationEventType, ViolationRule } from './violation.events';

/** The command layer checks the staff id and the rule against the organisation file and checklists, and passes the employee's unit. */
export type RecordViolation = {
  type: 'record';
  violationId: string;
  staffId: string;
  unitId: string;
  rule: ViolationRule;
  description: string;
  findingId?: string;
  complaintId?: string;
};
export type DecidePenalty = { type: 'decide-penalty'; reason: string } & Partial<Penalty>;
export type AppealViolation = { type: 'appeal'; grounds: string };
/** `points` / `amountFen`: the new penalty, for outcome `changed` only. */
export type DecideAppeal = { type: 'decide-appeal'; outcome: AppealOutcome; reason: string } & Partial<Penalty>;

export type ViolationCommand = RecordViolation | DecidePenalty | AppealViolation | DecideAppeal | AttachEvidence;
export type ViolationCommandType = ViolationCommand['type'];

export const VIOLATION_COMMAND_EVENTS: Readonly<Record<ViolationCommandType, readonly ViolationEventType[]>> = {
  record: ['ViolationRecorded'],
  'decide-penalty': ['ViolationPenaltyDecided'],
  appeal: ['ViolationAppealed'],
  'decide-appeal': ['ViolationAppealUpheld', 'ViolationPenaltyChanged', 'ViolationAnnulled'],
  'attach-evidence': ['EvidenceAttached'],
};

const RECORDERS = ['inspector', 'supervisor', 'unit_head'] as const;

export const VIOLATION_ROLE_GATES: RoleGates<ViolationCommandType> = {
  record: RECORDERS,
  'decide-penalty': ['supervisor'],
  // The employee appeals through their unit.
  appeal: ['handler', 'unit_head'],
  'decide-appeal': ['supervisor'],
  'attach-evidence': RECORDERS,
};
