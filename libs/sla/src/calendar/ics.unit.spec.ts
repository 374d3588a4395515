import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SlaValidationError } from '../errors';
import { cnMainland } from '../testing/fixtures';
import { parseCalendar } from './calendar';
import { applyIcsToCalendar, parseIcs } from './ics';

const shippedIcs = readFileSync(join(__dirname, '../../../../config/sla/calendars/cn-mainland-2026.ics'), 'utf8');

function vcalendar(...events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((lines) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT']), 'END:VCALENDAR'].join('\n');
}

function issuesOf(text: string): string {
  try {
    parseIcs(text);
  } catch (error) {
    if (error instanceof SlaValidationError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`).join('\n');
    throw error;
  }
  throw new Error('expected the .ics file to be refused');
}

describe('parseIcs', () => {
  it('reads the shipped 2026 file (CRLF, folded lines, a VALARM) into exactly the shipped calendar dates', () => {
    const imported = parseIcs(shippedIcs);
    expect(imported.holidays).toEqual(cnMainland.holidays);
    expect(imported.workdays).toEqual(cnMainland.workdays);
    expect(imported.years).toEqual([2026]);
  });

  it('expands multi-day events with an exclusive DTEND or a DURATION', () => {
    const imported = parseIcs(
      vcalendar(['DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261004', 'SUMMARY:国庆节'], ['DTSTART;VALUE=DATE:20260925', 'DURATION:P2D', 'SUMMARY:中秋节']),
    );
    expect(imported.holidays).toEqual(['2026-09-25', '2026-09-26', '2026-10-01', '2026-10-02', '2026-10-03']);
  });

  it.each([
    ['SUMMARY:国庆节 补班', []],
    ['SUMMARY:劳动节调休上班', []],
    ['SUMMARY:春节（班）', []],
    ['SUMMARY:Make-up day', ['X-DUBAN-DAY-TYPE:WORKDAY']],
    ['SUMMARY:国庆节\\, 补\n 班', []], // escaped comma and a folded line inside 补班
  ])('recognises a make-up working day: %j %j', (summary, extra) => {
    const imported = parseIcs(vcalendar(['DTSTART;VALUE=DATE:20261010', summary, ...extra]));
    expect(imported.workdays).toEqual(['2026-10-10']);
    expect(imported.holidays).toEqual([]);
  });

  it('lets the X- property override a summary that says 班', () => {
    expect(parseIcs(vcalendar(['DTSTART:20261010', 'SUMMARY:值班 (班)', 'X-DUBAN-DAY-TYPE:holiday'])).holidays).toEqual(['2026-10-10']);
  });

  it('unescapes the summary it reports', () => {
    expect(parseIcs(vcalendar(['DTSTART;VALUE=DATE:20261001', 'SUMMARY:国庆节\\; 放假\\n7天'])).days[0].summary).toBe('国庆节; 放假\n7天');
  });

  it.each([
    ['a timed event', vcalendar(['DTSTART:20261001T090000', 'SUMMARY:x']), 'DTSTART "20261001T090000" is not an all-day date YYYYMMDD'],
    ['VALUE=DATE-TIME', vcalendar(['DTSTART;VALUE=DATE-TIME:20261001T090000Z']), 'must be an all-day date (VALUE=DATE)'],
    ['an impossible date', vcalendar(['DTSTART;VALUE=DATE:20260230']), '"20260230" is not an all-day date'],
    ['DTEND not after DTSTART', vcalendar(['DTSTART;VALUE=DATE:20261001', 'DTEND;VALUE=DATE:20261001']), 'DTEND 20261001 must be after DTSTART 20261001 (DTEND is exclusive)'],
    ['a repeating event', vcalendar(['DTSTART;VALUE=DATE:20261001', 'RRULE:FREQ=YEARLY']), 'repeats (RRULE/RDATE)'],
    ['no DTSTART', vcalendar(['SUMMARY:国庆节']), 'VEVENT at line 3: has no DTSTART'],
    ['an unknown day type', vcalendar(['DTSTART;VALUE=DATE:20261001', 'X-DUBAN-DAY-TYPE:MAYBE']), 'X-DUBAN-DAY-TYPE must be WORKDAY or HOLIDAY'],
    [
      'a day both off and worked',
      vcalendar(['DTSTART;VALUE=DATE:20261010', 'SUMMARY:国庆节'], ['DTSTART;VALUE=DATE:20261010', 'SUMMARY:补班']),
      '2026-10-10 is a workday here but a holiday in "国庆节"',
    ],
    ['no events', 'BEGIN:VCALENDAR\nEND:VCALENDAR', 'no VEVENT found'],
    ['an unterminated event', 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001', 'VEVENT at line 2: has no END:VEVENT'],
    ['a line without a value', vcalendar(['DTSTART;VALUE=DATE:20261001', 'garbage']), 'line 5: "garbage" is not a "NAME[;PARAM=…]:VALUE" line'],
  ])('refuses %s', (_name, text, message) => {
    expect(issuesOf(text)).toContain(message);
  });
});

describe('applyIcsToCalendar', () => {
  const base = parseCalendar({
    id: 'cn-mainland',
    version: 3,
    workweek: [1, 2, 3, 4, 5],
    hours: [['09:00', '17:00']],
    holidays: ['2025-10-01', '2026-05-01'],
    workdays: ['2025-09-28', '2026-05-09'],
  });

  it('replaces the dates of the imported years, keeps other years and bumps the version', () => {
    const updated = applyIcsToCalendar(base, shippedIcs);
    expect(updated.version).toBe(4);
    expect(updated.holidays).toEqual(['2025-10-01', ...cnMainland.holidays]);
    expect(updated.workdays).toEqual(['2025-09-28', ...cnMainland.workdays]);
    expect(updated.hours).toEqual(base.hours);
  });

  it('moves the horizon up to the end of the last year imported, never back', () => {
    const covered = parseCalendar({ ...base, horizon: '2026-12-31' });
    expect(applyIcsToCalendar(covered, vcalendar(['DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦'])).horizon).toBe('2027-12-31');
    expect(applyIcsToCalendar(covered, vcalendar(['DTSTART;VALUE=DATE:20250101', 'SUMMARY:元旦'])).horizon).toBe('2026-12-31');
    expect(applyIcsToCalendar(base, shippedIcs).horizon).toBe('2026-12-31');
  });

  it('refuses a make-up working day that is already a working day', () => {
    expect(() => applyIcsToCalendar(base, vcalendar(['DTSTART;VALUE=DATE:20261009', 'SUMMARY:补班']))).toThrow('2026-10-09 is already a working day by the workweek');
  });
});
