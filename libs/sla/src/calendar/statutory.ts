import { isoWeekday, MS_PER_DAY } from './zone';

/**
 * The days off mainland China's law fixes every year (全国年节及纪念日放假办法, as amended 2024),
 * for dates past a calendar's horizon, where the State Council's yearly notice (调休) is not known
 * yet: 元旦 1 Jan, 春节 除夕 to 正月初三 (4 days), 清明 (the solar term), 劳动节 1–2 May, 端午
 * (五月初五), 中秋 (八月十五), 国庆 1–3 Oct; a statutory day on a weekend gives the next working
 * day off (补假, art. 6). Lunar dates come from ICU's Chinese calendar in Intl.
 */

const chineseDates = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });

/** Lunar month ("5", or "4bis" for a leap month) and day of a Gregorian day number, as ICU reads it. */
function lunarDateOf(day: number): { month: string; day: number } {
  const parts = chineseDates.formatToParts(day * MS_PER_DAY);
  return { month: parts.find((part) => part.type === 'month')!.value, day: Number(parts.find((part) => part.type === 'day')!.value) };
}

const DEGREES = Math.PI / 180;
const UNIX_EPOCH_JULIAN_DAY = 2440587.5;
/** ΔT (TT − UT) stays within a few minutes of one minute across 1900–2100; it only has to place events on the right Beijing date. */
const DELTA_T_DAYS = 60 / 86_400;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Beijing-time (UTC+8) day number of a Julian ephemeris day. */
function beijingDayOf(julianEphemerisDay: number): number {
  return Math.floor(((julianEphemerisDay - DELTA_T_DAYS - UNIX_EPOCH_JULIAN_DAY) * MS_PER_DAY + BEIJING_OFFSET_MS) / MS_PER_DAY);
}

const NEW_MOON_TERMS: readonly (readonly [number, number, number, number, number])[] = [
  // coefficient, power of E, multiples of M, M′ and F (Meeus, Astronomical Algorithms, ch. 49)
  [-0.4072, 0, 0, 1, 0],
  [0.17241, 1, 1, 0, 0],
  [0.01608, 0, 0, 2, 0],
  [0.01039, 0, 0, 0, 2],
  [0.00739, 1, -1, 1, 0],
  [-0.00514, 1, 1, 1, 0],
  [0.00208, 2, 2, 0, 0],
  [-0.00111, 0, 0, 1, -2],
  [-0.00057, 0, 0, 1, 2],
  [0.00056, 1, 1, 2, 0],
  [-0.00042, 0, 0, 3, 0],
  [0.00042, 1, 1, 0, 2],
  [0.00038, 1, 1, 0, -2],
  [-0.00024, 1, -1, 2, 0],
  [-0.00007, 0, 2, 1, 0],
  [0.00004, 0, 0, 2, -2],
  [0.00004, 0, 3, 0, 0],
  [0.00003, 0, 1, 1, -2],
  [0.00003, 0, 0, 2, 2],
  [-0.00003, 0, 1, 1, 2],
  [0.00003, 0, -1, 1, 2],
  [-0.00002, 0, -1, 1, -2],
  [-0.00002, 0, 1, 3, 0],
  [0.00002, 0, 0, 4, 0],
];

const PLANETARY_TERMS: readonly (readonly [number, number, number])[] = [
  // coefficient, argument at k = 0 and per lunation (degrees)
  [0.000325, 299.77, 0.107408],
  [0.000165, 251.88, 0.016321],
  [0.000164, 251.83, 26.651886],
  [0.000126, 349.42, 36.412478],
  [0.00011, 84.66, 18.206239],
  [0.000062, 141.74, 53.303771],
  [0.00006, 207.14, 2.453732],
  [0.000056, 154.84, 7.30686],
  [0.000047, 34.52, 27.261239],
  [0.000042, 207.19, 0.121824],
  [0.00004, 291.34, 1.844379],
  [0.000037, 161.72, 24.198154],
  [0.000035, 239.56, 25.513099],
  [0.000023, 331.55, 3.592518],
];

/** Julian ephemeris day of new moon number `k` (0 = 6 January 2000), to within seconds (Meeus ch. 49). */
export function newMoon(k: number): number {
  const t = k / 1236.85;
  const e = 1 - 0.002516 * t - 0.0000074 * t * t;
  const sun = (2.5534 + 29.1053567 * k - 0.0000014 * t * t - 0.00000011 * t ** 3) * DEGREES;
  const moon = (201.5643 + 385.81693528 * k + 0.0107582 * t * t + 0.00001238 * t ** 3 - 0.000000058 * t ** 4) * DEGREES;
  const latitude = (160.7108 + 390.67050284 * k - 0.0016118 * t * t - 0.00000227 * t ** 3 + 0.000000011 * t ** 4) * DEGREES;
  const node = (124.7746 - 1.56375588 * k + 0.0020672 * t * t + 0.00000215 * t ** 3) * DEGREES;
  let jde = 2451550.09766 + 29.530588861 * k + 0.00015437 * t * t - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4;
  for (const [coefficient, powerOfE, m, mMoon, f] of NEW_MOON_TERMS) jde += coefficient * e ** powerOfE * Math.sin(m * sun + mMoon * moon + f * latitude);
  jde += -0.00017 * Math.sin(node);
  const a1Quadratic = -0.009173 * t * t;
  PLANETARY_TERMS.forEach(([coefficient, base, perLunation], index) => {
    jde += coefficient * Math.sin((base + perLunation * k + (index === 0 ? a1Quadratic : 0)) * DEGREES);
  });
  return jde;
}

