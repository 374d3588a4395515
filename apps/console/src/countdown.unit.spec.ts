import { clockLengthMs, formatDuration, isCounting, isOwed, remainingNow, remainingOf, urgencyOf } from './countdown';

const UNITS = { days: '天', hours: '小时', minutes: '分', seconds: '秒' };
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

describe('business-time countdowns', () => {
  it('formats days, hours and minutes, with seconds only in the last hour', () => {
    expect(formatDuration((26 * 60 + 5) * MINUTE, UNITS)).toBe('1天 2小时 05分');
    expect(formatDuration(7 * 60 * MINUTE, UNITS)).toBe('7小时 00分');
    expect(formatDuration(3 * MINUTE + 9_000, UNITS)).toBe('03分 09秒');
    expect(formatDuration(-90 * MINUTE, UNITS)).toBe('1小时 30分');
  });

  it('turns amber at the same share of each clock’s own length, and overdue past the deadline', () => {
    expect(urgencyOf(-1, DAY)).toBe('overdue');
    // Two hours left is plenty of a same-day clock's eight but little of fifteen days.
    expect(urgencyOf(2 * 60 * MINUTE, 8 * 60 * MINUTE)).toBe('ok');
    expect(urgencyOf(2 * DAY, 15 * DAY)).toBe('warning');
    expect(urgencyOf(3 * DAY, 15 * DAY)).toBe('ok');
    expect(clockLengthMs({ startedAt: '2026-12-01T01:00:00.000Z', dueAt: '2026-12-16T01:00:00.000Z' })).toBe(15 * DAY);
  });

  it('ticks a running clock down from the API measure and keeps a paused one', () => {
    expect(remainingNow(10 * MINUTE, 1_000, 1_000 + 4 * MINUTE, true)).toBe(6 * MINUTE);
    expect(remainingNow(10 * MINUTE, 1_000, 1_000 + 4 * MINUTE, false)).toBe(10 * MINUTE);
  });

  it('counts a breached clock as late from its deadline, its frozen figure notwithstanding', () => {
    const measuredAt = Date.parse('2026-12-08T01:00:00.000Z');
    const breached = { state: 'breached', dueAt: '2026-12-07T01:00:00.000Z', stoppedAt: null, remaining: { ms: 0 } };
    expect(remainingOf(breached, measuredAt)).toBe(-DAY);
    expect(isCounting(breached)).toBe(true);
    // Replied late: the clock stopped, nothing is owed any more.
    const answeredLate = { ...breached, stoppedAt: '2026-12-07T05:00:00.000Z' };
    expect([isOwed(answeredLate), isCounting(answeredLate)]).toEqual([false, false]);
    const running = { state: 'running', dueAt: '2026-12-09T01:00:00.000Z', stoppedAt: null, remaining: { ms: 5 * MINUTE } };
    expect(remainingOf(running, measuredAt)).toBe(5 * MINUTE);
    expect([isOwed({ ...running, state: 'paused' }), isCounting({ ...running, state: 'paused' })]).toEqual([true, false]);
  });
});
