import { createDecider } from '../shared/aggregate';
import type { DecideContext } from '../shared/context';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { PayloadCheck } from '../shared/payload-check';
import { INSPECTION_COMMAND_EVENTS, INSPECTION_ROLE_GATES, type InspectionCommand } from './inspection.commands';
import { INSPECTION_KINDS, type InspectionEvent } from './inspection.events';
import { inspectionMachine, recordInspectionEvent, type InspectionState } from './inspection.machine';

function buildInspectionEvents(state: InspectionState, command: InspectionCommand, context: DecideContext): InspectionEvent[] {
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('inspection', command.type);

  switch (command.type) {
    case 'open':
      check.text('inspectionId', command.inspectionId).oneOf('kind', command.kind, INSPECTION_KINDS).text('scope', command.scope);
      if (!context.orgTree.contains(command.unitId)) check.fail('unitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      check.throwIfInvalid();
      return [envelope('InspectionOpened', { inspectionId: command.inspectionId, kind: command.kind, unitId: command.unitId, scope: command.scope, ...meta })];
    case 'add-finding':
      check.text('findingId', command.findingId).throwIfInvalid();
      if (state.context.findingIds.includes(command.findingId)) return [];
      return [envelope('InspectionFindingAdded', { findingId: command.findingId, ...meta })];
    case 'close':
      check.optionalText('summary', command.summary).throwIfInvalid();
      return [envelope('InspectionClosed', { summary: command.summary ?? null, ...meta })];
  }
}

/** Decider, fold and command list of the inspection (检查) aggregate, driven by inspectionMachine. */
export const inspectionDecider = createDecider<InspectionState, InspectionEvent, InspectionCommand>({
  kind: 'inspection',
  machine: inspectionMachine,
  record: recordInspectionEvent,
  commandEvents: INSPECTION_COMMAND_EVENTS,
  roleGates: INSPECTION_ROLE_GATES,
  fourEyesConflict: () => null,
  buildEvents: buildInspectionEvents,
});
