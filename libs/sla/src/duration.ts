import { IssueCollector, SlaValidationError } from './errors';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from './calendar/zone';

/** How a duration is counted; see README "Day bases". */
export const BASES = ['calendar', 'working_days', 'business_hours'] as const;
export type Basis = (typeof BASES)[number];

/**
 * A parsed ISO 8601 duration. Days (weeks are folded in as 7 days) stay separate from the time part
 * because a day is not always 24 hours: a calendar day across a DST change, a working day.
 */
export type Duration = { readonly days: number; readonly timeMs: number };

// Years and months are left out on purpose: their length varies, and every rule we model counts days.
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/** Parses `PT5S`, `P15D`, `PT8H`, `P1DT4H`, `P2W`, `PT0.5S` strictly; throws SlaValidationError. */
export function parseDuration(text: string, field = 'duration'): Duration {
  const fail = (message: string): never => {
    throw new SlaValidationError('duration', [{ field, message }]);
  };
  if (typeof text !== 'string') return fail('must be an ISO 8601 duration string such as "P15D" or "PT8H"');
  if (/^P(?:\d+Y|\d+M)/.test(text)) return fail(`"${text}": years and months are not supported (their length varies); use days, e.g. "P30D"`);
  const match = ISO_DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) {
    return fail(`"${text}" is not an ISO 8601 duration: expected P[nW][nD][T[nH][nM][nS]] with at least one part, e.g. "P15D", "PT8H", "P1DT4H", "PT5S"`);
  }
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  return {
    days: weeks * 7 + days,
    timeMs: Math.round(hours * MS_PER_HOUR + minutes * MS_PER_MINUTE + seconds * 1000),
  };
}

/**
 * Which parts of a duration a basis can count. Working days are whole days (a time part would be
 * ambiguous: business hours of which day?); business hours take only a time part (a "day" there
 * could mean 24 business hours or one working day, so we refuse to guess).
 */
export function basisIssue(duration: Duration, basis: Basis): string | undefined {
  if (basis === 'working_days' && duration.timeMs !== 0) return 'a working_days duration must be whole days, e.g. "P3D" (use business_hours for hours)';
  if (basis === 'business_hours' && duration.days !== 0) return 'a business_hours duration takes hours, minutes and seconds only, e.g. "PT8H" (use working_days for days)';
  return undefined;
}

/** Parses a duration and checks that the basis can count it; throws SlaValidationError. */
export function parseDurationFor(text: string, basis: Basis, field = 'duration'): Duration {
  const duration = parseDuration(text, field);
  const issue = basisIssue(duration, basis);
  if (issue !== undefined) throw new SlaValidationError('duration', [{ field, message: issue }]);
  return duration;
}

/** Validates into a collector instead of throwing; returns the duration when it is valid. */
export function collectDuration(issues: IssueCollector, field: string, text: unknown, basis: Basis | undefined): Duration | undefined {
  try {
    return basis === undefined ? parseDuration(text as string, field) : parseDurationFor(text as string, basis, field);
  } catch (error) {
    if (!(error instanceof SlaValidationError)) throw error;
    error.issues.forEach((issue) => issues.add(issue.field, issue.message));
    return undefined;
  }
}

/** Nominal length for ordering durations of one basis (a day counts as 24 hours). */
export function nominalMs(duration: Duration): number {
  return duration.days * MS_PER_DAY + duration.timeMs;
}

/**
 * Formats milliseconds as an ISO 8601 duration, negative with a leading '-' (ISO 8601-2). Days are
 * written only when asked (calendar basis); business time is given in hours, e.g. "PT31H30M".
 */
export function formatDuration(ms: number, options: { days?: boolean } = {}): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  const days = options.days ? Math.floor(rest / MS_PER_DAY) : 0;
  rest -= days * MS_PER_DAY;
  const hours = Math.floor(rest / MS_PER_HOUR);
  rest -= hours * MS_PER_HOUR;
  const minutes = Math.floor(rest / MS_PER_MINUTE);
  rest -= minutes * MS_PER_MINUTE;
  const seconds = rest / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (days === 0 && time === '') return 'PT0S';
  return `${sign}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
