import type { EventMeta } from '@duban/workflow';
import { elapsedMs, postponeMs } from '../calendar/business-time';
import type { CalendarSet } from '../calendar/calendar';
import { ClockCommandRejectedError } from '../errors';
import { clockEvent, PAUSE_REASONS, type ClockExtended, type ClockPaused, type ClockReset, type ClockResumed, type PauseReason } from './clock.events';
import { currentDuration, isTicking, type ClockState } from './clock.fold';
import { calendarFor, computeDue, computeDueAfterPauses } from './clock.progress';

function refuse(clock: ClockState, command: string, reason: string, forbidden = false): never {
  throw new ClockCommandRejectedError(clock.clockId, command, reason, forbidden);
}

function requireTicking(clock: ClockState, command: string): void {
  if (!isTicking(clock)) refuse(clock, command, `the clock is ${clock.state}${clock.stoppedAt === null ? '' : ' and stopped'}`);
}

/** Stops the clock counting (awaiting the customer, an external appraisal). Not once it is overdue: record the breach first. */
export function pauseClock(clock: ClockState, reason: PauseReason, meta: EventMeta): ClockPaused {
  if (clock.state !== 'running') refuse(clock, 'pause', `the clock is ${clock.state}`);
  if (!(PAUSE_REASONS as readonly string[]).includes(reason)) refuse(clock, 'pause', `reason must be one of ${PAUSE_REASONS.join(', ')}`);
  if (Date.parse(meta.occurredAt) >= Date.parse(clock.dueAt)) refuse(clock, 'pause', `it was due at ${clock.dueAt}`);
  return clockEvent<ClockPaused>('ClockPaused', { clockId: clock.clockId, reason, pausedAt: meta.occurredAt }, meta);
}

/** Restarts a paused clock; the due time moves by the paused time as the clock's basis counts it. */
export function resumeClock(clock: ClockState, meta: EventMeta, calendars: CalendarSet): ClockResumed {
  if (clock.state !== 'paused' || clock.pausedAt === null) return refuse(clock, 'resume', `the clock is ${clock.state}`);
  const calendar = calendarFor(clock.calendarId, calendars);
  const pausedMs = elapsedMs(Date.parse(clock.pausedAt), Date.parse(meta.occurredAt), clock.basis, calendar);
  if (pausedMs < 0) refuse(clock, 'resume', `it was paused at ${clock.pausedAt}, after ${meta.occurredAt}`);
  const dueAt = new Date(postponeMs(Date.parse(clock.dueAt), pausedMs, clock.basis, calendar)).toISOString();
  return clockEvent<ClockResumed>('ClockResumed', { clockId: clock.clockId, resumedAt: meta.occurredAt, pausedMs, dueAt }, meta);
}

export type ExtensionRequest = {
  approverId: string;
  approverUnitId: string;
  reason: string;
  /** When the customer was told of the extension (the regulation requires the notice). */
  customerNotifiedAt: string;
};

/**
 * Grants the clock's next extension (e.g. 15 → 30 → 60 days total, counted from its start, pauses
 * carried over). Only before a breach, only while extensions are left, only with the customer
 * notified, and only when `isHigherUnit(approverUnitId)` — the caller's org-tree check that the
 * approver's unit is above the unit handling the case (refused as forbidden otherwise).
 */
export function extendClock(
  clock: ClockState,
  request: ExtensionRequest,
  isHigherUnit: (approverUnitId: string) => boolean,
  meta: EventMeta,
  calendars: CalendarSet,
): ClockExtended {
  requireTicking(clock, 'extend');
  const duration = clock.extensions[clock.extensionsGranted.length];
  if (duration === undefined) {
    refuse(
      clock,
      'extend',
      clock.extensions.length === 0 ? 'its policy allows no extension' : `all ${clock.extensions.length} extensions are used (total ${currentDuration(clock)})`,
    );
  }
  if (request.reason.trim() === '') refuse(clock, 'extend', 'a reason is required');
  if (Number.isNaN(Date.parse(request.customerNotifiedAt))) refuse(clock, 'extend', 'customerNotifiedAt must record when the customer was told (ISO 8601)');
  if (!isHigherUnit(request.approverUnitId)) refuse(clock, 'extend', `approver unit ${request.approverUnitId} is not above the unit handling the case`, true);
  const calendar = calendarFor(clock.calendarId, calendars);
  const dueAt = computeDueAfterPauses(clock.startedAt, duration, clock.basis, calendar, clock.pausedTotalMs);
  return clockEvent<ClockExtended>('ClockExtended', { clockId: clock.clockId, ...request, duration, dueAt }, meta);
}

/** New facts: the clock counts its own duration again from now; pauses, warnings and extensions start over. */
export function resetClock(clock: ClockState, reason: string, meta: EventMeta, calendars: CalendarSet): ClockReset {
  requireTicking(clock, 'reset');
  if (clock.duration === null) refuse(clock, 'reset', 'its due time comes from the plan; record a new plan instead');
  if (reason.trim() === '') refuse(clock, 'reset', 'a reason (the new facts) is required');
  const dueAt = computeDue(meta.occurredAt, clock.duration, clock.basis, calendarFor(clock.calendarId, calendars));
  return clockEvent<ClockReset>('ClockReset', { clockId: clock.clockId, reason, startedAt: meta.occurredAt, dueAt }, meta);
}
