import { createDecider } from '../shared/aggregate';
import type { DecideContext } from '../shared/context';
import type { OrgTree } from '../shared/org-tree';
import { decideEscalation, isAtHeadOffice } from '../shared/escalation';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import { PayloadCheck } from '../shared/payload-check';
import { FINDING_COMMAND_EVENTS, FINDING_ROLE_GATES, type FindingCommand, type PlanRectification, type RaiseFinding } from './finding.commands';
import { RECTIFICATION_MODES, SEVERITIES, type ChildFinding, type FindingEvent } from './finding.events';
import { findingMachine, recordFindingEvent, type FindingState } from './finding.machine';

function checkSource(check: PayloadCheck, source: RaiseFinding['source'] | undefined): void {
  if (source?.kind === 'inspection') check.text('source.inspectionId', source.inspectionId);
  else if (source?.kind === 'complaint') check.text('source.complaintId', source.complaintId);
  else check.fail('source.kind', 'must be inspection or complaint', '须为 inspection 或 complaint');
}

/** 限期: the inspector sets it on a deadline finding from an inspection; a complaint's finding may have one; fixed on the spot, none. */
function checkDeadline(check: PayloadCheck, command: RaiseFinding, now: string): void {
  if (command.mode === 'on_spot') {
    if (command.dueAt !== undefined) check.fail('dueAt', 'is only for mode deadline', '只用于限期整改（deadline）');
  } else if (command.dueAt !== undefined || command.source?.kind === 'inspection') {
    check.inFuture('dueAt', command.dueAt, now);
  }
}

/** 时间节点: each a text and a date in the future, no later than the plan's. */
function checkMilestones(check: PayloadCheck, command: PlanRectification, now: string): void {
  const milestones: unknown = command.milestones;
  if (milestones === undefined) return;
  if (!Array.isArray(milestones)) {
    check.fail('milestones', 'must be a list', '须为列表');
    return;
  }
  command.milestones!.forEach((milestone, index) => {
    check.text(`milestones[${index}].text`, milestone.text).inFuture(`milestones[${index}].dueAt`, milestone.dueAt, now);
    if (Date.parse(milestone.dueAt) > Date.parse(command.dueAt)) check.fail(`milestones[${index}].dueAt`, "must not be later than the plan's dueAt", '不能晚于方案的完成时限');
  });
}

/**
 * 举一反三: two or more distinct units, each in the subtree of the parent's unit, rectifying by a
 * deadline; each child's id is the parent's with the unit's position (`<parent>-1`, …).
 */
function checkedChildren(check: PayloadCheck, command: RaiseFinding, orgTree: OrgTree): ChildFinding[] {
  const unitIds: unknown = command.childUnitIds;
  if (unitIds === undefined) return [];
  if (!Array.isArray(unitIds) || unitIds.length < 2 || new Set(unitIds).size !== unitIds.length) {
    check.fail('unitIds', 'must list two or more distinct units', '须列出两个以上不同的机构');
    return [];
  }
  if (command.mode !== 'deadline') check.fail('mode', 'must be deadline for a finding raised for many units (举一反三)', '举一反三须为限期整改（deadline）');
  command.childUnitIds!.forEach((unitId, index) => {
    if (!isWithin(orgTree, unitId, command.unitId) || unitId === command.unitId) {
      check.fail(`unitIds[${index}]`, `must be a unit below ${command.unitId}`, `须为 ${command.unitId} 辖内的下级机构`);
    }
  });
  return command.childUnitIds!.map((unitId, index) => ({ findingId: `${command.findingId}-${index + 1}`, unitId }));
}

