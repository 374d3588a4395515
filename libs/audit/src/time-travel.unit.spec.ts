import type { RecordedEvent } from '@duban/event-store';
import { MomentNotFoundError, pastStateOf } from './time-travel';

const event = (revision: number, occurredAt: string): RecordedEvent => ({
  id: `e-${revision}`,
  stream: 'complaint-c-1',
  revision: BigInt(revision),
  position: BigInt(revision + 10),
  type: 'Something',
  data: {},
  metadata: { occurredAt },
  createdAt: new Date('2030-01-01T00:00:00.000Z'),
});

// Two events share one append (a command and the clock it started), as they share its time.
const HISTORY = [event(0, '2026-11-23T01:00:00.000Z'), event(1, '2026-11-23T01:00:00.000Z'), event(2, '2026-11-23T01:05:00.000Z'), event(3, '2026-11-23T02:00:00.000Z')];
const revisionsOf = (events: readonly RecordedEvent[]): number[] => events.map((recorded) => Number(recorded.revision));

describe('pastStateOf', () => {
  it('takes the events up to a revision and reads the clocks at that event’s time', () => {
    expect(pastStateOf('complaint c-1', HISTORY, { revision: 2 })).toEqual({
      events: HISTORY.slice(0, 3),
      revision: 2,
      occurredAt: '2026-11-23T01:05:00.000Z',
      clocksReadAt: '2026-11-23T01:05:00.000Z',
    });
    expect(revisionsOf(pastStateOf('complaint c-1', HISTORY, { revision: 0 }).events)).toEqual([0]);
  });

  it('takes every event that had happened at an instant, a whole append at its own time, and reads the clocks at the instant', () => {
    expect(pastStateOf('complaint c-1', HISTORY, { at: '2026-11-23T01:00:00.000Z' })).toMatchObject({ revision: 1, clocksReadAt: '2026-11-23T01:00:00.000Z' });
    expect(pastStateOf('complaint c-1', HISTORY, { at: '2026-11-23T01:04:59.999Z' })).toMatchObject({ revision: 1, occurredAt: '2026-11-23T01:00:00.000Z' });
    expect(pastStateOf('complaint c-1', HISTORY, { at: '2026-11-23T09:05:00+08:00' })).toMatchObject({ revision: 2, clocksReadAt: '2026-11-23T01:05:00.000Z' });
    expect(pastStateOf('complaint c-1', HISTORY, { at: '2027-01-01T00:00:00.000Z' })).toMatchObject({ revision: 3, occurredAt: '2026-11-23T02:00:00.000Z' });
  });

  it('ends the past at the first later event even when a skewed clock stamped a following one earlier', () => {
    const skewed = [...HISTORY.slice(0, 3), event(3, '2026-11-23T01:01:00.000Z')];
    expect(pastStateOf('complaint c-1', skewed, { at: '2026-11-23T01:02:00.000Z' }).revision).toBe(1);
  });

  it('refuses an instant before the first event, naming when the record was created', () => {
    expect(() => pastStateOf('complaint c-1', HISTORY, { at: '2026-11-23T00:59:59.999Z' })).toThrow(
      expect.objectContaining({
        constructor: MomentNotFoundError,
        message: 'complaint c-1 did not exist yet at 2026-11-23T00:59:59.999Z; it was created at 2026-11-23T01:00:00.000Z.',
        details: { at: '2026-11-23T00:59:59.999Z', createdAt: '2026-11-23T01:00:00.000Z' },
      }),
    );
  });

  it('refuses a revision beyond the stream, naming the last one', () => {
    expect(() => pastStateOf('complaint c-1', HISTORY, { revision: 4 })).toThrow(
      expect.objectContaining({
        constructor: MomentNotFoundError,
        message: 'complaint c-1 has revisions 0 to 3; revision 4 does not exist.',
        details: { revision: 4, lastRevision: 3 },
      }),
    );
  });
});
