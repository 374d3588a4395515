/**
 * Time-zone arithmetic on top of Intl only (no tz database package): an instant's wall-clock time
 * is read with Intl.DateTimeFormat, and a wall-clock time is turned back into an instant by trying
 * the zone offsets in force a day before and a day after. This is exact for every IANA zone whose
 * transitions are more than two days apart, i.e. all of them.
 *
 * "Wall ms" are milliseconds on a UTC-labelled axis: Date.UTC(y, m - 1, d, h, min, s) of the local
 * reading. "Day numbers" count local dates from 1970-01-01 (= 0).
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock reading of an instant in a zone, as wall ms. */
export function wallMsAt(timeZone: string, instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instantMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const subSecond = ((instantMs % 1000) + 1000) % 1000;
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) + subSecond;
}

function offsetAt(timeZone: string, instantMs: number): number {
  return wallMsAt(timeZone, instantMs) - instantMs;
}

/**
 * The instant showing a given wall-clock time. Ambiguous times (clocks turned back) resolve to the
 * earlier instant; skipped times (clocks turned forward) keep the offset from before the gap, so
 * they land just after it — the same rule as Temporal's 'compatible' disambiguation.
 */
export function instantAtWall(timeZone: string, wallMs: number): number {
  const offsetBefore = offsetAt(timeZone, wallMs - MS_PER_DAY);
  const offsetAfter = offsetAt(timeZone, wallMs + MS_PER_DAY);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter((instant) => wallMsAt(timeZone, instant) === wallMs);
  return candidates.length > 0 ? Math.min(...candidates) : wallMs - offsetBefore;
}

/** The local date (day number) of an instant. */
export function localDayAt(timeZone: string, instantMs: number): number {
  return Math.floor(wallMsAt(timeZone, instantMs) / MS_PER_DAY);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a `YYYY-MM-DD` date, or undefined when it is not a real calendar date. */
export function dayOfIsoDate(date: string): number | undefined {
  const match = ISO_DATE.exec(date);
  if (match === null) return undefined;
  const [year, month, dayOfMonth] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, dayOfMonth);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== dayOfMonth) return undefined;
  return ms / MS_PER_DAY;
}

export function isoDateOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
