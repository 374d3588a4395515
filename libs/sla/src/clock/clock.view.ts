import { isProvisional } from '../calendar/business-time';
import type { Calendar } from '../calendar/calendar';
import type { Basis } from '../duration';
import { formatDuration } from '../duration';
import type { PauseReason, StopOutcome } from './clock.events';
import type { ClockState, ClockStatus } from './clock.fold';
import { remainingMs } from './clock.progress';

/** A clock as the case view lists it. */
export type ClockView = {
  clockId: string;
  target: string;
  level: number;
  state: ClockStatus;
  startedAt: string;
  dueAt: string;
  /** The due time rests on days past the calendar's horizon (statutory holidays assumed, 调休 unknown): it may move when the next year's calendar is published. */
  provisional: boolean;
  version: number;
  basis: Basis;
  /** Time left as the basis counts it (business time for working days and business hours), negative when overdue; frozen while paused and once stopped. */
  remaining: { ms: number; iso: string };
  warningsRaised: number[];
  breachedAt: string | null;
  pausedAt: string | null;
  pauseReason: PauseReason | null;
  stoppedAt: string | null;
  outcome: StopOutcome | null;
  extensions: number;
  policyId: string;
  policyVersion: number;
  calendarId: string;
  calendarVersion: number;
};

export function clockView(clock: ClockState, now: Date, calendar: Calendar): ClockView {
  const remaining = remainingMs(clock, now.getTime(), calendar);
  return {
    clockId: clock.clockId,
    target: clock.target,
    level: clock.level,
    state: clock.state,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    provisional: isProvisional(Date.parse(clock.dueAt), clock.basis, calendar),
    version: clock.version,
    basis: clock.basis,
    remaining: { ms: remaining, iso: formatDuration(remaining, { days: clock.basis === 'calendar' }) },
    warningsRaised: clock.warningsRaised,
    breachedAt: clock.breachedAt,
    pausedAt: clock.pausedAt,
    pauseReason: clock.pauseReason,
    stoppedAt: clock.stoppedAt,
    outcome: clock.outcome,
    extensions: clock.extensionsGranted.length,
    policyId: clock.policyId,
    policyVersion: clock.policyVersion,
    calendarId: clock.calendarId,
    calendarVersion: clock.calendarVersion,
  };
}
