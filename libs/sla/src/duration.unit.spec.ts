import fc from 'fast-check';
import { formatDuration, parseDuration, parseDurationFor } from './duration';
import { SlaValidationError } from './errors';

describe('parseDuration', () => {
  it.each([
    ['PT5S', 0, 5_000],
    ['PT0.25S', 0, 250],
    ['P15D', 15, 0],
    ['PT8H', 0, 8 * 3_600_000],
    ['P1DT4H', 1, 4 * 3_600_000],
    ['P2W', 14, 0],
    ['PT1H30M', 0, 90 * 60_000],
    ['P0D', 0, 0],
  ])('%s → %d days + %d ms', (text, days, timeMs) => {
    expect(parseDuration(text)).toEqual({ days, timeMs });
  });

  it.each([
    ['P1M', 'years and months are not supported'],
    ['P1Y', 'years and months are not supported'],
    ['P', 'is not an ISO 8601 duration'],
    ['PT', 'is not an ISO 8601 duration'],
    ['P1DT', 'is not an ISO 8601 duration'],
    ['pt5s', 'is not an ISO 8601 duration'],
    ['PT-5S', 'is not an ISO 8601 duration'],
    ['P1.5D', 'is not an ISO 8601 duration'],
    ['PT5S ', 'is not an ISO 8601 duration'],
    ['PT1M1H', 'is not an ISO 8601 duration'],
    ['15 days', 'is not an ISO 8601 duration'],
  ])('refuses %j (%s)', (text, message) => {
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('names the field in the error', () => {
    try {
      parseDuration('P1M', 'clocks[0].duration');
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(SlaValidationError);
      expect((error as SlaValidationError).issues[0].field).toBe('clocks[0].duration');
    }
  });

  it('checks that the basis can count the duration', () => {
    expect(parseDurationFor('P3D', 'working_days')).toEqual({ days: 3, timeMs: 0 });
    expect(() => parseDurationFor('P3DT1H', 'working_days')).toThrow('must be whole days');
    expect(() => parseDurationFor('P1DT1H', 'business_hours')).toThrow('hours, minutes and seconds only');
    expect(parseDurationFor('P1DT1H', 'calendar')).toEqual({ days: 1, timeMs: 3_600_000 });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, {}, 'PT0S'],
    [5_000, {}, 'PT5S'],
    [-(31 * 3_600_000 + 30 * 60_000), {}, '-PT31H30M'],
    [(14 * 24 + 23) * 3_600_000, { days: true }, 'P14DT23H'],
    [2 * 86_400_000, { days: true }, 'P2D'],
    [1_500, {}, 'PT1.5S'],
  ])('%d ms %j → %s', (ms, options, expected) => {
    expect(formatDuration(ms, options)).toBe(expected);
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 10 }), fc.boolean(), (ms, days) => {
        const parsed = parseDuration(formatDuration(ms, { days }));
        expect(parsed.days * 86_400_000 + parsed.timeMs).toBe(ms);
      }),
    );
  });
});
