import { clockView, foldClocks, pendingFirings, type Calendar, type CalendarSet, type ClockState, type ClockView, type PendingFiring } from '@duban/sla';
import type { StoredEvent } from '@duban/workflow';

/** A warning or breach a case's clock still owes: what a scheduler keys a delayed job on, and when it falls due. */
export type ClockFiring = {
  /** The case stream, e.g. `complaint-<id>` (see caseOfStream). */
  stream: string;
  clockId: string;
  /** The clock version the instant was computed for; a new version means new firings. */
  version: number;
  kind: PendingFiring['kind'];
  /** Warning fraction, or 1 for the breach. */
  threshold: number;
  /** ISO-8601 instant. */
  at: string;
};

/** The current version of the calendar a clock counts on (calendars are never deleted, so a miss is a broken store). */
function calendarOf(clock: ClockState, calendars: CalendarSet): Calendar {
  const calendar = calendars[clock.calendarId];
  if (calendar === undefined) throw new Error(`clock ${clock.clockId} counts on calendar ${clock.calendarId}, which is not known`);
  return calendar;
}

/** The pending firings of a case's open clocks, earliest first. */
export function firingsOf(stream: string, clocks: readonly ClockState[], calendars: CalendarSet): ClockFiring[] {
  return clocks
    .flatMap((clock) => pendingFirings(clock, calendarOf(clock, calendars)).map(({ clockId, version, kind, threshold, at }) => ({ stream, clockId, version, kind, threshold, at })))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** The clocks of a case stream as they read at `at` (now for the live view, then for a past state), each on the calendar version it recorded. */
export async function recordedClockViews(
  history: readonly StoredEvent[],
  at: Date,
  calendarVersion: (calendarId: string, version: number) => Promise<Calendar>,
): Promise<ClockView[]> {
  const clocks = foldClocks(history);
  const calendars = await Promise.all(clocks.map((clock) => calendarVersion(clock.calendarId, clock.calendarVersion)));
  return clocks.map((clock, index) => clockView(clock, at, calendars[index]));
}
