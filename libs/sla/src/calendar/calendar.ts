import { IssueCollector } from '../errors';
import { statutoryDaysOff } from './statutory';
import { dayOfIsoDate, isoWeekday, isValidTimeZone, MS_PER_DAY, MS_PER_MINUTE, instantAtWall } from './zone';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * A business calendar as stored and edited (plain JSON). A date is a working day when it is in
 * `workdays` (调休 make-up working day), or its ISO weekday is in `workweek` and it is not in
 * `holidays`. Business hours are the same on every working day.
 */
export type Calendar = {
  readonly id: string;
  /** Incremented on every edit; clocks record the version they were computed with. */
  readonly version: number;
  readonly name?: string;
  readonly note?: string;
  /** IANA zone; `YYYY-MM-DD` dates and `HH:MM` hours are read in it. */
  readonly timezone: string;
  /** ISO weekday numbers, 1 = Monday … 7 = Sunday. */
  readonly workweek: readonly number[];
  /** Sorted, non-overlapping [from, to) local times; "24:00" may close the day. */
  readonly hours: readonly (readonly [string, string])[];
  readonly holidays: readonly string[];
  /** Make-up working days (调休), e.g. a Saturday worked to bridge a holiday. */
  readonly workdays: readonly string[];
  /**
   * Coverage horizon: the last day (`YYYY-MM-DD`) whose holidays and 调休 are known. Past it the
   * `beyondHorizon` rule decides, and due times counted on working days or business hours are
   * provisional. Absent: the calendar never runs out (its workweek is all there is to know).
   */
  readonly horizon?: string;
  /** Past the horizon: `cn-statutory` (the holidays mainland China's law fixes every year, with 补假, no 调休) or `workweek` (default). */
  readonly beyondHorizon?: BeyondHorizon;
};

export const BEYOND_HORIZON_RULES = ['workweek', 'cn-statutory'] as const;
export type BeyondHorizon = (typeof BEYOND_HORIZON_RULES)[number];

/** Calendars by id, as policies and clocks refer to them. */
export type CalendarSet = Readonly<Record<string, Calendar>>;

const HOUR_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutesOf(time: string): number {
  return time === '24:00' ? 24 * 60 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function collectDates(issues: IssueCollector, field: string, value: unknown): string[] {
  if (!Array.isArray(value)) {
    issues.add(field, 'must be a list of "YYYY-MM-DD" dates');
    return [];
  }
  value.forEach((date, index) => {
    if (typeof date !== 'string' || dayOfIsoDate(date) === undefined) issues.add(`${field}[${index}]`, `${JSON.stringify(date)} is not a real "YYYY-MM-DD" date`);
  });
  return [...new Set(value.filter((date): date is string => typeof date === 'string'))].sort();
}

/**
 * A calendar id names its stream (`calendar-<id>`), appears in URLs (`/calendars/<id>`) and in
 * policies: a short slug, never a path, a control character or a page of text.
 */
export const CALENDAR_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const CALENDAR_FIELDS: readonly string[] = ['id', 'version', 'name', 'note', 'timezone', 'workweek', 'hours', 'holidays', 'workdays', 'horizon', 'beyondHorizon'];

/**
 * Validates calendar JSON (all issues at once, SlaValidationError) and returns it normalised:
 * timezone defaulted, dates sorted and de-duplicated.
 */
export function parseCalendar(input: unknown): Calendar {
  const issues = new IssueCollector();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    issues.add('', 'a calendar must be a JSON object');
    issues.throwIfAny('calendar');
  }
  const raw = input as Record<string, unknown>;
  // A misspelt field (`holiday`) would otherwise be dropped and the calendar published without it.
  for (const key of Object.keys(raw)) {
    if (!CALENDAR_FIELDS.includes(key)) issues.add(key, `is not a known field (known: ${CALENDAR_FIELDS.join(', ')})`);
  }

  if (typeof raw.id !== 'string' || !CALENDAR_ID.test(raw.id)) issues.add('id', 'must be 1 to 64 letters, digits, - or _, starting with a letter or digit');
  if (!Number.isInteger(raw.version) || (raw.version as number) < 1) issues.add('version', 'must be a positive integer');
  for (const optional of ['name', 'note'] as const) {
    if (raw[optional] !== undefined && typeof raw[optional] !== 'string') issues.add(optional, 'must be a string when given');
  }
  const timezone = raw.timezone ?? DEFAULT_TIME_ZONE;
  if (typeof timezone !== 'string' || !isValidTimeZone(timezone)) issues.add('timezone', `${JSON.stringify(timezone)} is not an IANA time zone such as "Asia/Shanghai"`);

  const workweek = raw.workweek;
  if (!Array.isArray(workweek) || workweek.length === 0) {
    issues.add('workweek', 'must be a non-empty list of ISO weekday numbers (1 = Monday … 7 = Sunday)');
  } else {
    workweek.forEach((weekday, index) => {
      if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) issues.add(`workweek[${index}]`, `${JSON.stringify(weekday)} is not an ISO weekday number 1..7`);
    });
    if (new Set(workweek).size !== workweek.length) issues.add('workweek', 'lists a weekday twice');
  }

  const hours = raw.hours;
  if (!Array.isArray(hours) || hours.length === 0) {
    issues.add('hours', 'must be a non-empty list of ["HH:MM", "HH:MM"] intervals');
  } else {
    let previousEnd = -1;
    hours.forEach((interval, index) => {
      const field = `hours[${index}]`;
      if (!Array.isArray(interval) || interval.length !== 2 || !interval.every((time) => typeof time === 'string' && HOUR_OF_DAY.test(time))) {
        issues.add(field, `${JSON.stringify(interval)} must be ["HH:MM", "HH:MM"] (00:00–24:00)`);
        return;
      }
      const [from, to] = interval.map(minutesOf) as [number, number];
      if (from >= to) issues.add(field, `starts at ${interval[0]}, not before its end ${interval[1]}`);
      else if (from < previousEnd) issues.add(field, `starts at ${interval[0]}, before the previous interval ends; list intervals in order without overlap`);
      previousEnd = Math.max(previousEnd, to);
    });
  }

  const holidays = collectDates(issues, 'holidays', raw.holidays ?? []);
  const workdays = collectDates(issues, 'workdays', raw.workdays ?? []);
  const holidaySet = new Set(holidays);
  for (const date of workdays) {
    const day = dayOfIsoDate(date);
    if (holidaySet.has(date)) issues.add('workdays', `${date} is also listed as a holiday`);
    else if (day !== undefined && Array.isArray(workweek) && workweek.includes(isoWeekday(day))) {
      issues.add('workdays', `${date} is already a working day by the workweek; list only make-up days (调休) outside it`);
    }
  }

  if (raw.horizon !== undefined && (typeof raw.horizon !== 'string' || dayOfIsoDate(raw.horizon) === undefined)) {
    issues.add('horizon', `${JSON.stringify(raw.horizon)} is not a real "YYYY-MM-DD" date`);
  }
  if (raw.beyondHorizon !== undefined && !(BEYOND_HORIZON_RULES as readonly unknown[]).includes(raw.beyondHorizon)) {
    issues.add('beyondHorizon', `must be one of ${BEYOND_HORIZON_RULES.join(', ')}`);
  }

  issues.throwIfAny('calendar');
  return {
    id: raw.id as string,
    version: raw.version as number,
    ...(raw.name === undefined ? {} : { name: raw.name as string }),
    ...(raw.note === undefined ? {} : { note: raw.note as string }),
    timezone: timezone as string,
    workweek: [...(workweek as number[])].sort(),
    hours: (hours as [string, string][]).map(([from, to]) => [from, to] as const),
    holidays,
    workdays,
    ...(raw.horizon === undefined ? {} : { horizon: raw.horizon as string }),
    ...(raw.beyondHorizon === undefined ? {} : { beyondHorizon: raw.beyondHorizon as BeyondHorizon }),
  };
}

