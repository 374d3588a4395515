/** Remaining time as the API reports it, ticked down in the browser only between two refreshes. */

export type Urgency = 'overdue' | 'warning' | 'ok';

const HOUR = 3_600_000;
/** Under one working day left is when the API's first warnings fire for the shipped policies. */
export const WARNING_BELOW_MS = 8 * HOUR;

export function urgencyOf(remainingMs: number): Urgency {
  if (remainingMs < 0) return 'overdue';
  return remainingMs < WARNING_BELOW_MS ? 'warning' : 'ok';
}

export interface DurationUnits {
  readonly days: string;
  readonly hours: string;
  readonly minutes: string;
}

/** E.g. "1天 4小时 05分" / "1d 4h 05m"; negative durations are shown by magnitude (the caller says "overdue"). */
export function formatDuration(ms: number, units: DurationUnits): string {
  const minutesTotal = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutesTotal / 1440);
  const hours = Math.floor((minutesTotal % 1440) / 60);
  const minutes = String(minutesTotal % 60).padStart(2, '0');
  const seconds = String(Math.floor((Math.abs(ms) % 60_000) / 1000)).padStart(2, '0');
  const head = days > 0 ? `${days}${units.days} ${hours}${units.hours} ` : hours > 0 ? `${hours}${units.hours} ` : '';
  return `${head}${minutes}${units.minutes}${days === 0 && hours === 0 ? ` ${seconds}s` : ''}`;
}

/**
 * What is left now of a duration the API measured at `measuredAt`: a running clock loses the
 * wall time since then (business time only stops outside working hours, which the next refresh
 * corrects); a paused or stopped clock keeps what it had.
 */
export function remainingNow(remainingMs: number, measuredAt: number, now: number, running: boolean): number {
  return running ? remainingMs - (now - measuredAt) : remainingMs;
}
