import { type LoadedAggregate } from '@duban/command-handling';
import { extendClock, foldClocks, pauseClock, resetClock, resumeClock, SlaValidationError, type ClockEvent, type ClockState, type PauseReason, type CaseKind } from '@duban/sla';
import { ForbiddenByRoleError, type DecideContext, type EscalationTrack, type OrgTree, type Role, toStoredEvent } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';

import { UnknownClockError } from './errors';
import type { SlaRules } from './sla-rules';

/** Commands on one SLA clock of a case, issued by people (the SLA's own firings are DeadlineEnforcer's). */
export type ClockCommand =
  | { type: 'pause'; clockId: string; reason: PauseReason }
  | { type: 'resume'; clockId: string }
  /** `duration`, when given, must be the next total the clock's policy allows (e.g. P30D): a check that the approver knows what they grant. */
  | { type: 'extend'; clockId: string; reason: string; customerNotifiedAt: string; duration?: string }
  /** New facts: the clock counts its own duration again from now. */
  | { type: 'reset'; clockId: string; reason: string };

export type ClockCommandType = ClockCommand['type'];

const CASE_WORKERS: readonly Role[] = ['handler', 'unit_head', 'supervisor'];

/** Who may issue each clock command; an extension is an approval, so it needs a unit head or supervisor (of a higher unit, checked on the case). */
export const CLOCK_COMMAND_ROLES: Readonly<Record<ClockCommandType, readonly Role[]>> = {
  pause: CASE_WORKERS,
  resume: CASE_WORKERS,
  extend: ['unit_head', 'supervisor'],
  reset: CASE_WORKERS,
};

/** Strictly above `unitId` in the org tree. */
function isAbove(orgTree: OrgTree, approverUnitId: string, unitId: string): boolean {
  for (let unit = orgTree.parentOf(unitId); unit !== undefined; unit = orgTree.parentOf(unit)) {
    if (unit === approverUnitId) return true;
  }
  return false;
}

function clockOf(current: LoadedAggregate<AnyMachineSnapshot>, clockId: string): ClockState {
  const clock = foldClocks(current.history.map(toStoredEvent)).find((candidate) => candidate.clockId === clockId);
  if (clock === undefined) throw new UnknownClockError(current.stream, clockId);
  return clock;
}

/**
 * Decides a clock command on a loaded case (a Decision for CaseCommandHandler.executeDecision): role
 * gate, then the clock's own rules (`ClockCommandRejectedError`: 409, or 403 when only this approver
 * may not). Extensions are approved by the caller, whose unit must lie above the unit now
 * responsible for the case.
 */
export function decideClockCommand(kind: CaseKind, current: LoadedAggregate<AnyMachineSnapshot>, command: ClockCommand, context: DecideContext, rules: SlaRules): ClockEvent[] {
  const { actor, now, orgTree } = context;
  const allowed = CLOCK_COMMAND_ROLES[command.type];
  if (!allowed.includes(actor.role)) throw new ForbiddenByRoleError(kind, `clock ${command.type}`, actor.role, allowed);
  const clock = clockOf(current, command.clockId);
  const meta = { occurredAt: now, actorId: actor.id };
  switch (command.type) {
    case 'pause':
      return [pauseClock(clock, command.reason, meta)];
    case 'resume':
      return [resumeClock(clock, meta, rules.calendars)];
    case 'reset':
      return [resetClock(clock, command.reason, meta, rules.calendars)];
    case 'extend': {
      const next = clock.extensions[clock.extensionsGranted.length];
      if (command.duration !== undefined && next !== undefined && command.duration !== next) {
        throw new SlaValidationError('extension', [{ field: 'duration', message: `the next extension of clock ${clock.clockId} is to ${next} in total, not ${command.duration}` }]);
      }
      const { responsibleUnitId } = current.state.context as EscalationTrack;
      const request = { approverId: actor.id, approverUnitId: actor.unitId, reason: command.reason, customerNotifiedAt: command.customerNotifiedAt };
      return [extendClock(clock, request, (approverUnitId) => isAbove(orgTree, approverUnitId, responsibleUnitId), meta, rules.calendars)];
    }
  }
}
