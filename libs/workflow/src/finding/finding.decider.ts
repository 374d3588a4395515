import { createDecider } from '../shared/aggregate';
import type { DecideContext } from '../shared/context';
import { decideEscalation, isAtHeadOffice } from '../shared/escalation';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import { PayloadCheck } from '../shared/payload-check';
import { FINDING_COMMAND_EVENTS, FINDING_ROLE_GATES, type FindingCommand, type RaiseFinding } from './finding.commands';
import { RECTIFICATION_MODES, SEVERITIES, type FindingEvent } from './finding.events';
import { findingMachine, recordFindingEvent, type FindingState } from './finding.machine';

function checkSource(check: PayloadCheck, source: RaiseFinding['source'] | undefined): void {
  if (source?.kind === 'inspection') check.text('source.inspectionId', source.inspectionId);
  else if (source?.kind === 'complaint') check.text('source.complaintId', source.complaintId);
  else check.fail('source.kind', 'must be inspection or complaint', '须为 inspection 或 complaint');
}

function buildFindingEvents(state: FindingState, command: FindingCommand, context: DecideContext): FindingEvent[] {
  const data = state.context;
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('finding', command.type);

  switch (command.type) {
    case 'raise': {
      check
        .text('findingId', command.findingId)
        .text('category', command.category)
        .text('description', command.description)
        .oneOf('severity', command.severity, SEVERITIES)
        .oneOf('mode', command.mode, RECTIFICATION_MODES);
      checkSource(check, command.source);
      if (!context.orgTree.contains(command.unitId)) check.fail('unitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      if (command.mode === 'on_spot') check.text('onSpotReport', command.onSpotReport);
      else if (command.onSpotReport !== undefined) check.fail('onSpotReport', 'is only for mode on_spot', '只用于即时整改（on_spot）');
      check.throwIfInvalid();

      const raised = envelope('FindingRaised', {
        findingId: command.findingId,
        source: command.source,
        unitId: command.unitId,
        atHeadOffice: isAtHeadOffice(command.unitId, context.orgTree),
        category: command.category,
        description: command.description,
        severity: command.severity,
        mode: command.mode,
        ...meta,
      });
      if (command.onSpotReport === undefined) return [raised];
      // 现场纠改: fixed on the spot, so it goes straight to replied and still awaits re-inspection.
      return [raised, envelope('FindingReported', { report: command.onSpotReport, onSpot: true, ...meta })];
    }
    case 'plan': {
      const measures: unknown = command.measures;
      if (!Array.isArray(measures) || measures.length === 0) check.fail('measures', 'must list at least one measure', '至少列出一项措施');
      else measures.forEach((measure, index) => check.text(`measures[${index}]`, measure));
      check.text('ownerId', command.ownerId).inFuture('dueAt', command.dueAt, context.now);
      check.throwIfInvalid();
      return [envelope('FindingPlanned', { measures: [...command.measures], ownerId: command.ownerId, dueAt: command.dueAt, ...meta })];
    }
    case 'escalate':
      return [envelope('FindingEscalated', { ...decideEscalation(data, command.reason, context, check), ...meta })];
    case 'report':
      check.text('report', command.report).throwIfInvalid();
      return [envelope('FindingReported', { report: command.report, onSpot: false, ...meta })];
    case 'verify':
      check.verdict('passed', command.passed, command.comment).throwIfInvalid();
      return command.passed
        ? [envelope('FindingVerified', { comment: command.comment ?? null, ...meta })]
        : [envelope('FindingCarriedOver', { comment: String(command.comment), ...meta })];
    case 'close':
      return [envelope('FindingClosed', meta)];
    case 'attach-evidence':
      // A finding has no customer of its own: nothing of it is ever erased.
      return decideEvidence({ attachments: data.attachments, customerErased: false }, command, check, meta);
  }
}

/** Decider, fold and command list of the finding (检查发现问题 / 整改) aggregate, driven by findingMachine. */
export const findingDecider = createDecider<FindingState, FindingEvent, FindingCommand>({
  kind: 'finding',
  machine: findingMachine,
  record: recordFindingEvent,
  commandEvents: FINDING_COMMAND_EVENTS,
  roleGates: FINDING_ROLE_GATES,
  // Four-eyes: whoever reported the rectification cannot also pass it at re-inspection.
  fourEyesConflict: (state, command, actor) =>
    command === 'verify' && state.context.reports.at(-1)?.actorId === actor.id ? 'they reported the rectification being verified' : null,
  buildEvents: buildFindingEvents,
});
