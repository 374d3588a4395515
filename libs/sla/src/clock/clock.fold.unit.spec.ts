import { ClockEventRejectedError } from '../errors';
import { at, CaseStream, caseEvent } from '../testing/case-stream';
import { calendars, shanghaiIso } from '../testing/fixtures';
import { pauseClock, resumeClock } from './clock.commands';
import { computeDue } from './clock.progress';
import { clockEvent, type ClockBreached, type ClockResumed, type ClockStarted, type ClockStopped, type ClockWarningRaised } from './clock.events';
import { foldClocks } from './clock.fold';

const definition = {
  basis: 'working_days' as const,
  duration: 'P3D',
  dueFrom: null,
  calendarId: 'cn-mainland',
  calendarVersion: 1,
  policyId: 'complaint',
  policyVersion: 1,
  warnAt: [0.5, 0.8],
  escalation: { perLevel: 'P1D', basis: 'working_days' as const },
  extensions: [],
  stopOn: ['ComplaintReplied'],
};

function startReply(stream: CaseStream): ClockStarted {
  const startedAt = shanghaiIso('2026-09-29 10:00');
  const event = clockEvent<ClockStarted>(
    'ClockStarted',
    { ...definition, clockId: 'reply', target: 'reply', level: 0, startedAt, dueAt: shanghaiIso('2026-10-09 17:00') },
    at('2026-09-29 10:00'),
  );
  stream.append(event);
  return event;
}

describe('foldClocks', () => {
  it('starts a running clock at version 1 and skips case events', () => {
    const stream = new CaseStream();
    stream.append(caseEvent('ComplaintRegistered', '2026-09-29 10:00'));
    startReply(stream);
    stream.append(caseEvent('ComplaintNoteAdded', '2026-09-29 11:00'));
    expect(stream.clocks).toEqual([
      expect.objectContaining({
        clockId: 'reply',
        target: 'reply',
        level: 0,
        state: 'running',
        version: 1,
        dueAt: shanghaiIso('2026-10-09 17:00'),
        pausedTotalMs: 0,
        stoppedAt: null,
      }),
    ]);
  });

  it('bumps the version on every new due time, not on pauses, warnings or breaches', () => {
    const stream = new CaseStream();
    startReply(stream);
    stream.append(pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-09-30 16:00')));
    expect(stream.clock('reply')).toMatchObject({ state: 'paused', version: 1, pausedAt: shanghaiIso('2026-09-30 16:00'), pauseReason: 'awaiting_customer' });
    stream.append(resumeClock(stream.clock('reply'), at('2026-10-08 10:00'), calendars));
    expect(stream.clock('reply')).toMatchObject({ state: 'running', version: 2, pausedAt: null, pausedTotalMs: 2 * 3_600_000 });
    expect(stream.clock('reply').pauses).toEqual([
      { pausedAt: shanghaiIso('2026-09-30 16:00'), resumedAt: shanghaiIso('2026-10-08 10:00'), reason: 'awaiting_customer', pausedMs: 2 * 3_600_000 },
    ]);
    stream.append(
      clockEvent<ClockWarningRaised>('ClockWarningRaised', { clockId: 'reply', threshold: 0.5, raisedAt: shanghaiIso('2026-10-08 11:00'), lateByMs: 0 }, at('2026-10-08 11:00')),
    );
    stream.append(clockEvent<ClockBreached>('ClockBreached', { clockId: 'reply', breachedAt: shanghaiIso('2026-10-10 17:00'), lateByMs: 0 }, at('2026-10-10 17:00')));
    expect(stream.clock('reply')).toMatchObject({ state: 'breached', version: 2, warningsRaised: [0.5], breachedAt: shanghaiIso('2026-10-10 17:00'), stoppedAt: null });
    stream.append(clockEvent<ClockStopped>('ClockStopped', { clockId: 'reply', stoppedAt: shanghaiIso('2026-10-12 09:00'), outcome: 'breached' }, at('2026-10-12 09:00')));
    expect(stream.clock('reply')).toMatchObject({ state: 'breached', outcome: 'breached', stoppedAt: shanghaiIso('2026-10-12 09:00') });
  });

  describe('refuses a corrupt stream', () => {
    const started = () => {
      const stream = new CaseStream();
      startReply(stream);
      return stream;
    };
    const warning = (threshold: number) =>
      clockEvent<ClockWarningRaised>('ClockWarningRaised', { clockId: 'reply', threshold, raisedAt: shanghaiIso('2026-10-08 11:00'), lateByMs: 0 }, at('2026-10-08 11:00'));
    const breach = clockEvent<ClockBreached>('ClockBreached', { clockId: 'reply', breachedAt: shanghaiIso('2026-10-10 17:00'), lateByMs: 0 }, at('2026-10-10 17:00'));
    const stopped = (outcome: 'met' | 'breached' | 'cancelled') =>
      clockEvent<ClockStopped>('ClockStopped', { clockId: 'reply', stoppedAt: shanghaiIso('2026-10-12 09:00'), outcome }, at('2026-10-12 09:00'));

    it.each([
      ['a second start', (stream: CaseStream) => startReply(stream), 'ClockStarted rejected: clock reply: already started'],
      ['the same warning twice', (stream: CaseStream) => stream.append(warning(0.5), warning(0.5)), 'warning 0.5 was already raised'],
      ['a met stop after a breach', (stream: CaseStream) => stream.append(breach, stopped('met')), 'a breached clock cannot be met'],
      ['anything after a stop', (stream: CaseStream) => stream.append(stopped('met'), warning(0.8)), 'ClockWarningRaised is not possible in state met (stopped)'],
      ['a resume without a pause', (stream: CaseStream) => stream.append(resumeEvent()), 'ClockResumed is not possible in state running'],
    ])('%s', (_name, corrupt, message) => {
      const stream = started();
      corrupt(stream);
      expect(() => stream.clocks).toThrow(message);
    });

    it('an event for a clock that never started', () => {
      expect(() => foldClocks([warning(0.5)])).toThrow('clock reply: was never started');
    });

    it('a clock event newer than this build', () => {
      const stream = started();
      stream.append({ ...warning(0.5), schemaVersion: 2 });
      expect(() => stream.clocks).toThrow(ClockEventRejectedError);
    });
  });
});

function resumeEvent() {
  return clockEvent<ClockResumed>(
    'ClockResumed',
    {
      clockId: 'reply',
      resumedAt: shanghaiIso('2026-10-08 10:00'),
      pausedMs: 0,
      dueAt: computeDue(shanghaiIso('2026-09-29 10:00'), 'P3D', 'working_days', calendars['cn-mainland']),
    },
    at('2026-10-08 10:00'),
  );
}
