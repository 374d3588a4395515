import { createDecider } from '../shared/aggregate';
import type { Actor, DecideContext } from '../shared/context';
import { NotResponsibleUnitError } from '../shared/errors';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import { PayloadCheck } from '../shared/payload-check';
import { checklistItems, ITEM_OUTCOMES, type ItemResult } from './checklist';
import { INSPECTION_COMMAND_EVENTS, INSPECTION_ROLE_GATES, type InspectionCommand, type InspectionCommandType, type RecordItemResults } from './inspection.commands';
import { INSPECTION_KINDS, type InspectionEvent } from './inspection.events';
import { inspectionMachine, recordInspectionEvent, type InspectionState } from './inspection.machine';

function buildInspectionEvents(state: InspectionState, command: InspectionCommand, context: DecideContext): InspectionEvent[] {
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('inspection', command.type);

  switch (command.type) {
    case 'open': {
      check.text('inspectionId', command.inspectionId).oneOf('kind', command.kind, INSPECTION_KINDS).text('scope', command.scope);
      if (!context.orgTree.contains(command.unitId)) check.fail('unitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      if (context.actor.role === 'unit_head' && command.kind !== 'self') {
        throw new NotResponsibleUnitError('inspection', 'open', context.actor.id, 'a unit head opens only a self-inspection (自查) of their own unit');
      }
      if (command.kind === 'self' && command.unitId !== context.actor.unitId) {
        check.fail('unitId', 'must be your own unit: a self-inspection (自查) is opened by the unit itself', '须为您所在的机构：自查由本机构开展');
      }
      check.throwIfInvalid();
      // A self-inspection reports to the unit above; at head office there is none, and it closes in place.
      const reportsTo = command.kind === 'self' ? context.orgTree.parentOf(command.unitId) : undefined;
      return [
        envelope('InspectionOpened', {
          inspectionId: command.inspectionId,
          kind: command.kind,
          unitId: command.unitId,
          scope: command.scope,
          ...(command.checklist !== undefined && { checklist: command.checklist }),
          ...(reportsTo !== undefined && { reportsTo }),
          ...meta,
        }),
      ];
    }
    case 'record-results': {
      const results = checkedResults(state, command, check);
      const raised = results.filter((result) => result.findingId !== null);
      return [
        envelope('InspectionItemsRecorded', { results, ...meta }),
        ...raised.map((result) => envelope('InspectionFindingAdded', { findingId: String(result.findingId), itemId: result.itemId, ...meta })),
      ];
    }
    case 'add-finding':
      check.text('findingId', command.findingId).throwIfInvalid();
      if (state.context.findingIds.includes(command.findingId)) return [];
      return [envelope('InspectionFindingAdded', { findingId: command.findingId, ...meta })];
    case 'attach-evidence': {
      const { itemId } = command;
      if (itemId !== undefined && !state.context.results.some((result) => result.itemId === itemId)) {
        check.fail('itemId', 'is not an item result recorded on this inspection', '不是本次检查已记录结果的检查项');
      }
      // An inspection has no customer: nothing of it is ever erased. The same bytes are on file once, for the first item they documented.
      const attached = decideEvidence({ attachments: state.context.attachments, customerErased: false }, { ...command, itemId: undefined }, check, meta);
      return attached.map((event) => (itemId === undefined ? event : { ...event, data: { ...event.data, itemId } }));
    }
    case 'report':
      check.text('report', command.report).throwIfInvalid();
      return [envelope('InspectionReported', { report: command.report, reportsTo: String(state.context.reportsTo), ...meta })];
    case 'close':
      check.optionalText('summary', command.summary).throwIfInvalid();
      return [envelope('InspectionClosed', { summary: command.summary ?? null, ...meta })];
  }
}

/**
 * The results as recorded, or InvalidCommandError naming each bad one: every item of the checklist,
 * each once in the inspection's life; a deduction only on failure, at most the item's points; a
 * finding id exactly for the failures of items that raise findings, never one already in use.
 */
