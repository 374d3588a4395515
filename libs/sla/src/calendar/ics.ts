import { IssueCollector } from '../errors';
import { parseCalendar, type Calendar } from './calendar';
import { dayOfIsoDate, isoDateOfDay } from './zone';

/** One day an .ics file declares, and the event it comes from. */
export type IcsDay = { date: string; kind: 'holiday' | 'workday'; summary: string };

export type IcsImport = {
  holidays: string[];
  workdays: string[];
  days: IcsDay[];
  /** Years the file covers; an import replaces the calendar's dates in these years only. */
  years: number[];
};

/** Explicit day type, e.g. `X-DUBAN-DAY-TYPE:WORKDAY`; wins over the summary. */
export const DAY_TYPE_PROPERTY = 'X-DUBAN-DAY-TYPE';

/** A summary naming a make-up working day: 补班, 调休上班, 节后上班, or a "(班)" marker as holiday feeds write it. */
const WORKDAY_SUMMARY = /补班|上班|[（(]\s*班\s*[)）]/;

type Property = { name: string; params: Record<string, string>; value: string; line: number };

/** RFC 5545 3.1: a line starting with a space or tab continues the previous one. */
function unfold(text: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const last = lines.at(-1);
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last !== undefined) last.text += raw.slice(1);
    else if (raw !== '') lines.push({ text: raw, line: index + 1 });
  });
  return lines;
}

function parseProperty(text: string, line: number): Property | undefined {
  // The value starts at the first ':' outside a quoted parameter value.
  let quoted = false;
  let colon = -1;
  for (let index = 0; index < text.length && colon === -1; index++) {
    if (text[index] === '"') quoted = !quoted;
    else if (text[index] === ':' && !quoted) colon = index;
  }
  if (colon === -1) return undefined;
  const [name, ...params] = text.slice(0, colon).split(';');
  return {
    name: name.toUpperCase(),
    params: Object.fromEntries(params.map((param) => [param.slice(0, param.indexOf('=')).toUpperCase(), param.slice(param.indexOf('=') + 1).replace(/^"|"$/g, '')])),
    value: text.slice(colon + 1),
    line,
  };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_match, escaped: string) => (escaped === 'n' || escaped === 'N' ? '\n' : escaped));
}

/** A DATE value (YYYYMMDD) as a day number; date-times are refused, since only all-day events mark days. */
function dayOf(property: Property, issues: IssueCollector, field: string): number | undefined {
  if (property.params.VALUE !== undefined && property.params.VALUE.toUpperCase() !== 'DATE') {
    issues.add(field, `${property.name} must be an all-day date (VALUE=DATE), got VALUE=${property.params.VALUE}`);
    return undefined;
  }
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(property.value);
  const day = match === null ? undefined : dayOfIsoDate(`${match[1]}-${match[2]}-${match[3]}`);
  if (day === undefined) issues.add(field, `${property.name} "${property.value}" is not an all-day date YYYYMMDD`);
  return day;
}

function classify(event: Map<string, Property>, summary: string, issues: IssueCollector, field: string): IcsDay['kind'] | undefined {
  const explicit = event.get(DAY_TYPE_PROPERTY)?.value.trim().toUpperCase();
  if (explicit === 'WORKDAY') return 'workday';
  if (explicit === 'HOLIDAY') return 'holiday';
  if (explicit !== undefined) {
    issues.add(field, `${DAY_TYPE_PROPERTY} must be WORKDAY or HOLIDAY, got "${explicit}"`);
    return undefined;
  }
  return WORKDAY_SUMMARY.test(summary) ? 'workday' : 'holiday';
}

function daysOfEvent(event: Map<string, Property>, issues: IssueCollector, field: string): number[] {
  const start = event.get('DTSTART');
  if (start === undefined) {
    issues.add(field, 'has no DTSTART');
    return [];
  }
  if (event.has('RRULE') || event.has('RDATE')) {
    issues.add(field, "repeats (RRULE/RDATE); list each year's dates as separate events");
    return [];
  }
  const first = dayOf(start, issues, field);
  if (first === undefined) return [];
  const end = event.get('DTEND');
  const duration = event.get('DURATION');
  let count = 1;
  if (end !== undefined) {
    // DTEND of an all-day event is exclusive (RFC 5545 3.6.1).
    const last = dayOf(end, issues, field);
    if (last === undefined) return [];
    if (last <= first) {
      issues.add(field, `DTEND ${end.value} must be after DTSTART ${start.value} (DTEND is exclusive)`);
      return [];
    }
    count = last - first;
  } else if (duration !== undefined) {
    const match = /^P(?:(\d+)W|(\d+)D)$/.exec(duration.value);
    if (match === null || Number(match[1] ?? match[2]) === 0) {
      issues.add(field, `DURATION "${duration.value}" must be whole days or weeks, e.g. P3D`);
      return [];
    }
    count = match[1] === undefined ? Number(match[2]) : Number(match[1]) * 7;
  }
  return Array.from({ length: count }, (_, offset) => first + offset);
}

