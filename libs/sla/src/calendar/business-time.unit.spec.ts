import fc from 'fast-check';
import { parseDuration, type Basis } from '../duration';
import { cnMainland, shanghai } from '../testing/fixtures';
import { parseCalendar } from './calendar';
import { advanceMs, dueAt, dueAtMs, elapsed, elapsedMs, isProvisional, isWithinBusinessHours, isWorkingDay, postponeMs } from './business-time';
import { instantAtWall, localDayAt, isoDateOfDay, wallMsAt } from './zone';

const HOUR = 3_600_000;

describe('working days in the 2026 mainland China calendar', () => {
  it.each([
    ['2026-01-01', false, '元旦'],
    ['2026-01-03', false, '元旦 on a Saturday'],
    ['2026-01-04', true, '调休 Sunday'],
    ['2026-02-14', true, '调休 Saturday before 春节'],
    ['2026-02-23', false, 'last day of 春节'],
    ['2026-02-24', true, 'ordinary Tuesday'],
    ['2026-02-28', true, '调休 Saturday after 春节'],
    ['2026-03-01', false, 'ordinary Sunday'],
    ['2026-05-09', true, '调休 Saturday after 劳动节'],
    ['2026-09-20', true, '调休 Sunday before 国庆'],
    ['2026-10-07', false, 'last day of 国庆'],
    ['2026-10-08', true, 'first day back'],
    ['2026-10-10', true, '调休 Saturday after 国庆'],
    ['2026-10-11', false, 'ordinary Sunday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(cnMainland, date)).toBe(working);
  });

  it('refuses a date that does not exist', () => {
    expect(() => isWorkingDay(cnMainland, '2026-02-30')).toThrow('"2026-02-30" is not a real "YYYY-MM-DD" date');
  });
});

describe('dueAt, hand-checked (Asia/Shanghai)', () => {
  it.each<[string, string, Basis, string]>([
    // calendar days count holidays and weekends; the wall-clock time is kept
    ['2026-09-28 10:00', 'P15D', 'calendar', '2026-10-13 10:00'],
    ['2026-09-30 10:00', 'P1DT4H', 'calendar', '2026-10-01 14:00'],
    ['2026-09-30 23:59:58', 'PT5S', 'calendar', '2026-10-01 00:00:03'],
    // working days: close of business of the N-th working day after the day of receipt
    ['2026-09-30 10:00', 'P3D', 'working_days', '2026-10-10 17:00'], // 国庆 Oct 1–7, then Oct 8, Oct 9, Sat Oct 10 (调休)
    ['2026-09-30 18:30', 'P3D', 'working_days', '2026-10-10 17:00'], // the time of day does not matter
    ['2026-09-24 15:00', 'P3D', 'working_days', '2026-09-30 17:00'], // 中秋 Sep 25–27 skipped
    ['2026-09-18 10:00', 'P1D', 'working_days', '2026-09-20 17:00'], // Sunday Sep 20 is a 调休 working day
    ['2026-02-13 16:00', 'P3D', 'working_days', '2026-02-25 17:00'], // Sat Feb 14 (调休), 春节 Feb 15–23, Feb 24, Feb 25
    ['2025-12-31 10:00', 'P2D', 'working_days', '2026-01-05 17:00'], // 元旦 Jan 1–3, Sun Jan 4 (调休), Mon Jan 5
    ['2026-10-03 11:00', 'P1D', 'working_days', '2026-10-08 17:00'], // received during the holiday
    // P0D: the same working day, or the next one when received after close or on a day off
    ['2026-09-30 10:00', 'P0D', 'working_days', '2026-09-30 17:00'],
    ['2026-09-30 17:00', 'P0D', 'working_days', '2026-10-08 17:00'],
    ['2026-10-10 08:00', 'P0D', 'working_days', '2026-10-10 17:00'],
    ['2026-10-11 09:30', 'P0D', 'working_days', '2026-10-12 17:00'],
    // business hours: 09:00–12:00 and 13:00–17:00 on working days only
    ['2026-09-30 10:00', 'PT8H', 'business_hours', '2026-10-08 11:00'], // 6h left on Sep 30, 2h on Oct 8
    ['2026-09-30 11:30', 'PT1H', 'business_hours', '2026-09-30 13:30'], // the lunch break does not count
    ['2026-09-30 09:00', 'PT3H', 'business_hours', '2026-09-30 12:00'], // the earliest instant: 12:00, not 13:00
    ['2026-09-30 12:15', 'PT30M', 'business_hours', '2026-09-30 13:30'], // starting in the lunch break
    ['2026-10-10 07:00', 'PT3H', 'business_hours', '2026-10-10 12:00'], // a 调休 Saturday has business hours
    ['2026-09-18 17:00', 'PT7H', 'business_hours', '2026-09-20 17:00'], // Sat off, Sun Sep 20 (调休) worked in full
    ['2026-10-04 10:00', 'PT0S', 'business_hours', '2026-10-04 10:00'], // nothing to count: due at once
    ['2026-12-31 16:00', 'PT2H', 'business_hours', '2027-01-04 10:00'], // past the horizon: 元旦 (statutory), then the weekend
  ])('%s + %s (%s) = %s', (start, duration, basis, expected) => {
    expect(dueAt(shanghai(start), duration, basis, cnMainland)).toEqual(shanghai(expected));
  });

  it('refuses a duration its basis cannot count', () => {
    expect(() => dueAt(shanghai('2026-09-30 10:00'), 'PT4H', 'working_days', cnMainland)).toThrow('must be whole days');
    expect(() => dueAt(shanghai('2026-09-30 10:00'), 'P1D', 'business_hours', cnMainland)).toThrow('hours, minutes and seconds only');
  });
});

describe('past the coverage horizon (31 December 2026)', () => {
  it.each([
    ['2027-01-01', false, '元旦 (statutory)'],
    ['2027-01-04', true, 'no 调休 known: an ordinary Monday'],
    ['2027-02-10', false, '补假 for 春节 on the weekend'],
    ['2027-05-04', false, '补假 for 劳动节 on the weekend'],
    ['2027-10-06', true, 'no 调休: 国庆 is 3 days and 2 补假'],
    ['2027-10-09', false, 'no 调休 Saturday'],
  ])('%s is a working day: %s (%s)', (date, working) => {
    expect(isWorkingDay(cnMainland, date)).toBe(working);
  });

  it('a complaint received 2026-12-29 with 3 working days is due 2027-01-04 17:00, provisionally', () => {
    const due = dueAt(shanghai('2026-12-29 10:00'), 'P3D', 'working_days', cnMainland);
    expect(due).toEqual(shanghai('2027-01-04 17:00'));
    expect(isProvisional(due.getTime(), 'working_days', cnMainland)).toBe(true);
  });

  it.each<[string, Basis, boolean]>([
    ['2026-12-31 17:00', 'working_days', false],
    ['2027-01-04 17:00', 'working_days', true],
    ['2027-01-04 10:00', 'business_hours', true],
    ['2027-01-04 10:00', 'calendar', false], // calendar days do not depend on holidays
  ])('due %s (%s) is provisional: %s', (due, basis, provisional) => {
    expect(isProvisional(shanghai(due).getTime(), basis, cnMainland)).toBe(provisional);
  });

  it('a calendar without a horizon is never provisional and keeps its plain workweek', () => {
    const { horizon: _horizon, beyondHorizon: _rule, ...endless } = cnMainland;
    const plain = parseCalendar(endless);
    expect(isWorkingDay(plain, '2027-01-01')).toBe(true);
    expect(isProvisional(shanghai('2030-01-04 17:00').getTime(), 'working_days', plain)).toBe(false);
  });

  it('a workweek horizon rule knows no holidays past it', () => {
    const workweekOnly = parseCalendar({ ...cnMainland, beyondHorizon: 'workweek' });
    expect(isWorkingDay(workweekOnly, '2027-01-01')).toBe(true);
    expect(isProvisional(shanghai('2027-01-01 17:00').getTime(), 'working_days', workweekOnly)).toBe(true);
  });
});

describe('elapsed, hand-checked', () => {
  const start = shanghai('2026-09-30 10:00');
  const end = shanghai('2026-10-08 11:00');

  it.each<[Basis, number]>([
    ['calendar', 8 * 24 * HOUR + HOUR],
    ['business_hours', 8 * HOUR],
    ['working_days', 8 * HOUR], // working-day clocks measure business time too
  ])('%s: %d ms across 国庆', (basis, expected) => {
    expect(elapsed(start, end, basis, cnMainland)).toBe(expected);
    expect(elapsed(end, start, basis, cnMainland)).toBe(-expected);
  });

  it('counts nothing inside a holiday or the lunch break', () => {
    expect(elapsed(shanghai('2026-10-01 00:00'), shanghai('2026-10-08 00:00'), 'business_hours', cnMainland)).toBe(0);
    expect(elapsed(shanghai('2026-09-30 12:00'), shanghai('2026-09-30 13:00'), 'business_hours', cnMainland)).toBe(0);
  });

  it('counts a 调休 Saturday in full', () => {
    expect(elapsed(shanghai('2026-10-10 00:00'), shanghai('2026-10-11 00:00'), 'business_hours', cnMainland)).toBe(7 * HOUR);
  });
});

describe('postponing a due time by a pause', () => {
  it('moves a business-hours due time by the paused business time only', () => {
    // Paused Sep 30 16:00 → Oct 8 10:00: 1h + 1h of business time; the 国庆 week counts nothing.
    const paused = elapsedMs(shanghai('2026-09-30 16:00').getTime(), shanghai('2026-10-08 10:00').getTime(), 'business_hours', cnMainland);
    expect(paused).toBe(2 * HOUR);
    expect(postponeMs(shanghai('2026-10-09 16:00').getTime(), paused, 'business_hours', cnMainland)).toBe(shanghai('2026-10-10 10:00').getTime());
  });

  it('keeps a working-day due time at a close of business, rounding a part day up', () => {
    const due = shanghai('2026-09-30 17:00').getTime();
    expect(postponeMs(due, 2 * HOUR, 'working_days', cnMainland)).toBe(shanghai('2026-10-08 17:00').getTime());
    expect(postponeMs(due, 7 * HOUR, 'working_days', cnMainland)).toBe(shanghai('2026-10-08 17:00').getTime());
    expect(postponeMs(due, 7 * HOUR + 1, 'working_days', cnMainland)).toBe(shanghai('2026-10-09 17:00').getTime());
    expect(postponeMs(due, 0, 'working_days', cnMainland)).toBe(due);
  });

  it('moves a calendar due time by real time', () => {
    expect(postponeMs(shanghai('2026-10-13 10:00').getTime(), 26 * HOUR, 'calendar', cnMainland)).toBe(shanghai('2026-10-14 12:00').getTime());
  });
});

describe('time zones through Intl', () => {
  const london = parseCalendar({ ...cnMainland, id: 'uk', timezone: 'Europe/London', holidays: [], workdays: [] });

  it('keeps the wall-clock time across a DST change for calendar days', () => {
    // Clocks go forward on 2026-03-29: that calendar day lasts 23 hours.
    const start = new Date('2026-03-28T12:00:00Z');
    expect(dueAt(start, 'P1D', 'calendar', london)).toEqual(new Date('2026-03-29T11:00:00Z'));
    expect(elapsed(start, dueAt(start, 'P1D', 'calendar', london), 'calendar', london)).toBe(23 * HOUR);
  });

  it('reads business hours in local time on both sides of the change', () => {
    expect(dueAt(new Date('2026-03-27T16:00:00Z'), 'PT2H', 'business_hours', london)).toEqual(new Date('2026-03-30T09:00:00Z'));
  });

  it('resolves a repeated wall time to the earlier instant and a skipped one to just after the gap', () => {
    expect(instantAtWall('Europe/London', Date.UTC(2026, 9, 25, 1, 30))).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(instantAtWall('Europe/London', Date.UTC(2026, 2, 29, 1, 30))).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(wallMsAt('Asia/Shanghai', Date.UTC(2026, 0, 1, 16, 0))).toBe(Date.UTC(2026, 0, 2, 0, 0));
  });
});

describe('properties (cn-mainland, starts around 2026)', () => {
  const from = shanghai('2025-12-15 00:00').getTime();
  const to = shanghai('2026-12-31 00:00').getTime();
  const instant = fc.integer({ min: from, max: to });
  const businessMs = fc.integer({ min: 0, max: 120 * 60 }).map((minutes) => minutes * 60_000);
  const workingDays = fc.integer({ min: 0, max: 40 });
  const hours = (ms: number) => ({ days: 0, timeMs: ms });
  const days = (count: number) => ({ days: count, timeMs: 0 });

  it('business hours: monotonic in duration and start', () => {
    fc.assert(
      fc.property(instant, instant, businessMs, businessMs, (s1, s2, a, b) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(dueAtMs(early, hours(short), 'business_hours', cnMainland)).toBeLessThanOrEqual(dueAtMs(early, hours(long), 'business_hours', cnMainland));
        expect(dueAtMs(early, hours(short), 'business_hours', cnMainland)).toBeLessThanOrEqual(dueAtMs(late, hours(short), 'business_hours', cnMainland));
      }),
    );
  });

  it('business hours: additive, and elapsed inverts dueAt', () => {
    fc.assert(
      fc.property(instant, businessMs, businessMs, (start, a, b) => {
        const afterA = dueAtMs(start, hours(a), 'business_hours', cnMainland);
        expect(dueAtMs(afterA, hours(b), 'business_hours', cnMainland)).toBe(dueAtMs(start, hours(a + b), 'business_hours', cnMainland));
        expect(elapsedMs(start, afterA, 'business_hours', cnMainland)).toBe(a);
        expect(advanceMs(start, a, 'business_hours', cnMainland)).toBe(afterA);
      }),
    );
  });

  it('business hours: a positive duration ends inside business hours (or exactly at an interval end)', () => {
    fc.assert(
      fc.property(
        instant,
        businessMs.filter((ms) => ms > 0),
        (start, ms) => {
          const due = dueAtMs(start, hours(ms), 'business_hours', cnMainland);
          expect(isWithinBusinessHours(cnMainland, new Date(due - 1))).toBe(true);
        },
      ),
    );
  });

  it('working days: never lands on a holiday or weekend day off, always at close of business, monotonic', () => {
    fc.assert(
      fc.property(instant, instant, workingDays, workingDays, (s1, s2, a, b) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        const [short, long] = a <= b ? [a, b] : [b, a];
        const due = dueAtMs(early, days(short), 'working_days', cnMainland);
        expect(isWorkingDay(cnMainland, isoDateOfDay(localDayAt('Asia/Shanghai', due)))).toBe(true);
        expect(new Date(due).toISOString().slice(11, 16)).toBe('09:00'); // 17:00 in Shanghai
        expect(due).toBeGreaterThan(early);
        expect(due).toBeLessThanOrEqual(dueAtMs(early, days(long), 'working_days', cnMainland));
        expect(due).toBeLessThanOrEqual(dueAtMs(late, days(short), 'working_days', cnMainland));
      }),
    );
  });

  it('working days: N days count exactly N working days after the day of receipt', () => {
    fc.assert(
      fc.property(
        instant,
        workingDays.filter((n) => n > 0),
        (start, n) => {
          const due = dueAtMs(start, days(n), 'working_days', cnMainland);
          const firstDay = localDayAt('Asia/Shanghai', start);
          const lastDay = localDayAt('Asia/Shanghai', due);
          let counted = 0;
          for (let day = firstDay + 1; day <= lastDay; day++) if (isWorkingDay(cnMainland, isoDateOfDay(day))) counted++;
          expect(counted).toBe(n);
        },
      ),
    );
  });

  it('calendar: P<n>D is n × 24 hours in Asia/Shanghai and elapsed inverts it', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 86_399 }), (start, n, seconds) => {
        const duration = parseDuration(`P${n}DT${seconds}S`);
        const due = dueAtMs(start, duration, 'calendar', cnMainland);
        expect(due - start).toBe(n * 24 * HOUR + seconds * 1000);
        expect(elapsedMs(start, due, 'calendar', cnMainland)).toBe(due - start);
      }),
    );
  });
});
