import { parseDurationFor, type Basis, type Duration } from '../duration';
import { SlaError, SlaValidationError } from '../errors';
import { compileCalendar, horizonDayOf, type Calendar, type CompiledCalendar } from './calendar';
import { dayOfIsoDate, instantAtWall, localDayAt, MS_PER_DAY, wallMsAt } from './zone';

/** A calendar with no business time for ten years is a data error, not a reason to loop forever. */
const MAX_SCAN_DAYS = 3660;

export class NoBusinessTimeError extends SlaError {
  readonly code = 'CALENDAR_WITHOUT_BUSINESS_TIME';

  constructor(calendarId: string, from: number) {
    super(`calendar ${calendarId} has no business time within ${MAX_SCAN_DAYS} days after ${new Date(from).toISOString()}`);
  }
}

/** Business time (ms inside business hours of working days) in [start, end); 0 when end <= start. */
function businessMsBetween(calendar: CompiledCalendar, start: number, end: number): number {
  let total = 0;
  for (let day = localDayAt(calendar.timezone, start), last = localDayAt(calendar.timezone, end); day <= last; day++) {
    for (const [from, to] of calendar.intervals(day)) total += Math.max(0, Math.min(to, end) - Math.max(from, start));
  }
  return total;
}

/** The earliest instant at or after `start` with `amount` business ms in between. */
function addBusinessMs(calendar: CompiledCalendar, calendarId: string, start: number, amount: number): number {
  if (amount <= 0) return start;
  let left = amount;
  const firstDay = localDayAt(calendar.timezone, start);
  for (let day = firstDay; day < firstDay + MAX_SCAN_DAYS; day++) {
    for (const [from, to] of calendar.intervals(day)) {
      const available = to - Math.max(from, start);
      if (available <= 0) continue;
      if (left <= available) return Math.max(from, start) + left;
      left -= available;
    }
  }
  throw new NoBusinessTimeError(calendarId, start);
}

/** The first close of business at or after (`strictly` after) an instant. */
function closeOfBusinessFrom(calendar: CompiledCalendar, calendarId: string, instant: number, strictly: boolean): number {
  // Start a day early: a day closing at 24:00 closes on the next local date.
  const firstDay = localDayAt(calendar.timezone, instant) - 1;
  for (let day = firstDay; day < firstDay + MAX_SCAN_DAYS; day++) {
    if (!calendar.isWorkingDay(day)) continue;
    const close = calendar.closeOf(day);
    if (strictly ? close > instant : close >= instant) return close;
  }
  throw new NoBusinessTimeError(calendarId, instant);
}

function nthWorkingDayAfter(calendar: CompiledCalendar, calendarId: string, day: number, count: number): number {
  let found = 0;
  for (let candidate = day + 1; candidate <= day + MAX_SCAN_DAYS; candidate++) {
    if (calendar.isWorkingDay(candidate) && ++found === count) return candidate;
  }
  throw new NoBusinessTimeError(calendarId, day * MS_PER_DAY);
}

/**
 * Due time in epoch ms; see README "Day bases" for the exact rules.
 * - calendar: same wall-clock time `days` local dates later, then plus the time part.
 * - working_days: close of business of the N-th working day after the local date of `start`;
 *   P0D ("the same working day") is the next close of business after `start`.
 * - business_hours: the earliest instant with that much business time since `start`.
 */
export function dueAtMs(start: number, duration: Duration, basis: Basis, calendar: Calendar): number {
  const compiled = compileCalendar(calendar);
  switch (basis) {
    case 'calendar': {
      // Only whole days go through the wall clock: a round trip could move an ambiguous start.
      const afterDays = duration.days === 0 ? start : instantAtWall(calendar.timezone, wallMsAt(calendar.timezone, start) + duration.days * MS_PER_DAY);
      return afterDays + duration.timeMs;
    }
    case 'working_days':
      return duration.days === 0
        ? closeOfBusinessFrom(compiled, calendar.id, start, true)
        : compiled.closeOf(nthWorkingDayAfter(compiled, calendar.id, localDayAt(calendar.timezone, start), duration.days));
    case 'business_hours':
      return addBusinessMs(compiled, calendar.id, start, duration.timeMs);
  }
}

/**
 * Time between two instants as the basis counts it, in ms; negative when end < start. Calendar basis
 * counts real elapsed time; business_hours and working_days both count business time (time inside
 * business hours on working days), so a working-day clock shows remaining time in business hours.
 */
export function elapsedMs(start: number, end: number, basis: Basis, calendar: Calendar): number {
  if (end < start) return -elapsedMs(end, start, basis, calendar);
  return basis === 'calendar' ? end - start : businessMsBetween(compileCalendar(calendar), start, end);
}

/**
 * Moves a due time later by an amount measured with `elapsedMs` (a pause). Working-day due times
 * stay at a close of business: a part day given back rounds up to that day's close.
 */
export function postponeMs(due: number, amount: number, basis: Basis, calendar: Calendar): number {
  if (basis === 'calendar') return due + amount;
  const compiled = compileCalendar(calendar);
  const moved = addBusinessMs(compiled, calendar.id, due, amount);
  return basis === 'working_days' && amount > 0 ? closeOfBusinessFrom(compiled, calendar.id, moved, false) : moved;
}

/**
 * Business-time inverse of `elapsedMs`: the earliest instant at or after `start` with `amount`
 * counted in between (for calendar basis simply start + amount).
 */
export function advanceMs(start: number, amount: number, basis: Basis, calendar: Calendar): number {
  return basis === 'calendar' ? start + amount : addBusinessMs(compileCalendar(calendar), calendar.id, start, amount);
}

function toDuration(duration: string | Duration, basis: Basis): Duration {
  return typeof duration === 'string' ? parseDurationFor(duration, basis) : duration;
}

/** When a duration counted from `start` on `basis` runs out. */
export function dueAt(start: Date, duration: string | Duration, basis: Basis, calendar: Calendar): Date {
  return new Date(dueAtMs(start.getTime(), toDuration(duration, basis), basis, calendar));
}

/**
 * Whether a due time rests on days past the calendar's horizon (their 调休 unknown, statutory
 * holidays assumed): working-day and business-hour due times after the horizon day. Calendar-day
 * due times never depend on holidays.
 */
export function isProvisional(dueMs: number, basis: Basis, calendar: Calendar): boolean {
  return basis !== 'calendar' && localDayAt(calendar.timezone, dueMs) > horizonDayOf(calendar);
}

/** Time between two instants as `basis` counts it, in ms (negative when end is before start). */
export function elapsed(start: Date, end: Date, basis: Basis, calendar: Calendar): number {
  return elapsedMs(start.getTime(), end.getTime(), basis, calendar);
}

/** Whether a `YYYY-MM-DD` date is a working day in the calendar. */
export function isWorkingDay(calendar: Calendar, date: string): boolean {
  const day = dayOfIsoDate(date);
  if (day === undefined) throw new SlaValidationError('date', [{ field: 'date', message: `${JSON.stringify(date)} is not a real "YYYY-MM-DD" date` }]);
  return compileCalendar(calendar).isWorkingDay(day);
}

/** Whether an instant lies inside business hours of a working day. */
export function isWithinBusinessHours(calendar: Calendar, instant: Date): boolean {
  const at = instant.getTime();
  return compileCalendar(calendar)
    .intervals(localDayAt(calendar.timezone, at))
    .some(([from, to]) => at >= from && at < to);
}