function checkedResults(state: InspectionState, command: RecordItemResults, check: PayloadCheck): ItemResult[] {
  const { checklist, results: recorded, findingIds } = state.context;
  const items = new Map(checklistItems(checklist!).map((item) => [item.id, item]));
  const input: unknown = command.results;
  if (!Array.isArray(input) || input.length === 0) check.reject('results', 'must list at least one item result', '须至少列出一项检查结果');
  const seen = new Set(recorded.map((result) => result.itemId));
  const usedFindingIds = new Set(findingIds);
  const results = command.results.map((result, index): ItemResult => {
    const field = `results[${index}]`;
    const item = items.get(result.itemId);
    if (item === undefined)
      check.fail(`${field}.itemId`, `is not an item of checklist ${checklist!.id} v${checklist!.version}`, `不是检查表 ${checklist!.id} 第 ${checklist!.version} 版的检查项`);
    else if (seen.has(item.id)) check.fail(`${field}.itemId`, `${item.id} is already recorded`, `已记录过 ${item.id}`);
    seen.add(result.itemId);
    check.oneOf(`${field}.outcome`, result.outcome, ITEM_OUTCOMES).optionalText(`${field}.note`, result.note);
    const failed = result.outcome === 'fail';
    const deducted = failed ? (result.deducted ?? item?.points ?? 0) : 0;
    if (!failed && result.deducted !== undefined) check.fail(`${field}.deducted`, 'is only for a failed item', '仅适用于不合格项');
    else if (failed && (!Number.isInteger(deducted) || deducted < 1 || deducted > (item?.points ?? deducted))) {
      check.fail(`${field}.deducted`, `must be a whole number from 1 to the item's ${item?.points} points`, `须为 1 至该项分值 ${item?.points} 的整数`);
    }
    const raises = failed && item?.raisesFinding === true;
    if (raises) check.text(`${field}.findingId`, result.findingId);
    else if (result.findingId !== undefined) check.fail(`${field}.findingId`, 'is only for a failed item that raises a finding', '仅适用于需整改的不合格项');
    if (raises && usedFindingIds.has(String(result.findingId))) check.fail(`${field}.findingId`, 'is already a finding of this inspection', '已是本次检查的整改事项');
    if (raises) usedFindingIds.add(String(result.findingId));
    return { itemId: result.itemId, outcome: result.outcome, deducted, note: result.note ?? null, findingId: raises ? String(result.findingId) : null };
  });
  check.throwIfInvalid();
  return results;
}

/**
 * A unit head acts only on their own unit's self-inspection (自查), and a self-inspection reported
 * up is closed by the unit above, never by the unit that reported it. Opening is checked with its
 * payload (buildEvents), since the kind and unit are not in the state yet.
 */
function standingConflict(state: InspectionState, command: InspectionCommandType, actor: Actor): string | null {
  const { inspectionKind, unitId } = state.context;
  if (command === 'open') return null;
  if (state.value === 'reported')
    return command === 'close' && actor.unitId === unitId ? 'the unit that reported its self-inspection does not close it: the unit above does' : null;
  if (actor.role === 'unit_head' && (inspectionKind !== 'self' || actor.unitId !== unitId)) return 'a unit head acts only on a self-inspection (自查) of their own unit';
  return null;
}

/** Decider, fold and command list of the inspection (检查) aggregate, driven by inspectionMachine. */
export const inspectionDecider = createDecider<InspectionState, InspectionEvent, InspectionCommand>({
  kind: 'inspection',
  machine: inspectionMachine,
  record: recordInspectionEvent,
  commandEvents: INSPECTION_COMMAND_EVENTS,
  roleGates: INSPECTION_ROLE_GATES,
  fourEyesConflict: () => null,
  standingConflict,
  buildEvents: buildInspectionEvents,
});
