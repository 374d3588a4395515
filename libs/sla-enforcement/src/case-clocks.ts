import { clockView, foldClocks, pendingFirings, type Calendar, type ClockState, type ClockView, type PendingFiring } from '@duban/sla';
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

/** Each clock's calendar at the version it recorded, so its due time, remaining time and firings come from one version. */
export type ClockCalendars = (clock: ClockState) => Calendar;

/** One published calendar version; a miss is a broken store (clocks only record published versions, nothing is deleted). */
export type CalendarVersions = (calendarId: string, version: number) => Promise<Calendar>;

/** Fetches the calendar version of every clock once per (id, version). */
export async function recordedCalendars(clocks: readonly ClockState[], calendarVersion: CalendarVersions): Promise<ClockCalendars> {
  const key = (clock: ClockState): string => `${clock.calendarId}\n${clock.calendarVersion}`;
  const distinct = new Map(clocks.map((clock) => [key(clock), clock]));
  const found = new Map(await Promise.all([...distinct].map(async ([clockKey, clock]) => [clockKey, await calendarVersion(clock.calendarId, clock.calendarVersion)] as const)));
  return (clock) => found.get(key(clock))!;
}

/** The pending firings of a case's open clocks, earliest first. */
export function firingsOf(stream: string, clocks: readonly ClockState[], calendarOf: ClockCalendars): ClockFiring[] {
  return clocks
    .flatMap((clock) => pendingFirings(clock, calendarOf(clock)).map(({ clockId, version, kind, threshold, at }) => ({ stream, clockId, version, kind, threshold, at })))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** The clocks of a case stream as they read at `at` (now for the live view, then for a past state), each on the calendar version it recorded. */
export async function recordedClockViews(history: readonly StoredEvent[], at: Date, calendarVersion: CalendarVersions): Promise<ClockView[]> {
  return clockViewsOf(foldClocks(history), at, calendarVersion);
}

/** recordedClockViews of clocks already folded. */
export async function clockViewsOf(clocks: readonly ClockState[], at: Date, calendarVersion: CalendarVersions): Promise<ClockView[]> {
  const calendarOf = await recordedCalendars(clocks, calendarVersion);
  return clocks.map((clock) => clockView(clock, at, calendarOf(clock)));
}
