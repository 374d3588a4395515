import fc from 'fast-check';
import { wallMsAt } from './zone';

const oracles = new Map<string, Intl.DateTimeFormat>();

/** The oracle: Intl's reading of each instant, with no cache in between. */
function readByIntl(timeZone: string, instantMs: number): number {
  if (!oracles.has(timeZone)) {
    oracles.set(
      timeZone,
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
    );
  }
  const parts = oracles.get(timeZone)!.formatToParts(instantMs);
  const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')) + (((instantMs % 1000) + 1000) % 1000);
}

// Whole-hour, half-hour and 45-minute offsets, DST of an hour and of half an hour, local mean time before 1900.
const ZONES = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'America/St_Johns'];

describe('wallMsAt (offsets cached per quarter hour)', () => {
  it('reads every instant exactly as Intl does, 1850 to 2100', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, instant) => {
        expect(wallMsAt(zone, instant)).toBe(readByIntl(zone, instant));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the milliseconds around offset changes exactly', () => {
    const transitions = [
      ['Europe/London', Date.UTC(2026, 2, 29, 1)],
      ['Europe/London', Date.UTC(2026, 9, 25, 1)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)],
      ['America/New_York', Date.UTC(2026, 2, 8, 7)],
      ['Asia/Shanghai', Date.UTC(1991, 8, 14, 17)],
      // Local mean time (+8:05:43) ended in the middle of a quarter hour.
      ['Asia/Shanghai', Date.UTC(1900, 11, 31, 15, 54, 17)],
    ] as const;
    for (const [zone, transition] of transitions) {
      for (const delta of [-60_001, -1, 0, 1, 59_999, 899_999, 900_000]) {
        expect({ zone, delta, wall: wallMsAt(zone, transition + delta) }).toEqual({ zone, delta, wall: readByIntl(zone, transition + delta) });
      }
    }
  });
});