/** Day number of the calendar's horizon; Infinity when it has none. */
export function horizonDayOf(calendar: Calendar): number {
  return calendar.horizon === undefined ? Infinity : dayOfIsoDate(calendar.horizon)!;
}

/** A calendar prepared for arithmetic; built once per calendar object. */
export interface CompiledCalendar {
  readonly timezone: string;
  isWorkingDay(day: number): boolean;
  /** Business intervals [from, to) of a local day as instants; empty on non-working days. */
  intervals(day: number): readonly (readonly [number, number])[];
  /** Close of business (end of the last interval) of a local day, as an instant. */
  closeOf(day: number): number;
}

const compiledCalendars = new WeakMap<Calendar, CompiledCalendar>();

export function compileCalendar(calendar: Calendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar);
  if (cached !== undefined) return cached;
  const workweek = new Set(calendar.workweek);
  const holidays = new Set(calendar.holidays.map(dayOfIsoDate));
  const workdays = new Set(calendar.workdays.map(dayOfIsoDate));
  const minutes = calendar.hours.map(([from, to]) => [minutesOf(from), minutesOf(to)] as const);
  const atMinute = (day: number, minute: number): number => instantAtWall(calendar.timezone, day * MS_PER_DAY + minute * MS_PER_MINUTE);
  const horizon = horizonDayOf(calendar);
  const statutory = calendar.beyondHorizon === 'cn-statutory';
  const isStatutoryDayOff = (day: number): boolean => statutory && statutoryDaysOff(new Date(day * MS_PER_DAY).getUTCFullYear(), calendar.workweek).has(day);
  const isWorkingDay = (day: number): boolean =>
    day > horizon ? workweek.has(isoWeekday(day)) && !isStatutoryDayOff(day) : workdays.has(day) || (workweek.has(isoWeekday(day)) && !holidays.has(day));
  const intervalCache = new Map<number, readonly (readonly [number, number])[]>();
  const compiled: CompiledCalendar = {
    timezone: calendar.timezone,
    isWorkingDay,
    intervals(day) {
      let intervals = intervalCache.get(day);
      if (intervals === undefined) {
        intervals = isWorkingDay(day) ? minutes.map(([from, to]) => [atMinute(day, from), atMinute(day, to)] as const) : [];
        intervalCache.set(day, intervals);
      }
      return intervals;
    },
    closeOf: (day) => atMinute(day, minutes[minutes.length - 1][1]),
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}
