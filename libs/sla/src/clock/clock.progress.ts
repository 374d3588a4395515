import { advanceMs, dueAtMs, elapsedMs, postponeMs } from '../calendar/business-time';
import type { Calendar, CalendarSet } from '../calendar/calendar';
import { parseDurationFor, type Basis } from '../duration';
import { SlaValidationError } from '../errors';
import { isOpen, type ClockState } from './clock.fold';

/** The calendar a clock was computed with (by id; the set holds the current version). */
export function calendarFor(calendarId: string, calendars: CalendarSet): Calendar {
  const calendar = calendars[calendarId];
  if (calendar === undefined)
    throw new SlaValidationError('calendar set', [{ field: calendarId, message: `is not a known calendar (known: ${Object.keys(calendars).join(', ')})` }]);
  return calendar;
}

const ms = (iso: string): number => Date.parse(iso);

/** Due time of a duration counted from an ISO instant, as ISO. */
export function computeDue(startedAt: string, duration: string, basis: Basis, calendar: Calendar): string {
  return new Date(dueAtMs(ms(startedAt), parseDurationFor(duration, basis), basis, calendar)).toISOString();
}

/** Due time of a duration counted from `startedAt` when `pausedMs` of it (as the basis counts) did not count. */
export function computeDueAfterPauses(startedAt: string, duration: string, basis: Basis, calendar: Calendar, pausedMs: number): string {
  return new Date(postponeMs(ms(computeDue(startedAt, duration, basis, calendar)), pausedMs, basis, calendar)).toISOString();
}

/** The clock's own time: from start to due, minus the paused time in between. */
export function budgetMs(clock: ClockState, calendar: Calendar): number {
  return elapsedMs(ms(clock.startedAt), ms(clock.dueAt), clock.basis, calendar) - clock.pausedTotalMs;
}

/** The instant at which the clock is read: now, or frozen at its pause or stop. */
function readingInstant(clock: ClockState, now: number): number {
  return Math.min(now, clock.pausedAt === null ? now : ms(clock.pausedAt), clock.stoppedAt === null ? now : ms(clock.stoppedAt));
}

/** Time left as the basis counts it, negative when overdue. */
export function remainingMs(clock: ClockState, now: number, calendar: Calendar): number {
  return elapsedMs(readingInstant(clock, now), ms(clock.dueAt), clock.basis, calendar);
}

/**
 * The instant the clock has used `amount` of its time, walking the running stretches between its
 * pauses; null when that point lies beyond a pause still in progress.
 */
export function instantWhenUsed(clock: ClockState, amount: number, calendar: Calendar): number | null {
  let cursor = ms(clock.startedAt);
  let left = amount;
  for (const pause of clock.pauses) {
    const stretch = elapsedMs(cursor, ms(pause.pausedAt), clock.basis, calendar);
    if (left <= stretch) return advanceMs(cursor, left, clock.basis, calendar);
    left -= stretch;
    cursor = ms(pause.resumedAt);
  }
  if (clock.pausedAt !== null) {
    const stretch = elapsedMs(cursor, ms(clock.pausedAt), clock.basis, calendar);
    return left <= stretch ? advanceMs(cursor, left, clock.basis, calendar) : null;
  }
  return advanceMs(cursor, left, clock.basis, calendar);
}

/** A warning or breach the clock still owes, and when it falls due. */
export type PendingFiring = { clockId: string; version: number; kind: 'warning' | 'breach'; threshold: number; at: string };

/**
 * Warnings and the breach a clock has not recorded yet, each with the instant it falls due, for a
 * scheduler (one delayed job per firing, keyed by case, clock, version and threshold). Open,
 * unbreached clocks only; a paused clock owes nothing beyond what it had reached before the pause.
 * A warning point is `ceil(fraction × budget)` of used time, so it is never early.
 */
export function pendingFirings(clock: ClockState, calendar: Calendar): PendingFiring[] {
  if (!isOpen(clock) || clock.breachedAt !== null) return [];
  const budget = budgetMs(clock, calendar);
  const points = [
    ...clock.warnAt
      .filter((threshold) => !clock.warningsRaised.includes(threshold))
      .map((threshold) => ({ kind: 'warning' as const, threshold, used: Math.ceil(threshold * budget) })),
    { kind: 'breach' as const, threshold: 1, used: budget },
  ];
  return points.flatMap(({ kind, threshold, used }) => {
    const at = instantWhenUsed(clock, used, calendar);
    return at === null ? [] : [{ clockId: clock.clockId, version: clock.version, kind, threshold, at: new Date(at).toISOString() }];
  });
}
