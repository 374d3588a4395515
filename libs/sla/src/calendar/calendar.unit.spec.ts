import { SlaValidationError } from '../errors';
import { cnMainland } from '../testing/fixtures';
import { parseCalendar } from './calendar';

const valid = { id: 'test', version: 1, workweek: [1, 2, 3, 4, 5], hours: [['09:00', '17:00']], holidays: [], workdays: [] };

function issuesOf(input: unknown): string[] {
  try {
    parseCalendar(input);
  } catch (error) {
    if (error instanceof SlaValidationError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the calendar to be refused');
}

describe('parseCalendar', () => {
  it('defaults the time zone to Asia/Shanghai and sorts and de-duplicates dates', () => {
    const calendar = parseCalendar({ ...valid, holidays: ['2026-10-02', '2026-10-01', '2026-10-02'] });
    expect(calendar.timezone).toBe('Asia/Shanghai');
    expect(calendar.holidays).toEqual(['2026-10-01', '2026-10-02']);
  });

  it('accepts the shipped 2026 calendar', () => {
    expect(cnMainland.holidays).toHaveLength(33);
    expect(cnMainland.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('accepts a day closing at 24:00', () => {
    expect(parseCalendar({ ...valid, hours: [['00:00', '24:00']] }).hours).toEqual([['00:00', '24:00']]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['id', { id: '' }, 'id: must be 1 to 64 letters, digits, - or _'],
    ['id that is a path', { id: '../x' }, 'id: must be 1 to 64 letters, digits, - or _'],
    ['id of a page of text', { id: 'x'.repeat(65) }, 'id: must be 1 to 64 letters, digits, - or _'],
    ['unknown field', { holiday: ['2026-10-01'] }, 'holiday: is not a known field'],
    ['version', { version: 0 }, 'version: must be a positive integer'],
    ['zone', { timezone: 'Mars/Olympus' }, 'timezone: "Mars/Olympus" is not an IANA time zone'],
    ['empty workweek', { workweek: [] }, 'workweek: must be a non-empty list'],
    ['weekday 0', { workweek: [0, 1] }, 'workweek[0]: 0 is not an ISO weekday number 1..7'],
    ['weekday twice', { workweek: [1, 1] }, 'workweek: lists a weekday twice'],
    ['no hours', { hours: [] }, 'hours: must be a non-empty list'],
    ['bad time', { hours: [['9:00', '17:00']] }, 'hours[0]: ["9:00","17:00"] must be ["HH:MM", "HH:MM"]'],
    ['reversed', { hours: [['17:00', '09:00']] }, 'hours[0]: starts at 17:00, not before its end 09:00'],
    [
      'overlap',
      {
        hours: [
          ['09:00', '12:00'],
          ['11:00', '17:00'],
        ],
      },
      'hours[1]: starts at 11:00, before the previous interval ends',
    ],
    ['impossible horizon', { horizon: '2026-13-31' }, 'horizon: "2026-13-31" is not a real "YYYY-MM-DD" date'],
    ['unknown horizon rule', { beyondHorizon: 'uk-bank-holidays' }, 'beyondHorizon: must be one of workweek, cn-statutory'],
    ['impossible date', { holidays: ['2026-02-30'] }, 'holidays[0]: "2026-02-30" is not a real "YYYY-MM-DD" date'],
    ['both lists', { holidays: ['2026-10-10'], workdays: ['2026-10-10'] }, 'workdays: 2026-10-10 is also listed as a holiday'],
    ['make-up day on a weekday', { workdays: ['2026-10-09'] }, 'workdays: 2026-10-09 is already a working day by the workweek'],
  ])('refuses %s', (_name, change, message) => {
    expect(issuesOf({ ...valid, ...change }).join('\n')).toContain(message);
  });

  it('reports every issue at once', () => {
    expect(issuesOf({ id: 1, version: 'one', workweek: [], hours: [] })).toHaveLength(4);
  });
});
