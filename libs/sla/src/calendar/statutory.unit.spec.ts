import { dragonBoat, lunarNewYear, midAutumn, newMoon, qingming, statutoryDaysOff } from './statutory';
import { isoDateOfDay, MS_PER_DAY } from './zone';

const UNIX_EPOCH_JULIAN_DAY = 2440587.5;

const iso = isoDateOfDay;
const chineseDates = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
const icuLunarDate = (day: number): string => chineseDates.format(day * MS_PER_DAY);

describe('lunar holidays', () => {
  it.each([
    // year, 除夕, 端午, 中秋 (published calendars)
    [2020, '2020-01-24', '2020-06-25', '2020-10-01'],
    [2021, '2021-02-11', '2021-06-14', '2021-09-21'],
    [2022, '2022-01-31', '2022-06-03', '2022-09-10'],
    [2023, '2023-01-21', '2023-06-22', '2023-09-29'],
    [2024, '2024-02-09', '2024-06-10', '2024-09-17'],
    [2025, '2025-01-28', '2025-05-31', '2025-10-06'],
    [2026, '2026-02-16', '2026-06-19', '2026-09-25'],
    [2027, '2027-02-05', '2027-06-09', '2027-09-15'],
    [2028, '2028-01-25', '2028-05-28', '2028-10-03'],
  ])('%i: 除夕 %s, 端午 %s, 中秋 %s', (year, eve, dragonBoatDay, midAutumnDay) => {
    expect(iso(lunarNewYear(year) - 1)).toBe(eve);
    expect(iso(dragonBoat(year))).toBe(dragonBoatDay);
    expect(iso(midAutumn(year))).toBe(midAutumnDay);
  });

  it('agrees with ICU 1929–2100 except where a new moon falls within minutes of Beijing midnight', () => {
    const disagreements: string[] = [];
    for (let year = 1929; year <= 2100; year++) {
      for (const [day, expected] of [
        [lunarNewYear(year), '1/1'],
        [dragonBoat(year), '5/5'],
        [midAutumn(year), '8/15'],
      ] as const) {
        if (icuLunarDate(day) !== expected) disagreements.push(`${year} ${expected}`);
      }
    }
    // ICU says 4 Feb 1954, 7 Feb 2027 and 2 Feb 2030; the published dates are 3 Feb, 6 Feb and 3 Feb.
    expect(disagreements).toEqual(['1954 1/1', '2027 1/1', '2030 1/1']);
    for (const year of [1954, 2027, 2030]) {
      const firstDay = lunarNewYear(year);
      // The new moon lies on the first day, within minutes of its start or its end (Beijing time).
      const dayStart = firstDay + UNIX_EPOCH_JULIAN_DAY - 8 / 24;
      const moon = newMoon(Math.round((dayStart - newMoon(0)) / 29.530588861)) - 60 / 86_400;
      expect({ year, onTheDay: moon >= dayStart && moon < dayStart + 1, nearMidnight: Math.min(moon - dayStart, dayStart + 1 - moon) * 24 * 60 < 15 }).toEqual({
        year,
        onTheDay: true,
        nearMidnight: true,
      });
    }
  });

  it.each([
    [1954, '1954-02-02'],
    [2030, '2030-02-02'],
  ])('%i: 除夕 %s (ICU is a day off)', (year, eve) => {
    expect(iso(lunarNewYear(year) - 1)).toBe(eve);
  });

  it('computes new moons as Meeus does (example 49.a: 1977 February, JDE 2443192.65118)', () => {
    expect(newMoon(-283)).toBeCloseTo(2443192.65118, 4);
  });
});

describe('清明 (solar longitude 15°)', () => {
  it.each([
    ['2000-04-04'],
    ['2008-04-04'],
    ['2015-04-05'],
    ['2019-04-05'],
    ['2020-04-04'],
    ['2023-04-05'],
    ['2024-04-04'],
    ['2025-04-04'],
    ['2026-04-05'],
    ['2027-04-05'],
    ['2028-04-04'],
    ['2029-04-04'],
    ['2030-04-05'],
  ])('%s', (date) => {
    expect(iso(qingming(Number(date.slice(0, 4))))).toBe(date);
  });

  it('matches the 清明 date rule of thumb (day = ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋) in every year 1901–2099 but 2000', () => {
    for (let year = 1901; year <= 2099; year++) {
      if (year === 2000) continue; // the rule's century constant is off for its first year; 4 April 2000 is right
      const y = year % 100;
      const expected = Math.floor(y * 0.2422 + (year > 2000 ? 4.81 : 5.59)) - Math.floor(y / 4);
      expect({ year, day: Number(iso(qingming(year)).slice(8)) }).toEqual({ year, day: expected });
    }
  });
});

describe('statutoryDaysOff (Monday–Friday week)', () => {
  const daysOff = (year: number): string[] => [...statutoryDaysOff(year, [1, 2, 3, 4, 5])].sort((a, b) => a - b).map(iso);

  it('2027: each holiday on a weekend gives the next working day off (补假), no 调休', () => {
    expect(daysOff(2027)).toEqual([
      '2027-01-01', // 元旦, Friday
      '2027-02-05', // 除夕 … 正月初三 (Fri–Mon), Sat and Sun given back on Tue and Wed
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05', // 清明, Monday
      '2027-05-01', // 劳动节 Sat and Sun, given back Mon and Tue
      '2027-05-02',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09', // 端午, Wednesday
      '2027-09-15', // 中秋, Wednesday
      '2027-10-01', // 国庆 Fri–Sun, Sat and Sun given back Mon and Tue
      '2027-10-02',
      '2027-10-03',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('counts a day once when 中秋 falls on 国庆 (2020)', () => {
    expect(daysOff(2020).filter((date) => date >= '2020-10-01')).toEqual(['2020-10-01', '2020-10-02', '2020-10-03', '2020-10-05']);
  });

  it('gives back weekend days on the workweek the calendar has', () => {
    // A Monday–Saturday week: only Sunday 2 May 2027 and Sunday 3 Oct 2027 (and 7 Feb) are given back.
    const sixDays = [...statutoryDaysOff(2027, [1, 2, 3, 4, 5, 6])].map(iso);
    expect(sixDays).toContain('2027-05-03');
    expect(sixDays).not.toContain('2027-05-04');
  });
});
