import { formatInstant, parseBankTime } from './bank-time';

describe('dates and times typed in Beijing time', () => {
  it('reads year-month-day with an optional time, in Asia/Shanghai', () => {
    expect(parseBankTime('2026-12-04 09:30')).toBe('2026-12-04T01:30:00.000Z');
    expect(parseBankTime('2026-12-4')).toBe('2026-12-03T16:00:00.000Z');
    expect(parseBankTime(' 2026-01-01T00:05 ')).toBe('2025-12-31T16:05:00.000Z');
  });

  it('refuses the month/day orders it cannot tell apart and impossible dates', () => {
    expect(parseBankTime('12/04/2026')).toBeNull();
    expect(parseBankTime('2026-13-01')).toBeNull();
    expect(parseBankTime('')).toBeNull();
  });

  it('writes instants in Beijing time, across the date line of UTC', () => {
    expect(formatInstant('2026-12-04T09:00:00.000Z')).toBe('2026-12-04 17:00');
    expect(formatInstant('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
    expect(formatInstant(parseBankTime('2026-12-04 09:30'))).toBe('2026-12-04 09:30');
    expect(formatInstant(null)).toBe('—');
  });
});
