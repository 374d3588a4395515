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

const NAMED_PERIOD = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** The kind of a named period: `2026-Q3` a quarter, `2026-07` a month, `2026` a year; undefined when unreadable. */
export function namedPeriodKind(text: string): 'quarter' | 'month' | 'year' | undefined {
  const match = NAMED_PERIOD.exec(text);
  if (match === null) return undefined;
  return match[2] !== undefined ? 'quarter' : match[3] !== undefined ? 'month' : 'year';
}

/** A named period as instants: from local midnight of its first day to that of the next period's, in the bank's time zone. */
export function namedPeriod(text: string, timeZone: string): Period | undefined {
  const match = NAMED_PERIOD.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const [firstMonth, months] = match[2] !== undefined ? [(Number(match[2]) - 1) * 3, 3] : match[3] !== undefined ? [Number(match[3]) - 1, 1] : [0, 12];
  const at = (month: number): string => new Date(instantAtWall(timeZone, Date.UTC(year, month, 1))).toISOString();
  return { from: at(firstMonth), to: at(firstMonth + months) };
}

/** The name of the period of that kind holding `now` in the bank's time zone: `2026-Q4`, `2026-12` or `2026`. */
export function currentNamedPeriod(now: string, kind: 'quarter' | 'month' | 'year', timeZone: string): string {
  const [year, month] = localDate(now, timeZone).split('-');
  return kind === 'year' ? year : kind === 'month' ? `${year}-${month}` : `${year}-Q${Math.ceil(Number(month) / 3)}`;
}

/** Whether an instant falls, in the bank's time zone, in `2026`, `2026-Q3` or `2026-07` (namedPeriod: `from ≤ instant < to`); never in an unreadable name. */
export function inCalendarPeriod(instant: string, period: string, timeZone: string): boolean {
  const bounds = namedPeriod(period, timeZone);
  if (bounds === undefined) return false;
  const at = Date.parse(instant);
  return Date.parse(bounds.from) <= at && at < Date.parse(bounds.to);
}