/**
 * Reads the all-day VEVENTs of an .ics file into holidays and make-up working days (CRLF or LF,
 * folded lines, multi-day events with exclusive DTEND or a DURATION in days). A day is a make-up
 * working day when `X-DUBAN-DAY-TYPE:WORKDAY` says so or its SUMMARY contains 补班, 上班 (调休上班,
 * 节后上班) or a "(班)" marker; `X-DUBAN-DAY-TYPE:HOLIDAY` or any other summary makes it a holiday.
 * Every problem is reported at once (SlaValidationError).
 */
export function parseIcs(text: string): IcsImport {
  const issues = new IssueCollector();
  const events: { event: Map<string, Property>; line: number }[] = [];
  let current: { event: Map<string, Property>; line: number } | undefined;
  let nested = 0;
  for (const { text: lineText, line } of unfold(text)) {
    const property = parseProperty(lineText, line);
    if (property === undefined) {
      issues.add(`line ${line}`, `"${lineText.slice(0, 40)}" is not a "NAME[;PARAM=…]:VALUE" line`);
      continue;
    }
    const component = property.value.trim().toUpperCase();
    if (property.name === 'BEGIN' && component === 'VEVENT' && current === undefined) current = { event: new Map(), line };
    else if (property.name === 'END' && component === 'VEVENT' && nested === 0 && current !== undefined) {
      events.push(current);
      current = undefined;
    } else if (current !== undefined && property.name === 'BEGIN') nested++;
    else if (current !== undefined && property.name === 'END') nested--;
    // Properties of nested components (VALARM) are not the event's own.
    else if (current !== undefined && nested === 0 && !current.event.has(property.name)) current.event.set(property.name, property);
  }
  if (current !== undefined) issues.add(`VEVENT at line ${current.line}`, 'has no END:VEVENT');
  if (events.length === 0 && issues.issues.length === 0) issues.add('', 'no VEVENT found');

  const days = new Map<number, IcsDay>();
  for (const { event, line } of events) {
    const field = `VEVENT at line ${line}`;
    const summary = unescapeText(event.get('SUMMARY')?.value ?? '');
    const kind = classify(event, summary, issues, field);
    for (const day of daysOfEvent(event, issues, field)) {
      const date = isoDateOfDay(day);
      const earlier = days.get(day);
      if (earlier !== undefined && earlier.kind !== kind) issues.add(field, `${date} is a ${kind} here but a ${earlier.kind} in "${earlier.summary}"`);
      else if (kind !== undefined) days.set(day, { date, kind, summary });
    }
  }
  issues.throwIfAny('ics');

  const sorted = [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
  return {
    holidays: sorted.filter((day) => day.kind === 'holiday').map((day) => day.date),
    workdays: sorted.filter((day) => day.kind === 'workday').map((day) => day.date),
    days: sorted,
    years: [...new Set(sorted.map((day) => Number(day.date.slice(0, 4))))],
  };
}

/**
 * The calendar after an import: holidays and make-up working days of the years the file covers are
 * replaced by the file's, other years are kept, the horizon moves up to the end of the last year
 * imported, and the version goes up by one. The result is
 * validated like any edit (e.g. a 补班 day that falls on a regular workweek day is refused).
 */
export function applyIcsToCalendar(calendar: Calendar, ics: IcsImport | string): Calendar {
  const imported = typeof ics === 'string' ? parseIcs(ics) : ics;
  const outsideImport = (date: string): boolean => !imported.years.includes(Number(date.slice(0, 4)));
  // An imported year is known to its last day: the horizon moves up to it (never back).
  const lastImported = `${Math.max(...imported.years)}-12-31`;
  return parseCalendar({
    ...calendar,
    version: calendar.version + 1,
    horizon: calendar.horizon !== undefined && calendar.horizon > lastImported ? calendar.horizon : lastImported,
    holidays: [...calendar.holidays.filter(outsideImport), ...imported.holidays],
    workdays: [...calendar.workdays.filter(outsideImport), ...imported.workdays],
  });
}
