import { isIsoInstant } from './payload-check';

describe('isIsoInstant', () => {
  it.each(['2025-03-01T08:00:00Z', '2025-03-01T16:00+08:00', '2024-02-29T23:59:59.999999999-05:30', '0000-01-01T00:00Z', '9999-12-31T23:59:59Z'])('takes %s', (value) => {
    expect(isIsoInstant(value)).toBe(true);
  });

  it.each([
    ['a day February lacks', '2025-02-29T00:00:00Z'],
    ['the 30th of February', '2025-02-30T00:00:00Z'],
    ['month 13', '2025-13-01T00:00:00Z'],
    ['day 0', '2025-01-00T00:00:00Z'],
    ['24:00', '2025-01-01T24:00:00Z'],
    ['minute 60', '2025-01-01T10:60Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2025-01-01T00:00+24:00'],
    ['no offset (a local time)', '2025-01-01T10:00:00'],
    ['a date alone', '2025-01-01'],
    ['a week date', '2025-W01-1'],
    ['an ordinal date', '2025-032'],
    ['the basic format', '20250101T000000Z'],
    ['an expanded year', '+275760-09-13T00:00:00Z'],
    ['a space for T', '2025-01-01 00:00:00Z'],
    ['a number', 1735689600000],
    ['words', 'yesterday'],
  ])('refuses %s', (_case, value) => {
    expect(isIsoInstant(value)).toBe(false);
  });
});
