import type { RoleGates } from '../shared/context';
import type { InspectionEventType, InspectionKind } from './inspection.events';

export type OpenInspection = { type: 'open'; inspectionId: string; kind: InspectionKind; unitId: string; scope: string };
/**
 * Records a finding raised from this inspection. The command layer decides it before raising the
 * finding, so a closed inspection refuses new findings; repeating it is a no-op (safe retries).
 */
export type AddInspectionFinding = { type: 'add-finding'; findingId: string };
export type CloseInspection = { type: 'close'; summary?: string };

export type InspectionCommand = OpenInspection | AddInspectionFinding | CloseInspection;
export type InspectionCommandType = InspectionCommand['type'];

export const INSPECTION_COMMAND_EVENTS: Readonly<Record<InspectionCommandType, readonly InspectionEventType[]>> = {
  open: ['InspectionOpened'],
  'add-finding': ['InspectionFindingAdded'],
  close: ['InspectionClosed'],
};

const INSPECTORS = ['inspector', 'supervisor'] as const;

export const INSPECTION_ROLE_GATES: RoleGates<InspectionCommandType> = {
  open: INSPECTORS,
  'add-finding': INSPECTORS,
  close: INSPECTORS,
};
