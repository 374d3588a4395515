/** Remaining time as the API reports it, ticked down in the browser only between two refreshes. */

export type Urgency = 'overdue' | 'warning' | 'ok';

/** Amber once a clock has less than this share of its own length left (the policies warn at 50 % and 80 % used). */
export const WARNING_SHARE_LEFT = 0.2;

/** How close a deadline is, relative to the clock's length: a same-day clock and a 15-day one turn amber at the same share. */
export function urgencyOf(remainingMs: number, lengthMs: number): Urgency {
  if (remainingMs < 0) return 'overdue';
  return remainingMs < lengthMs * WARNING_SHARE_LEFT ? 'warning' : 'ok';
}

export interface DurationUnits {
  readonly days: string;
  readonly hours: string;
  readonly minutes: string;
  readonly seconds: string;
}

/** E.g. "1天 4小时 05分" / "1d 4h 05m"; negative durations are shown by magnitude (the caller says "late by"). */
export function formatDuration(ms: number, units: DurationUnits): string {
  const minutesTotal = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutesTotal / 1440);
  const hours = Math.floor((minutesTotal % 1440) / 60);
  const minutes = String(minutesTotal % 60).padStart(2, '0');
  const seconds = String(Math.floor((Math.abs(ms) % 60_000) / 1000)).padStart(2, '0');
  const head = days > 0 ? `${days}${units.days} ${hours}${units.hours} ` : hours > 0 ? `${hours}${units.hours} ` : '';
  return `${head}${minutes}${units.minutes}${days === 0 && hours === 0 ? ` ${seconds}${units.seconds}` : ''}`;
}

/**
 * What is left now of a duration the API measured at `measuredAt`: a running clock loses the
 * wall time since then (business time only stops outside working hours, which the next refresh
 * corrects); a paused or stopped clock keeps what it had.
 */
export function remainingNow(remainingMs: number, measuredAt: number, now: number, running: boolean): number {
  return running ? remainingMs - (now - measuredAt) : remainingMs;
}

/** A clock's length as the wall sees it, from its start to its deadline (at least a minute, so a share is defined). */
export const clockLengthMs = (clock: { readonly startedAt: string; readonly dueAt: string }): number => Math.max(60_000, Date.parse(clock.dueAt) - Date.parse(clock.startedAt));

interface MeasuredClock {
  readonly state: string;
  readonly dueAt: string;
  readonly stoppedAt: string | null;
  readonly remaining: { readonly ms: number };
}

/** A clock still owed: running, paused, or breached and not yet stopped (a reply given late stops it). */
export const isOwed = (clock: MeasuredClock): boolean => clock.state === 'running' || clock.state === 'paused' || (clock.state === 'breached' && clock.stoppedAt === null);

/**
 * What a clock has left at `measuredAt`: the API's business-time figure, except for a breached
 * clock, whose figure froze at its breach; its lateness is counted from its deadline (wall time).
 */
export function remainingOf(clock: MeasuredClock, measuredAt: number): number {
  return clock.state === 'breached' ? Math.min(clock.remaining.ms, Date.parse(clock.dueAt) - measuredAt) : clock.remaining.ms;
}

/** A running clock counts down, an owed breached one counts how late; paused and stopped ones stand still. */
export const isCounting = (clock: MeasuredClock): boolean => clock.state === 'running' || (clock.state === 'breached' && clock.stoppedAt === null);
