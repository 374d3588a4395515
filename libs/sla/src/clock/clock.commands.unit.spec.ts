import { ClockCommandRejectedError } from '../errors';
import { at, CaseStream } from '../testing/case-stream';
import { calendars, cnMainland, defaultPolicies, shanghai, shanghaiIso } from '../testing/fixtures';
import { extendClock, pauseClock, resetClock, resumeClock, type ExtensionRequest } from './clock.commands';
import { due, startClocks } from './clock.deciders';
import { currentDuration } from './clock.fold';
import { clockView } from './clock.view';

const HOUR = 3_600_000;

/** A complaint received Tue 2026-09-29 10:00: acknowledge 17:00, reply Oct 9 17:00, decide Oct 14 10:00. */
function complaint(): CaseStream {
  const stream = new CaseStream();
  stream.append(...startClocks(defaultPolicies, { kind: 'complaint', type: 'complaint' }, shanghaiIso('2026-09-29 10:00'), calendars, at('2026-09-29 10:00')));
  return stream;
}

function rejection(command: () => unknown): ClockCommandRejectedError {
  try {
    command();
  } catch (error) {
    if (error instanceof ClockCommandRejectedError) return error;
    throw error;
  }
  throw new Error('expected the command to be rejected');
}

describe('pause and resume', () => {
  it('gives back the paused time as each basis counts it, across the 国庆 holiday', () => {
    const stream = complaint();
    for (const clockId of ['reply', 'decide']) stream.append(pauseClock(stream.clock(clockId), 'external_appraisal', at('2026-09-30 16:00')));
    const replyResumed = resumeClock(stream.clock('reply'), at('2026-10-08 10:00'), calendars);
    const decideResumed = resumeClock(stream.clock('decide'), at('2026-10-08 10:00'), calendars);
    // Working days: 1h on Sep 30 + 1h on Oct 8 of business time; the due time moves 2 business hours
    // (to Sat Oct 10 11:00, a 调休 day) and rounds up to that day's close.
    expect(replyResumed.data).toMatchObject({ pausedMs: 2 * HOUR, dueAt: shanghaiIso('2026-10-10 17:00'), resumedAt: shanghaiIso('2026-10-08 10:00') });
    // Calendar days: the whole 7 days 18 hours count.
    expect(decideResumed.data).toMatchObject({ pausedMs: (7 * 24 + 18) * HOUR, dueAt: shanghaiIso('2026-10-22 04:00') });
  });

  it('refuses to pause a paused clock or an overdue one', () => {
    const stream = complaint();
    expect(rejection(() => pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-10-09 17:00'))).reason).toBe(`it was due at ${shanghaiIso('2026-10-09 17:00')}`);
    stream.append(pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-09-30 09:00')));
    expect(rejection(() => pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-09-30 10:00'))).reason).toBe('the clock is paused');
  });

  it('refuses an unknown pause reason and a resume of a running clock', () => {
    const stream = complaint();
    expect(rejection(() => pauseClock(stream.clock('reply'), 'lunch' as never, at('2026-09-30 10:00'))).reason).toBe('reason must be one of awaiting_customer, external_appraisal');
    expect(rejection(() => resumeClock(stream.clock('reply'), at('2026-09-30 10:00'), calendars)).reason).toBe('the clock is running');
  });
});

describe('extensions (15 → 30 → 60 days)', () => {
  const request: ExtensionRequest = {
    approverId: 'u-branch-head',
    approverUnitId: 'anshan',
    reason: '需调取监控录像，情况复杂',
    customerNotifiedAt: shanghaiIso('2026-10-09 15:00'),
  };
  const higher = (unitId: string) => unitId === 'anshan';

  it('grants the policy extensions in turn, counted from receipt with pauses carried over, then refuses', () => {
    const stream = complaint();
    stream.append(pauseClock(stream.clock('decide'), 'external_appraisal', at('2026-09-30 16:00')));
    stream.append(resumeClock(stream.clock('decide'), at('2026-10-08 10:00'), calendars)); // 7 days 18 hours
    const first = extendClock(stream.clock('decide'), request, higher, at('2026-10-09 16:00', 'u-branch-head'), calendars);
    expect(first.data).toMatchObject({ duration: 'P30D', dueAt: shanghaiIso('2026-11-06 04:00'), approverUnitId: 'anshan', customerNotifiedAt: shanghaiIso('2026-10-09 15:00') });
    stream.append(first);
    expect(stream.clock('decide')).toMatchObject({ version: 3, dueAt: shanghaiIso('2026-11-06 04:00') });
    expect(currentDuration(stream.clock('decide'))).toBe('P30D');
    const second = extendClock(stream.clock('decide'), request, higher, at('2026-11-01 09:00'), calendars);
    expect(second.data).toMatchObject({ duration: 'P60D', dueAt: shanghaiIso('2026-12-06 04:00') });
    stream.append(second);
    expect(rejection(() => extendClock(stream.clock('decide'), request, higher, at('2026-11-02 09:00'), calendars)).reason).toBe('all 2 extensions are used (total P60D)');
  });

  it('only a higher unit may approve (forbidden), with a reason and the customer told', () => {
    const stream = complaint();
    const notHigher = rejection(() => extendClock(stream.clock('decide'), { ...request, approverUnitId: 'anshan-haicheng-yys' }, higher, at('2026-10-09 16:00'), calendars));
    expect(notHigher).toMatchObject({ forbidden: true, reason: 'approver unit anshan-haicheng-yys is not above the unit handling the case' });
    expect(rejection(() => extendClock(stream.clock('decide'), { ...request, reason: ' ' }, higher, at('2026-10-09 16:00'), calendars)).reason).toBe('a reason is required');
    expect(rejection(() => extendClock(stream.clock('decide'), { ...request, customerNotifiedAt: 'yesterday' }, higher, at('2026-10-09 16:00'), calendars)).reason).toContain(
      'customerNotifiedAt must record when the customer was told',
    );
  });

  it('refuses clocks without extensions and breached clocks', () => {
    const stream = complaint();
    expect(rejection(() => extendClock(stream.clock('reply'), request, higher, at('2026-10-09 16:00'), calendars)).reason).toBe('its policy allows no extension');
    stream.append(...due(stream.clocks, at('2026-10-14 10:00'), calendars));
    expect(rejection(() => extendClock(stream.clock('decide'), request, higher, at('2026-10-14 11:00'), calendars)).reason).toBe('the clock is breached');
  });
});

describe('reset (new facts)', () => {
  it("counts the clock's own duration again from now; warnings, pauses and extensions start over", () => {
    const stream = complaint();
    stream.append(...due(stream.clocks, at('2026-10-08 10:00'), calendars)); // reply 50% warning raised
    stream.append(
      extendClock(
        stream.clock('decide'),
        { approverId: 'u', approverUnitId: 'hq', reason: 'complex', customerNotifiedAt: shanghaiIso('2026-10-08 10:00') },
        () => true,
        at('2026-10-08 10:00'),
        calendars,
      ),
    );
    stream.append(resetClock(stream.clock('reply'), '客户补充了新的事实', at('2026-10-08 10:00'), calendars));
    stream.append(resetClock(stream.clock('decide'), '客户补充了新的事实', at('2026-10-08 10:00'), calendars));
    // 3 working days after Oct 8: Oct 9, Sat Oct 10 (调休), Mon Oct 12.
    expect(stream.clock('reply')).toMatchObject({ startedAt: shanghaiIso('2026-10-08 10:00'), dueAt: shanghaiIso('2026-10-12 17:00'), warningsRaised: [], version: 2 });
    expect(stream.clock('decide')).toMatchObject({ dueAt: shanghaiIso('2026-10-23 10:00'), extensionsGranted: [], version: 3 });
    expect(currentDuration(stream.clock('decide'))).toBe('P15D');
  });

  it('refuses a reset without new facts, of a stopped clock, or of a plan-dated clock', () => {
    const stream = complaint();
    expect(rejection(() => resetClock(stream.clock('reply'), '', at('2026-10-08 10:00'), calendars)).reason).toBe('a reason (the new facts) is required');
    const planDated = { ...stream.clock('reply'), duration: null, dueFrom: 'plan' as const };
    expect(rejection(() => resetClock(planDated, 'new plan', at('2026-10-08 10:00'), calendars)).reason).toBe('its due time comes from the plan; record a new plan instead');
    const stopped = { ...stream.clock('reply'), state: 'met' as const, stoppedAt: shanghaiIso('2026-09-30 10:00') };
    expect(rejection(() => resetClock(stopped, 'new facts', at('2026-10-08 10:00'), calendars)).reason).toBe('the clock is met and stopped');
  });
});

describe('clockView', () => {
  it('shows the remaining business time, negative when overdue, frozen while paused', () => {
    const stream = complaint();
    const reply = stream.clock('reply');
    // Sep 30 11–12 and 13–17, Oct 8 and Oct 9 in full: 1 + 4 + 7 + 7 hours.
    expect(clockView(reply, shanghai('2026-09-30 11:00'), cnMainland)).toMatchObject({
      target: 'reply',
      state: 'running',
      dueAt: shanghaiIso('2026-10-09 17:00'),
      remaining: { ms: 19 * HOUR, iso: 'PT19H' },
    });
    expect(clockView(reply, shanghai('2026-10-10 10:00'), cnMainland).remaining).toEqual({ ms: -HOUR, iso: '-PT1H' });
    expect(clockView(stream.clock('decide'), shanghai('2026-09-30 10:00'), cnMainland).remaining.iso).toBe('P14D');
    stream.append(pauseClock(reply, 'awaiting_customer', at('2026-09-30 16:00')));
    expect(clockView(stream.clock('reply'), shanghai('2026-10-05 10:00'), cnMainland)).toMatchObject({
      state: 'paused',
      pauseReason: 'awaiting_customer',
      remaining: { iso: 'PT15H' },
    });
  });
});
