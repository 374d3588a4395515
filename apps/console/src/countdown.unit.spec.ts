import { formatDuration, remainingNow, urgencyOf, WARNING_BELOW_MS } from './countdown';

const UNITS = { days: '天', hours: '小时', minutes: '分' };
const MINUTE = 60_000;

describe('business-time countdowns', () => {
  it('formats days, hours and minutes, with seconds only in the last hour', () => {
    expect(formatDuration((26 * 60 + 5) * MINUTE, UNITS)).toBe('1天 2小时 05分');
    expect(formatDuration(7 * 60 * MINUTE, UNITS)).toBe('7小时 00分');
    expect(formatDuration(3 * MINUTE + 9_000, UNITS)).toBe('03分 09s');
    expect(formatDuration(-90 * MINUTE, UNITS)).toBe('1小时 30分');
  });

  it('colours by how much is left: overdue, warning under a working day, else ok', () => {
    expect(urgencyOf(-1)).toBe('overdue');
    expect(urgencyOf(WARNING_BELOW_MS - 1)).toBe('warning');
    expect(urgencyOf(WARNING_BELOW_MS)).toBe('ok');
  });

  it('ticks a running clock down from the API measure and keeps a paused one', () => {
    expect(remainingNow(10 * MINUTE, 1_000, 1_000 + 4 * MINUTE, true)).toBe(6 * MINUTE);
    expect(remainingNow(10 * MINUTE, 1_000, 1_000 + 4 * MINUTE, false)).toBe(10 * MINUTE);
  });
});