/**
 * The first day of a lunar month in Beijing time, given the day ICU starts it on. ICU places new
 * moons to within minutes, which puts a month's first day a day late when the new moon falls just
 * before midnight in Beijing (正月初一 2027 is 6 February, ICU says the 7th); the new moon computed
 * to seconds decides the date, ICU only which month it is.
 */
function monthStart(icuStart: number): number {
  const julianDay = icuStart + UNIX_EPOCH_JULIAN_DAY;
  const k = Math.round((julianDay - 2451550.09766) / 29.530588861);
  return beijingDayOf(newMoon(k));
}

/** Day number of a non-leap lunar month/day in a Gregorian year, searched in the window where it can fall. */
function lunarDay(year: number, month: number, dayOfMonth: number, searchFrom: [number, number], searchDays: number): number {
  const first = Date.UTC(year, searchFrom[0] - 1, searchFrom[1]) / MS_PER_DAY;
  for (let day = first; day < first + searchDays; day++) {
    const lunar = lunarDateOf(day);
    if (lunar.month === String(month) && lunar.day === dayOfMonth) return monthStart(day - (dayOfMonth - 1)) + dayOfMonth - 1;
  }
  throw new Error(`lunar ${month}/${dayOfMonth} not found in ${year}`);
}

/** 正月初一 falls between 21 January and 20 February. */
export function lunarNewYear(year: number): number {
  return lunarDay(year, 1, 1, [1, 21], 31);
}

/** 端午 (五月初五) falls between late May and late June. */
export function dragonBoat(year: number): number {
  return lunarDay(year, 5, 5, [5, 25], 36);
}

/** 中秋 (八月十五) falls between early September and early October. */
export function midAutumn(year: number): number {
  return lunarDay(year, 8, 15, [9, 5], 36);
}

/** Apparent ecliptic longitude of the Sun in degrees at a Julian day (Meeus, Astronomical Algorithms ch. 25, low accuracy: ~0.01°). */
function solarLongitude(julianDay: number): number {
  const t = (julianDay - 2451545) / 36525;
  const meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const meanAnomaly = (357.52911 + 35999.05029 * t - 0.0001537 * t * t) * DEGREES;
  const centre =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(meanAnomaly) + (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) + 0.000289 * Math.sin(3 * meanAnomaly);
  const node = (125.04 - 1934.136 * t) * DEGREES;
  const apparent = meanLongitude + centre - 0.00569 - 0.00478 * Math.sin(node);
  return ((apparent % 360) + 360) % 360;
}

/**
 * 清明: the day (Beijing time, UTC+8) the Sun reaches longitude 15°, found by bisection between
 * 3 and 6 April. The low-accuracy solar position is good to a quarter hour or so, which decides the
 * date for every year 1900–2100 (checked against the published dates in the tests).
 */
export function qingming(year: number): number {
  let low = Date.UTC(year, 3, 3);
  let high = Date.UTC(year, 3, 6, 23, 59);
  while (high - low > 60_000) {
    const middle = (low + high) / 2;
    const julianDay = middle / MS_PER_DAY + UNIX_EPOCH_JULIAN_DAY + DELTA_T_DAYS;
    if (solarLongitude(julianDay) < 15) low = middle;
    else high = middle;
  }
  return Math.floor((high + BEIJING_OFFSET_MS) / MS_PER_DAY);
}

/** The statutory holidays of a Gregorian year as day numbers (before 补假), each with its name. */
export function statutoryHolidays(year: number): { day: number; name: string }[] {
  const on = (month: number, dayOfMonth: number): number => Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY;
  const newYear = lunarNewYear(year);
  return [
    { day: on(1, 1), name: '元旦' },
    ...[-1, 0, 1, 2].map((offset) => ({ day: newYear + offset, name: '春节' })),
    { day: qingming(year), name: '清明节' },
    { day: on(5, 1), name: '劳动节' },
    { day: on(5, 2), name: '劳动节' },
    { day: dragonBoat(year), name: '端午节' },
    { day: midAutumn(year), name: '中秋节' },
    ...[1, 2, 3].map((dayOfMonth) => ({ day: on(10, dayOfMonth), name: '国庆节' })),
  ];
}

const daysOffCache = new Map<string, ReadonlySet<number>>();

/**
 * Every day off the law gives in a Gregorian year on a given workweek: the statutory holidays,
 * plus for each one on a day outside the workweek the next workweek day that is not a holiday
 * or already given (补假).
 */
export function statutoryDaysOff(year: number, workweek: readonly number[]): ReadonlySet<number> {
  const key = `${year}|${workweek.join(',')}`;
  let daysOff = daysOffCache.get(key);
  if (daysOff === undefined) {
    const holidays = [...new Set(statutoryHolidays(year).map(({ day }) => day))].sort((a, b) => a - b);
    const off = new Set(holidays);
    const isWorkweekDay = (day: number): boolean => workweek.includes(isoWeekday(day));
    for (const holiday of holidays) {
      if (isWorkweekDay(holiday)) continue;
      let makeUp = holiday + 1;
      while (!isWorkweekDay(makeUp) || off.has(makeUp)) makeUp++;
      off.add(makeUp);
    }
    daysOff = off;
    daysOffCache.set(key, daysOff);
  }
  return daysOff;
}
