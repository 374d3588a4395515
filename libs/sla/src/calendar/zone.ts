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

/**
 * Zone offsets are constant for months at a time, and Intl's formatToParts costs microseconds per
 * call, which every clock reading pays many times over. So the offset is kept per zone and
 * quarter hour: a quarter hour whose first and last millisecond have the same offset has it
 * throughout (no zone changes its offset twice within 15 minutes); one that holds a transition is
 * marked and read exactly each time.
 */
const OFFSET_SPAN_MS = 15 * MS_PER_MINUTE;
const MAX_CACHED_SPANS = 100_000;
const TRANSITION = Number.NaN;
const offsetsBySpan = new Map<string, Map<number, number>>();

/** The wall-clock reading of an instant in a zone, as wall ms. */
export function wallMsAt(timeZone: string, instantMs: number): number {
  let spans = offsetsBySpan.get(timeZone);
  if (spans === undefined) offsetsBySpan.set(timeZone, (spans = new Map<number, number>()));
  const span = Math.floor(instantMs / OFFSET_SPAN_MS);
  let offset = spans.get(span);
  if (offset === undefined) {
    const first = span * OFFSET_SPAN_MS;
    const last = first + OFFSET_SPAN_MS - 1;
    const atFirst = formattedWallMs(timeZone, first) - first;
    offset = atFirst === formattedWallMs(timeZone, last) - last ? atFirst : TRANSITION;
    if (spans.size >= MAX_CACHED_SPANS) spans.clear();
    spans.set(span, offset);
  }
  return Number.isNaN(offset) ? formattedWallMs(timeZone, instantMs) : instantMs + offset;
}

function formattedWallMs(timeZone: string, instantMs: number): number {
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
