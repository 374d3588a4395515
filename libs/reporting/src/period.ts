import { instantAtWall, wallMsAt } from '@duban/sla';
import { isIsoInstant } from '@duban/workflow';

/** A report's period: receipt at or after `from`, before `to`. */
export type Period = { from: string; to: string };

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * A period bound as an instant: `YYYY-MM` and `YYYY-MM-DD` are local midnight in the bank's time
 * zone (the 1st for a month), anything else must be an ISO 8601 instant. Undefined when unreadable.
 */
export function periodBound(text: string, timeZone: string): string | undefined {
  const date = DATE.exec(text);
  if (date) {
    const [, year, month, day = '01'] = date;
    const wall = Date.UTC(Number(year), Number(month) - 1, Number(day));
    // Date.UTC rolls 2026-02-30 over into March: refuse it instead.
    if (new Date(wall).toISOString().slice(0, 10) !== `${year}-${month}-${day}`) return undefined;
    return new Date(instantAtWall(timeZone, wall)).toISOString();
  }
  // isIsoInstant, not Date.parse alone: that would take 2026-02-30T00:00Z for 2 March.
  return isIsoInstant(text) ? new Date(Date.parse(text)).toISOString() : undefined;
}

/** The default period: the current month and the eleven before it, up to now. */
export function defaultPeriod(now: string, timeZone: string): Period {
  const wall = new Date(wallMsAt(timeZone, Date.parse(now)));
  const firstMonth = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth() - 11, 1);
  return { from: new Date(instantAtWall(timeZone, firstMonth)).toISOString(), to: new Date(Date.parse(now)).toISOString() };
}

/** YYYY-MM-DD of an instant in the bank's time zone, for names people read (file names, titles). */
export function localDate(iso: string, timeZone: string): string {
  return new Date(wallMsAt(timeZone, Date.parse(iso))).toISOString().slice(0, 10);
}

/** Whether an instant falls, in the bank's time zone, in `2026`, `2026-Q3` or `2026-07`. */
export function inCalendarPeriod(instant: string, period: string, timeZone: string): boolean {
  const date = localDate(instant, timeZone);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter === null) return date.startsWith(period);
  const month = Number(date.slice(5, 7));
  return date.startsWith(quarter[1]) && Math.ceil(month / 3) === Number(quarter[2]);
}
