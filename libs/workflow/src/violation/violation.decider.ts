import { createDecider } from '../shared/aggregate';
import type { DecideContext } from '../shared/context';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import { PayloadCheck } from '../shared/payload-check';
import { VIOLATION_COMMAND_EVENTS, VIOLATION_ROLE_GATES, type RecordViolation, type ViolationCommand } from './violation.commands';
import { APPEAL_OUTCOMES, type Penalty, type ViolationEvent } from './violation.events';
import { recordViolationEvent, violationMachine, type ViolationState } from './violation.machine';

/** Deduction points per violation, as the counter checklist's items are worth at most 100. */
export const MAX_PENALTY_POINTS = 100;

/** Points from 1 to MAX_PENALTY_POINTS and/or a positive amount in whole fen; at least one. */
function checkedPenalty(check: PayloadCheck, penalty: Partial<Penalty>): Penalty {
  const { points, amountFen } = penalty;
  if (points !== undefined && points !== null && (!Number.isInteger(points) || points < 1 || points > MAX_PENALTY_POINTS)) {
    check.fail('points', `must be a whole number from 1 to ${MAX_PENALTY_POINTS}`, `须为 1 至 ${MAX_PENALTY_POINTS} 的整数`);
  }
  if (amountFen !== undefined && amountFen !== null && (!Number.isSafeInteger(amountFen) || amountFen < 1)) {
    check.fail('amountFen', 'must be a positive whole number of fen (1 yuan = 100 fen)', '须为正整数（单位：分，1 元 = 100 分）');
  }
  if ((points ?? null) === null && (amountFen ?? null) === null)
    check.fail('points', 'or amountFen must be given: a penalty deducts points, fines, or both', '扣分与罚款金额至少填写一项');
  return { points: points ?? null, amountFen: amountFen ?? null };
}

function checkRule(check: PayloadCheck, command: RecordViolation): void {
  check.text('rule.category', command.rule?.category);
  const item = command.rule?.checklistItem;
  if (item !== undefined) check.text('rule.checklistItem.checklistId', item.checklistId).text('rule.checklistItem.itemId', item.itemId).text('rule.checklistItem.text', item.text);
}

function buildViolationEvents(state: ViolationState, command: ViolationCommand, context: DecideContext): ViolationEvent[] {
  const data = state.context;
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('violation', command.type);

  switch (command.type) {
    case 'record': {
      check.text('violationId', command.violationId).text('staffId', command.staffId).text('description', command.description);
      checkRule(check, command);
      if (!context.orgTree.contains(command.unitId)) check.fail('unitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      check.optionalText('findingId', command.findingId).optionalText('complaintId', command.complaintId).throwIfInvalid();
      const { category, checklistItem } = command.rule;
      return [
        envelope('ViolationRecorded', {
          violationId: command.violationId,
          staffId: command.staffId,
          unitId: command.unitId,
          rule: { category, ...(checklistItem !== undefined && { checklistItem: { ...checklistItem } }) },
          description: command.description,
          ...(command.findingId !== undefined && { findingId: command.findingId }),
          ...(command.complaintId !== undefined && { complaintId: command.complaintId }),
          ...meta,
        }),
      ];
    }
    case 'decide-penalty': {
      const penalty = checkedPenalty(check, command);
      check.text('reason', command.reason).throwIfInvalid();
      const appealUnitId = context.orgTree.parentOf(context.actor.unitId) ?? null;
      return [envelope('ViolationPenaltyDecided', { ...penalty, reason: command.reason, decidedAtUnitId: context.actor.unitId, appealUnitId, ...meta })];
    }
    case 'appeal':
      check.text('grounds', command.grounds).throwIfInvalid();
      return [envelope('ViolationAppealed', { grounds: command.grounds, toUnitId: data.penaltyDecision!.appealUnitId!, ...meta })];
    case 'decide-appeal': {
      check.oneOf('outcome', command.outcome, APPEAL_OUTCOMES).text('reason', command.reason);
      if (command.outcome === 'changed') {
        const penalty = checkedPenalty(check, command);
        check.throwIfInvalid();
        return [envelope('ViolationPenaltyChanged', { ...penalty, reason: command.reason, ...meta })];
      }
      if (command.points !== undefined || command.amountFen !== undefined)
        check.fail(command.points !== undefined ? 'points' : 'amountFen', 'is only for outcome changed', '仅适用于变更处罚（changed）');
      check.throwIfInvalid();
      return [envelope(command.outcome === 'annulled' ? 'ViolationAnnulled' : 'ViolationAppealUpheld', { reason: command.reason, ...meta })];
    }
    case 'attach-evidence':
      // The employee's name is never in the record; the files are the bank's own evidence.
      return decideEvidence({ attachments: data.attachments, customerErased: false }, command, check, meta);
  }
}

/** Decider, fold and command list of the violation (违规服务) aggregate, driven by violationMachine. */
export const violationDecider = createDecider<ViolationState, ViolationEvent, ViolationCommand>({
  kind: 'violation',
  machine: violationMachine,
  record: recordViolationEvent,
  commandEvents: VIOLATION_COMMAND_EVENTS,
  roleGates: VIOLATION_ROLE_GATES,
  // Four-eyes: whoever decided the penalty does not also hear the appeal against it.
  fourEyesConflict: (state, command, actor) =>
    command === 'decide-appeal' && state.context.penaltyDecision?.actorId === actor.id ? 'they decided the penalty appealed against' : null,
  // The appeal goes to the unit above the one that decided: only its supervisors hear it.
  standingConflict: (state, command, actor) => {
    const toUnitId = state.context.appeal?.toUnitId;
    return command === 'decide-appeal' && toUnitId !== undefined && actor.unitId !== toUnitId
      ? `the appeal is heard by ${toUnitId}, the unit above the one that decided the penalty`
      : null;
  },
  buildEvents: buildViolationEvents,
});