function isWithin(orgTree: OrgTree, unitId: string, ancestorId: string): boolean {
  for (let unit: string | undefined = unitId; unit !== undefined; unit = orgTree.parentOf(unit)) if (unit === ancestorId) return true;
  return false;
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
      checkDeadline(check, command, context.now);
      check.optionalText('staffId', command.staffId);
      if (command.repeats !== undefined) check.text('repeats', command.repeats);
      const children = checkedChildren(check, command, context.orgTree);
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
        ...(command.dueAt !== undefined && { dueAt: command.dueAt }),
        ...(command.staffId !== undefined && { staffId: command.staffId }),
        ...(command.repeats !== undefined && { repeats: command.repeats }),
        ...(command.parentId !== undefined && { parentId: command.parentId }),
        ...meta,
      });
      if (children.length > 0) return [raised, envelope('FindingFannedOut', { children, ...meta })];
      if (command.onSpotReport === undefined) return [raised];
      // 现场纠改: fixed on the spot, so it goes straight to replied and still awaits re-inspection.
      return [raised, envelope('FindingReported', { report: command.onSpotReport, onSpot: true, ...meta })];
    }
    case 'plan': {
      const measures: unknown = command.measures;
      if (!Array.isArray(measures) || measures.length === 0) check.fail('measures', 'must list at least one measure', '至少列出一项措施');
      else measures.forEach((measure, index) => check.text(`measures[${index}]`, measure));
      check.text('ownerId', command.ownerId).inFuture('dueAt', command.dueAt, context.now);
      if (command.causeAnalysis !== undefined) check.text('causeAnalysis', command.causeAnalysis);
      checkMilestones(check, command, context.now);
      check.throwIfInvalid();
      // A plan due after the deadline in force moves it: the inspector approves it first.
      const movesDeadline = data.dueAt !== null && Date.parse(command.dueAt) > Date.parse(data.dueAt);
      return [
        envelope(movesDeadline ? 'FindingPlanProposed' : 'FindingPlanned', {
          measures: [...command.measures],
          ownerId: command.ownerId,
          dueAt: command.dueAt,
          ...(command.causeAnalysis !== undefined && { causeAnalysis: command.causeAnalysis }),
          ...(command.milestones !== undefined && { milestones: command.milestones.map(({ text, dueAt }) => ({ text, dueAt })) }),
          ...meta,
        }),
      ];
    }
    case 'approve-plan':
      return [
        envelope('FindingPlanApproved', {
          dueAt: data.proposedPlan!.dueAt,
          ...(data.proposedPlan!.milestones !== undefined && { milestones: data.proposedPlan!.milestones }),
          ...meta,
        }),
      ];
    case 'record-progress': {
      const milestones = data.plan?.milestones ?? [];
      const { milestone } = command;
      if (!Number.isInteger(milestone) || milestone < 1 || milestone > milestones.length) {
        check.fail('milestone', `must be the number of a milestone of the plan in force, 1 to ${milestones.length}`, `须为现行整改方案的时间节点序号（1 至 ${milestones.length}）`);
      } else if (data.progress.some((entry) => entry.milestone === milestone && entry.completed && entry.occurredAt >= data.plan!.occurredAt)) {
        check.fail('milestone', `milestone ${milestone} is already completed`, `时间节点 ${milestone} 已完成`);
      }
      check.text('note', command.note).boolean('completed', command.completed).throwIfInvalid();
      return [envelope('FindingProgressRecorded', { milestone, note: command.note, completed: command.completed, ...meta })];
    }
    case 'reject-plan':
      check.text('reason', command.reason).throwIfInvalid();
      return [envelope('FindingPlanRejected', { reason: command.reason, ...meta })];
    case 'escalate':
      return [envelope('FindingEscalated', { ...decideEscalation(data, command.reason, context, check), ...meta })];
    case 'report':
      check.text('report', command.report).throwIfInvalid();
      return [envelope('FindingReported', { report: command.report, onSpot: false, ...meta })];
    case 'verify':
      check.verdict('passed', command.passed, command.comment);
      if (command.passed) {
        if (command.dueAt !== undefined) check.fail('dueAt', 'is only for a failed re-inspection', '只用于复查未通过');
        check.throwIfInvalid();
        return [envelope('FindingVerified', { comment: command.comment ?? null, ...meta })];
      }
      // A carried-over finding (遗留问题) gets a new deadline, and with it a new clock.
      if (command.dueAt !== undefined || data.dueAt !== null) check.inFuture('dueAt', command.dueAt, context.now);
      check.throwIfInvalid();
      return [envelope('FindingCarriedOver', { comment: String(command.comment), ...(command.dueAt !== undefined && { dueAt: command.dueAt }), ...meta })];
    case 'close':
      return [envelope('FindingClosed', meta)];
    case 'cancel':
      check.text('complaintId', command.complaintId).text('reason', command.reason).throwIfInvalid();
      return [envelope('FindingCancelled', { complaintId: command.complaintId, reason: command.reason, ...meta })];
    case 'record-child-closed': {
      check.text('findingId', command.findingId);
      if (!data.children.some((child) => child.findingId === command.findingId)) check.fail('findingId', 'is not a child of this finding', '不是本事项的举一反三子事项');
      check.throwIfInvalid();
      if (data.closedChildIds.includes(command.findingId)) return [];
      const recorded = envelope('FindingChildClosed', { findingId: command.findingId, ...meta });
      const last = data.children.every((child) => child.findingId === command.findingId || data.closedChildIds.includes(child.findingId));
      return last ? [recorded, envelope('FindingClosed', meta)] : [recorded];
    }
    case 'issue-deadline-notice':
      check.text('clockId', command.clockId).instant('dueAt', command.dueAt).throwIfInvalid();
      return [envelope('FindingDeadlineNoticeIssued', { clockId: command.clockId, dueAt: command.dueAt, unitId: data.responsibleUnitId, ...meta })];
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
