import type { RoleGates } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import type { Checklist, ItemOutcome } from './checklist';
import type { InspectionEventType, InspectionKind } from './inspection.events';

/** `checklist`: the current version of the template it is scored against (the caller reads it); optional, as free-scope inspections remain. */
export type OpenInspection = { type: 'open'; inspectionId: string; kind: InspectionKind; unitId: string; scope: string; checklist?: Checklist };
/**
 * Records a finding raised from this inspection. The command layer decides it before raising the
 * finding, so a closed inspection refuses new findings; repeating it is a no-op (safe retries).
 */
export type AddInspectionFinding = { type: 'add-finding'; findingId: string };
/**
 * 逐项检查: results of checklist items not recorded yet. `deducted` (fail only) defaults to the
 * item's points; a failure of an item that raises findings needs the `findingId` the caller will
 * raise it under, and the decision records the finding with the results.
 */
export type ItemResultInput = { itemId: string; outcome: ItemOutcome; deducted?: number; note?: string; findingId?: string };
export type RecordItemResults = { type: 'record-results'; results: readonly ItemResultInput[] };
/** 自查上报: the unit reports its self-inspection to the unit above. */
export type ReportSelfInspection = { type: 'report'; report: string };
export type CloseInspection = { type: 'close'; summary?: string };

export type InspectionCommand = OpenInspection | AddInspectionFinding | RecordItemResults | AttachEvidence | ReportSelfInspection | CloseInspection;
export type InspectionCommandType = InspectionCommand['type'];

export const INSPECTION_COMMAND_EVENTS: Readonly<Record<InspectionCommandType, readonly InspectionEventType[]>> = {
  open: ['InspectionOpened'],
  'add-finding': ['InspectionFindingAdded'],
  'record-results': ['InspectionItemsRecorded'],
  'attach-evidence': ['EvidenceAttached'],
  report: ['InspectionReported'],
  close: ['InspectionClosed'],
};

const INSPECTORS = ['inspector', 'supervisor'] as const;
/** A unit head carries out their own unit's self-inspection (自查) and closes one reported to their unit; the decider's standing rule holds them to that. */
const INSPECTORS_AND_UNIT_HEADS = [...INSPECTORS, 'unit_head'] as const;

export const INSPECTION_ROLE_GATES: RoleGates<InspectionCommandType> = {
  open: INSPECTORS_AND_UNIT_HEADS,
  'add-finding': INSPECTORS_AND_UNIT_HEADS,
  'record-results': INSPECTORS_AND_UNIT_HEADS,
  'attach-evidence': INSPECTORS_AND_UNIT_HEADS,
  report: INSPECTORS_AND_UNIT_HEADS,
  close: INSPECTORS_AND_UNIT_HEADS,
};
