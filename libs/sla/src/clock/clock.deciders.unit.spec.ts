import fc from 'fast-check';
import type { StoredEvent } from '@duban/workflow';
import { parsePolicySet, type CaseFacts, type PolicySet } from '../policy/policy';
import { at, CaseStream, caseEvent } from '../testing/case-stream';
import { applyIcsToCalendar } from '../calendar/ics';
import { calendars, cnMainland, defaultPolicies, shanghai, shanghaiIso } from '../testing/fixtures';
import { extendClock, pauseClock, resumeClock } from './clock.commands';
import { due, escalationOnBreach, onCaseEvent, recalculateOnCalendar, startClocks, type CaseClockContext } from './clock.deciders';
import type { ClockEvent } from './clock.events';
import { pendingFirings } from './clock.progress';

const HOUR = 3_600_000;
const complaintFacts: CaseFacts = { kind: 'complaint', type: 'complaint', category: 'attitude', channel: 'walk_in', priority: 'normal' };

function openCase(caseFacts: CaseFacts, received = '2026-09-29 10:00', policySet: PolicySet = defaultPolicies) {
  const stream = new CaseStream();
  const context: CaseClockContext = { policySet, calendars, caseFacts, receivedAt: shanghaiIso(received) };
  const registration = caseEvent(caseFacts.kind === 'finding' ? 'FindingRaised' : 'ComplaintRegistered', received);
  stream.append(registration, ...onCaseEvent(registration, [], context));
  /** Appends a case event and the clock events it calls for; returns the latter. */
  const happen = (event: StoredEvent, facts: CaseFacts = context.caseFacts): ClockEvent[] => {
    context.caseFacts = facts;
    const clockEvents = onCaseEvent(event, stream.clocks, context);
    stream.append(event, ...clockEvents);
    return clockEvents;
  };
  /** Runs the due check at a Shanghai time, appending what it finds. */
  const tick = (local: string): ClockEvent[] => {
    const events = due(stream.clocks, at(local), calendars);
    stream.append(...events);
    return events;
  };
  return { stream, context, happen, tick };
}

function describeEvents(events: readonly ClockEvent[]): string[] {
  return events.map((event) => {
    switch (event.type) {
      case 'ClockWarningRaised':
        return `${event.data.clockId} warning ${event.data.threshold} late ${event.data.lateByMs / 60_000}m`;
      case 'ClockBreached':
        return `${event.data.clockId} breached late ${event.data.lateByMs / 60_000}m`;
      case 'ClockStopped':
        return `${event.data.clockId} stopped ${event.data.outcome}`;
      case 'ClockStarted':
      case 'ClockReset':
      case 'ClockRecalculated':
        return `${event.data.clockId} ${event.type.slice(5).toLowerCase()} due ${event.data.dueAt}`;
      default:
        return `${event.data.clockId} ${event.type}`;
    }
  });
}

describe('startClocks', () => {
  it('starts the default complaint clocks from receipt, each with its policy and calendar versions', () => {
    const events = startClocks(defaultPolicies, complaintFacts, shanghaiIso('2026-09-29 10:00'), calendars, at('2026-09-29 10:05'));
    expect(events.map((event) => [event.data.clockId, event.data.dueAt])).toEqual([
      ['acknowledge', shanghaiIso('2026-09-29 17:00')], // the same working day
      ['reply', shanghaiIso('2026-10-09 17:00')], // Sep 30, (国庆 Oct 1–7), Oct 8, Oct 9
      ['decide', shanghaiIso('2026-10-14 10:00')], // 15 calendar days, holidays included
    ]);
    expect(events[2].data).toMatchObject({
      target: 'decide',
      level: 0,
      startedAt: shanghaiIso('2026-09-29 10:00'),
      basis: 'calendar',
      duration: 'P15D',
      calendarId: 'cn-mainland',
      calendarVersion: 1,
      policyId: 'complaint',
      policyVersion: 1,
      warnAt: [0.5, 0.8],
      extensions: ['P30D', 'P60D'],
      occurredAt: shanghaiIso('2026-09-29 10:05'),
    });
  });

  it('starts nothing when no policy matches, and no plan-dated clock before a plan', () => {
    expect(startClocks(defaultPolicies, { kind: 'inspection' }, shanghaiIso('2026-09-29 10:00'), calendars, at('2026-09-29 10:00'))).toEqual([]);
    expect(startClocks(defaultPolicies, { kind: 'finding', severity: 'major' }, shanghaiIso('2026-09-29 10:00'), calendars, at('2026-09-29 10:00'))).toEqual([]);
  });
});

describe('due: warnings and breaches exactly once', () => {
  it('raises each point when it falls due, once, and records how late', () => {
    const { tick, stream } = openCase(complaintFacts);
    expect(pendingFirings(stream.clock('reply'), calendars['cn-mainland']).map((firing) => [firing.kind, firing.threshold, firing.at])).toEqual([
      ['warning', 0.5, shanghaiIso('2026-10-08 09:30')], // 13.5 of 27 business hours
      ['warning', 0.8, shanghaiIso('2026-10-09 10:36')], // 21.6 of 27 business hours
      ['breach', 1, shanghaiIso('2026-10-09 17:00')],
    ]);
    expect(describeEvents(tick('2026-09-29 13:59'))).toEqual([]);
    expect(describeEvents(tick('2026-09-29 14:00'))).toEqual(['acknowledge warning 0.5 late 0m']); // 3 of 6 business hours
    expect(describeEvents(tick('2026-09-29 14:00'))).toEqual([]);
    // The worker was down over the holiday: everything overdue is recorded at once, with its lateness.
    expect(describeEvents(tick('2026-10-08 10:00'))).toEqual([
      'acknowledge breached late 12540m', // due Sep 29 17:00: 8 days 17 hours late
      'reply warning 0.5 late 30m',
      'decide warning 0.5 late 2160m', // 7.5 days: Oct 6 22:00
    ]);
    expect(describeEvents(tick('2026-10-08 10:00'))).toEqual([]);
    expect(describeEvents(tick('2026-10-09 10:36'))).toEqual(['reply warning 0.8 late 0m']);
    expect(describeEvents(tick('2026-10-09 16:59'))).toEqual([]);
    expect(describeEvents(tick('2026-10-09 17:00'))).toEqual(['reply breached late 0m']);
    expect(describeEvents(tick('2026-10-11 10:00'))).toEqual(['decide warning 0.8 late 0m']);
    expect(describeEvents(tick('2026-10-14 10:00'))).toEqual(['decide breached late 0m']);
    expect(tick('2026-12-31 10:00')).toEqual([]);
  });

  it('owes nothing new while paused, and the pause moves the points', () => {
    const { tick, stream } = openCase(complaintFacts);
    // Without the pause the 50% point would be Oct 8 09:30.
    stream.append(pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-10-08 09:00')));
    expect(tick('2026-10-08 16:00').filter((event) => event.data.clockId === 'reply')).toEqual([]);
    stream.append(resumeClock(stream.clock('reply'), at('2026-10-08 17:00'), calendars)); // paused 7 business hours
    expect(stream.clock('reply').dueAt).toBe(shanghaiIso('2026-10-10 17:00'));
    expect(tick('2026-10-09 09:29').filter((event) => event.data.clockId === 'reply')).toEqual([]);
    expect(describeEvents(tick('2026-10-09 09:30').filter((event) => event.data.clockId === 'reply'))).toEqual(['reply warning 0.5 late 0m']);
  });

  it('records every point exactly once whatever the tick times (property)', () => {
    const from = shanghai('2026-09-29 10:00').getTime();
    const to = shanghai('2026-10-20 00:00').getTime();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: from, max: to }), { maxLength: 12 }), (times) => {
        const { stream } = openCase(complaintFacts);
        const ticks = [...times].sort((a, b) => a - b);
        for (const time of ticks) stream.append(...due(stream.clocks, { occurredAt: new Date(time).toISOString(), actorId: 'system' }, calendars));
        const recorded = stream.clockEvents().filter((event) => event.type === 'ClockWarningRaised' || event.type === 'ClockBreached');
        const keys = recorded.map((event) => `${event.data.clockId}:${event.type === 'ClockWarningRaised' ? event.data.threshold : 'breach'}`);
        expect(new Set(keys).size).toBe(keys.length);
        // Exactly the points at or before the last tick, as one late tick would have found them.
        const single = openCase(complaintFacts);
        const last = ticks.at(-1);
        const expected = last === undefined ? [] : due(single.stream.clocks, { occurredAt: new Date(last).toISOString(), actorId: 'system' }, calendars);
        expect(new Set(keys)).toEqual(new Set(expected.map((event) => `${event.data.clockId}:${event.type === 'ClockWarningRaised' ? event.data.threshold : 'breach'}`)));
        expect(recorded.every((event) => event.data.lateByMs >= 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('onCaseEvent: which case events stop clocks', () => {
  it('starts clocks once on registration', () => {
    const { stream, happen } = openCase(complaintFacts);
    expect(stream.clocks.map((clock) => clock.clockId)).toEqual(['acknowledge', 'reply', 'decide']);
    expect(happen(caseEvent('ComplaintRegistered', '2026-09-29 10:00'))).toEqual([]);
  });

  it('assignment meets the acknowledgement only; the reply meets the rest', () => {
    const { happen } = openCase(complaintFacts);
    expect(describeEvents(happen(caseEvent('ComplaintNoteAdded', '2026-09-29 10:30')))).toEqual([]);
    expect(describeEvents(happen(caseEvent('ComplaintAssigned', '2026-09-29 11:00')))).toEqual(['acknowledge stopped met']);
    expect(describeEvents(happen(caseEvent('ComplaintReplied', '2026-09-30 11:00')))).toEqual(['reply stopped met', 'decide stopped met']);
    expect(happen(caseEvent('ComplaintClosed', '2026-10-08 11:00'))).toEqual([]);
  });

  it('a late reply stops breached clocks as breached', () => {
    const { happen, tick } = openCase(complaintFacts);
    tick('2026-10-09 17:00');
    expect(describeEvents(happen(caseEvent('ComplaintReplied', '2026-10-10 09:00')))).toEqual(['acknowledge stopped breached', 'reply stopped breached', 'decide stopped met']);
  });

  it('a reply after the due time is late even when no worker recorded the breach', () => {
    const { happen } = openCase(complaintFacts);
    expect(describeEvents(happen(caseEvent('ComplaintReplied', '2026-10-09 17:00')))).toEqual(['acknowledge stopped breached', 'reply stopped met', 'decide stopped met']);
    const late = openCase(complaintFacts);
    expect(describeEvents(late.happen(caseEvent('ComplaintReplied', '2026-10-09 17:01')))).toEqual([
      'acknowledge stopped breached',
      'reply stopped breached',
      'decide stopped met',
    ]);
  });

  it('a clock paused before its due time is not late when stopped during the pause', () => {
    const { stream, happen } = openCase(complaintFacts);
    const reply = stream.clocks.find((clock) => clock.clockId === 'reply')!;
    stream.append(pauseClock(reply, 'awaiting_customer', at('2026-10-09 16:00')));
    expect(describeEvents(happen(caseEvent('ComplaintReplied', '2026-10-20 09:00')))).toContain('reply stopped met');
  });

  it('verification and closure stop every open clock; withdrawal cancels them', () => {
    // The acknowledgement was due at close of business the day before: late, though no breach was recorded.
    expect(describeEvents(openCase(complaintFacts).happen(caseEvent('ComplaintVerified', '2026-09-30 09:00')))).toEqual([
      'acknowledge stopped breached',
      'reply stopped met',
      'decide stopped met',
    ]);
    expect(describeEvents(openCase(complaintFacts).happen(caseEvent('ComplaintWithdrawn', '2026-09-30 09:00')))).toEqual([
      'acknowledge stopped cancelled',
      'reply stopped cancelled',
      'decide stopped cancelled',
    ]);
  });
});

describe('hand-over and promised reply dates (转办, 承诺办)', () => {
  it('a hand-over to the complaint manager meets the acknowledgement, the reply clock runs on', () => {
    const { happen } = openCase(complaintFacts);
    expect(describeEvents(happen(caseEvent('ComplaintHandedOver', '2026-09-29 11:00', { managerId: 'manager-1', reason: null })))).toEqual(['acknowledge stopped met']);
  });

  it('a promise earlier than the policy becomes the reply deadline, counted from the same start', () => {
    const { stream, happen } = openCase(complaintFacts);
    const promisedBy = shanghaiIso('2026-09-30 17:00');
    expect(describeEvents(happen(caseEvent('ComplaintReplyPromised', '2026-09-29 11:00', { promisedBy })))).toEqual([`reply reset due ${promisedBy}`]);
    const reply = stream.clocks.find((clock) => clock.clockId === 'reply')!;
    expect(reply).toMatchObject({ startedAt: shanghaiIso('2026-09-29 10:00'), dueAt: promisedBy, version: 2 });
    // The regulatory decision clock is not the customer's reply: it keeps its date.
    expect(stream.clocks.find((clock) => clock.clockId === 'decide')!.dueAt).toBe(shanghaiIso('2026-10-14 10:00'));
  });

  it("a promise on the policy's date changes nothing; a later one is refused with the policy's date", () => {
    const { happen } = openCase(complaintFacts);
    expect(happen(caseEvent('ComplaintReplyPromised', '2026-09-29 11:00', { promisedBy: shanghaiIso('2026-10-09 17:00') }))).toEqual([]);
    expect(() => happen(caseEvent('ComplaintReplyPromised', '2026-09-29 11:00', { promisedBy: shanghaiIso('2026-10-10 09:00') }))).toThrow(
      `promisedBy must not be later than the policy's reply deadline ${shanghaiIso('2026-10-09 17:00')} (clock reply)`,
    );
  });
});

describe('reopening (回访 unsatisfied)', () => {
  it('starts a new reply clock from the reopening, as a new chain; nothing while a reply clock is open', () => {
    const { stream, happen } = openCase(complaintFacts);
    happen(caseEvent('ComplaintReplied', '2026-09-30 11:00'));
    expect(describeEvents(happen(caseEvent('ComplaintReopened', '2026-10-12 09:00', { comment: '仍不满意' })))).toEqual([`reply#2 started due ${shanghaiIso('2026-10-15 17:00')}`]);
    expect(stream.clocks.find((clock) => clock.clockId === 'reply#2')).toMatchObject({ state: 'running', startedAt: shanghaiIso('2026-10-12 09:00'), level: 0 });
    expect(happen(caseEvent('ComplaintReopened', '2026-10-13 09:00', { comment: '再次不满意' }))).toEqual([]);
  });
});

describe('escalation ladder', () => {
  const demoPolicies = parsePolicySet({
    version: 7,
    defaultCalendar: 'cn-mainland',
    policies: [
      {
        id: 'demo',
        description: 'seconds, for demos',
        source: 'test',
        match: { kind: 'complaint' },
        clocks: [{ target: 'reply', duration: 'PT10S', basis: 'calendar', warnAt: [0.5], escalation: { perLevel: 'PT5S' }, stopOn: ['ComplaintReplied'] }],
      },
    ],
  });
  const units = ['outlet', 'sub-branch', 'branch', 'head-office'];

  it('climbs outlet → sub-branch → branch → head office once each, then stops', () => {
    const { stream, happen } = openCase(complaintFacts, '2026-09-29 10:00:00', demoPolicies);
    let unit = 0;
    const escalations: string[] = [];
    for (let second = 0; second <= 40; second++) {
      const now = new Date(shanghai('2026-09-29 10:00:00').getTime() + second * 1000);
      const meta = { occurredAt: now.toISOString(), actorId: 'system' };
      stream.append(...due(stream.clocks, meta, calendars));
      for (const clock of stream.clocks.filter((candidate) => candidate.breachedAt !== null)) {
        const escalation = escalationOnBreach(stream.clocks, clock.clockId, { atHeadOffice: units[unit] === 'head-office' }, meta, calendars);
        if (escalation === null) continue;
        unit++;
        escalations.push(`${second}s → ${units[unit]} (${escalation.clockStarted.data.clockId} due +${(Date.parse(escalation.clockStarted.data.dueAt) - now.getTime()) / 1000}s)`);
        stream.append(escalation.clockStarted);
        // A retry (duplicate job, second worker) finds the next level's clock and does nothing.
        expect(escalationOnBreach(stream.clocks, clock.clockId, { atHeadOffice: false }, meta, calendars)).toBeNull();
      }
    }
    expect(escalations).toEqual(['10s → sub-branch (reply@L1 due +5s)', '15s → branch (reply@L2 due +5s)', '20s → head-office (reply@L3 due +5s)']);
    expect(stream.clock('reply@L3')).toMatchObject({ level: 3, state: 'breached', target: 'reply' });
    expect(describeEvents(happen(caseEvent('ComplaintReplied', '2026-09-29 10:00:45')))).toEqual([
      'reply stopped breached',
      'reply@L1 stopped breached',
      'reply@L2 stopped breached',
      'reply@L3 stopped breached',
    ]);
  });

  it('gives each level its full per-level time from the escalation, on the working-day calendar', () => {
    const { stream, tick } = openCase(complaintFacts);
    tick('2026-10-12 09:00'); // the worker was down: reply breached on Oct 9 17:00
    const late = escalationOnBreach(stream.clocks, 'reply', { atHeadOffice: false }, at('2026-10-12 09:00'), calendars);
    expect(late?.clockStarted.data).toMatchObject({
      clockId: 'reply@L1',
      level: 1,
      duration: 'P1D',
      basis: 'working_days',
      startedAt: shanghaiIso('2026-10-12 09:00'),
      dueAt: shanghaiIso('2026-10-13 17:00'),
    });
    expect(late?.reason).toBe(`SLA breach: reply was due ${shanghaiIso('2026-10-09 17:00')} (level 0, clock reply)`);
    const onTime = escalationOnBreach(stream.clocks, 'reply', { atHeadOffice: false }, at('2026-10-09 17:00'), calendars);
    expect(onTime?.clockStarted.data.dueAt).toBe(shanghaiIso('2026-10-10 17:00')); // Saturday Oct 10 is a 调休 working day
  });

  it('does not escalate clocks without a ladder, unbreached or stopped clocks, or a case at head office', () => {
    const { stream, tick, happen } = openCase(complaintFacts);
    tick('2026-10-20 09:00');
    expect(escalationOnBreach(stream.clocks, 'decide', { atHeadOffice: false }, at('2026-10-20 09:00'), calendars)).toBeNull();
    expect(escalationOnBreach(stream.clocks, 'reply', { atHeadOffice: true }, at('2026-10-20 09:00'), calendars)).toBeNull();
    expect(escalationOnBreach(openCase(complaintFacts).stream.clocks, 'reply', { atHeadOffice: false }, at('2026-09-29 11:00'), calendars)).toBeNull();
    happen(caseEvent('ComplaintReplied', '2026-10-20 09:30')); // the reply came before the escalation job ran
    expect(escalationOnBreach(stream.clocks, 'reply', { atHeadOffice: false }, at('2026-10-20 10:00'), calendars)).toBeNull();
  });
});

describe('recalculation on reclassification (retroactive start, pauses carried over)', () => {
  const policies = parsePolicySet({
    version: 2,
    defaultCalendar: 'cn-mainland',
    policies: [
      {
        id: 'urgent',
        description: 'urgent',
        source: 'test',
        match: { kind: 'complaint', priority: ['urgent'] },
        clocks: [{ target: 'reply', duration: 'PT4H', basis: 'business_hours', stopOn: ['ComplaintReplied'] }],
      },
      {
        id: 'normal',
        description: 'normal',
        source: 'test',
        match: { kind: 'complaint' },
        clocks: [
          { target: 'reply', duration: 'P3D', basis: 'working_days', warnAt: [0.5], stopOn: ['ComplaintReplied'] },
          { target: 'decide', duration: 'P15D', basis: 'calendar', stopOn: ['ComplaintReplied'] },
        ],
      },
    ],
  });
  const reclassified = (local: string) => caseEvent('ComplaintReclassified', local);

  it('recounts from receipt under the new policy, re-measuring pauses, cancelling and restoring targets', () => {
    const { stream, happen } = openCase(complaintFacts, '2026-09-29 10:00', policies);
    stream.append(pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-09-29 10:30')));
    stream.append(resumeClock(stream.clock('reply'), at('2026-09-29 11:00'), calendars));
    // Half an hour back on a working-day clock rounds up to the next close of business.
    expect(stream.clock('reply')).toMatchObject({ dueAt: shanghaiIso('2026-10-10 17:00'), version: 2 });

    expect(describeEvents(happen(reclassified('2026-09-29 11:30'), { ...complaintFacts, priority: 'urgent' }))).toEqual([
      `reply recalculated due ${shanghaiIso('2026-09-29 15:30')}`, // 4 business hours from 10:00 = 15:00, plus the 30-minute pause
      'decide stopped cancelled',
    ]);
    expect(stream.clock('reply')).toMatchObject({
      policyId: 'urgent',
      policyVersion: 2,
      basis: 'business_hours',
      duration: 'PT4H',
      startedAt: shanghaiIso('2026-09-29 10:00'),
      version: 3,
      pausedTotalMs: HOUR / 2,
    });

    expect(describeEvents(happen(reclassified('2026-09-29 12:30'), complaintFacts))).toEqual([
      `reply recalculated due ${shanghaiIso('2026-10-10 17:00')}`,
      `decide#2 started due ${shanghaiIso('2026-10-14 10:00')}`, // back, counted from receipt
    ]);
    expect(stream.clock('decide#2').startedAt).toBe(shanghaiIso('2026-09-29 10:00'));
    expect(happen(reclassified('2026-09-29 13:00'), complaintFacts)).toEqual([]); // nothing changed
  });

  it('an investigation request that becomes a complaint gets the regulatory clock from receipt', () => {
    const investigation: CaseFacts = { ...complaintFacts, type: 'investigation' };
    const { happen } = openCase(investigation);
    happen(caseEvent('ComplaintAssigned', '2026-09-29 11:00'));
    expect(describeEvents(happen(reclassified('2026-10-08 09:00'), complaintFacts))).toEqual([
      `reply recalculated due ${shanghaiIso('2026-10-09 17:00')}`, // same due time, new policy recorded
      `decide started due ${shanghaiIso('2026-10-14 10:00')}`,
    ]);
  });

  it('keeps an approved extension: an extended clock is not recounted', () => {
    const withExtension = parsePolicySet({
      version: 3,
      defaultCalendar: 'cn-mainland',
      policies: [
        {
          id: 'urgent',
          description: 'urgent',
          source: 'test',
          match: { kind: 'complaint', priority: ['urgent'] },
          clocks: [{ target: 'decide', duration: 'P10D', basis: 'calendar' }],
        },
        {
          id: 'normal',
          description: 'normal',
          source: 'test',
          match: { kind: 'complaint' },
          clocks: [{ target: 'decide', duration: 'P15D', basis: 'calendar', extensions: ['P30D'] }],
        },
      ],
    });
    const urgent = { ...complaintFacts, priority: 'urgent' };
    const plain = openCase(complaintFacts, '2026-09-29 10:00', withExtension);
    expect(describeEvents(plain.happen(reclassified('2026-10-01 10:00'), urgent))).toEqual([`decide recalculated due ${shanghaiIso('2026-10-09 10:00')}`]);
    const extended = openCase(complaintFacts, '2026-09-29 10:00', withExtension);
    const request = { approverId: 'u', approverUnitId: 'anshan', reason: 'complex', customerNotifiedAt: shanghaiIso('2026-09-30 10:00') };
    extended.stream.append(extendClock(extended.stream.clock('decide'), request, () => true, at('2026-09-30 10:00'), calendars));
    expect(extended.happen(reclassified('2026-10-01 10:00'), urgent)).toEqual([]);
  });

  it('leaves breached clocks alone and cancels all clocks when no policy matches any more', () => {
    const { happen, tick } = openCase(complaintFacts, '2026-09-29 10:00', policies);
    tick('2026-10-12 09:00');
    expect(describeEvents(happen(reclassified('2026-10-12 10:00'), { ...complaintFacts, priority: 'urgent' }))).toEqual(['decide stopped cancelled']);
    expect(describeEvents(happen(reclassified('2026-10-12 11:00'), { kind: 'inspection' }))).toEqual(['reply stopped cancelled']);
  });
});

describe('plan-dated clocks (findings)', () => {
  const findingFacts: CaseFacts = { kind: 'finding', severity: 'minor', category: 'internal_control' };
  const planned = (local: string, dueLocal: string) => caseEvent('FindingPlanned', local, { measures: ['核库'], ownerId: 'u-1', dueAt: shanghaiIso(dueLocal) });

  it('runs to the plan date, follows a new plan, escalates when overdue, and starts afresh after a late plan', () => {
    const { stream, happen, tick } = openCase(findingFacts);
    expect(stream.clocks).toEqual([]);
    expect(describeEvents(happen(planned('2026-09-30 10:00', '2026-10-20 10:00')))).toEqual([`rectify started due ${shanghaiIso('2026-10-20 10:00')}`]);
    expect(describeEvents(happen(planned('2026-10-12 10:00', '2026-10-30 10:00')))).toEqual([`rectify reset due ${shanghaiIso('2026-10-30 10:00')}`]);
    expect(stream.clock('rectify')).toMatchObject({ version: 2, startedAt: shanghaiIso('2026-10-12 10:00') });
    // 18 days from the new plan: 50% on Oct 21 10:00, 80% on Oct 26 19:36.
    expect(describeEvents(tick('2026-10-30 10:00'))).toEqual(['rectify warning 0.5 late 12960m', 'rectify warning 0.8 late 5184m', 'rectify breached late 0m']);
    const escalation = escalationOnBreach(stream.clocks, 'rectify', { atHeadOffice: false }, at('2026-10-30 10:00'), calendars)!;
    expect(escalation.clockStarted.data).toMatchObject({ clockId: 'rectify@L1', dueAt: shanghaiIso('2026-11-06 17:00') }); // 5 working days
    stream.append(escalation.clockStarted);
    expect(describeEvents(happen(planned('2026-11-02 10:00', '2026-11-20 10:00')))).toEqual([
      'rectify stopped breached',
      'rectify@L1 stopped met',
      `rectify#2 started due ${shanghaiIso('2026-11-20 10:00')}`,
    ]);
    expect(describeEvents(happen(caseEvent('FindingReported', '2026-11-15 10:00')))).toEqual(['rectify#2 stopped met']);
  });

  it("runs from the raise to the inspector's deadline (限期), follows the plan, and a carried-over finding gets a fresh clock to its new deadline", () => {
    const context: CaseClockContext = { policySet: defaultPolicies, calendars, caseFacts: findingFacts, receivedAt: shanghaiIso('2026-09-29 10:00') };
    const raised = caseEvent('FindingRaised', '2026-09-29 10:00', { dueAt: shanghaiIso('2026-10-29 10:00') });
    const stream = new CaseStream();
    const startedOnRaise = onCaseEvent(raised, [], context);
    expect(describeEvents(startedOnRaise)).toEqual([`rectify started due ${shanghaiIso('2026-10-29 10:00')}`]);
    stream.append(raised, ...startedOnRaise);
    const happen = (event: StoredEvent): string[] => {
      const events = onCaseEvent(event, stream.clocks, context);
      stream.append(event, ...events);
      return describeEvents(events);
    };
    expect(happen(planned('2026-09-30 10:00', '2026-10-20 10:00'))).toEqual([`rectify reset due ${shanghaiIso('2026-10-20 10:00')}`]);
    expect(happen(caseEvent('FindingReported', '2026-10-15 10:00'))).toEqual(['rectify stopped met']);
    expect(happen(caseEvent('FindingCarriedOver', '2026-10-16 10:00', { comment: '复查未通过', dueAt: shanghaiIso('2026-11-16 10:00') }))).toEqual([
      `rectify#2 started due ${shanghaiIso('2026-11-16 10:00')}`,
    ]);
    // A carry-over without a new deadline (a finding raised before deadlines existed) waits for the next plan, as before.
    expect(happen(caseEvent('FindingReported', '2026-10-20 10:00'))).toEqual(['rectify#2 stopped met']);
    expect(happen(caseEvent('FindingCarriedOver', '2026-10-21 10:00', { comment: '仍未落实' }))).toEqual([]);
  });
});

describe('recalculateOnCalendar: a new calendar version recounts the open clocks on it', () => {
  // The State Council's 2027 notice as it might read: 元旦 1–4 January (Monday the 4th off).
  const calendar2027 = applyIcsToCalendar(
    cnMainland,
    ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270105', 'SUMMARY:元旦', 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
  );

  it('moves a provisional working-day due time and records the old one; calendar-day and met clocks only change version', () => {
    const { stream } = openCase(complaintFacts, '2026-12-29 10:00');
    expect(stream.clock('reply').dueAt).toBe(shanghaiIso('2027-01-04 17:00'));
    const events = recalculateOnCalendar(stream.clocks, calendar2027, at('2027-01-02 09:00'));
    expect(events.map((event) => [event.data.clockId, event.data.previousDueAt, event.data.dueAt, event.data.calendarVersion, event.data.reason])).toEqual([
      ['acknowledge', shanghaiIso('2026-12-29 17:00'), shanghaiIso('2026-12-29 17:00'), 2, 'calendar cn-mainland v2 published'],
      ['reply', shanghaiIso('2027-01-04 17:00'), shanghaiIso('2027-01-05 17:00'), 2, 'calendar cn-mainland v2 published'],
      ['decide', shanghaiIso('2027-01-13 10:00'), shanghaiIso('2027-01-13 10:00'), 2, 'calendar cn-mainland v2 published'],
    ]);
    stream.append(...events);
    expect(stream.clock('reply')).toMatchObject({ dueAt: shanghaiIso('2027-01-05 17:00'), calendarVersion: 2, version: 2 });
    expect(pendingFirings(stream.clock('reply'), calendar2027).at(-1)).toMatchObject({ kind: 'breach', version: 2, at: shanghaiIso('2027-01-05 17:00') });
    // Once on the new version there is nothing left to recount.
    expect(recalculateOnCalendar(stream.clocks, calendar2027, at('2027-01-02 09:05'))).toEqual([]);
  });

  it('leaves breached and stopped clocks, and clocks on other calendars, alone', () => {
    const { stream, tick, happen } = openCase(complaintFacts, '2026-12-29 10:00');
    tick('2026-12-29 17:30'); // acknowledge breached
    happen(caseEvent('ComplaintReplied', '2026-12-30 10:00')); // reply and decide met
    expect(recalculateOnCalendar(stream.clocks, calendar2027, at('2027-01-02 09:00'))).toEqual([]);
    expect(recalculateOnCalendar(openCase(complaintFacts, '2026-12-29 10:00').stream.clocks, { ...calendar2027, id: 'elsewhere' }, at('2027-01-02 09:00'))).toEqual([]);
  });

  it('re-measures completed pauses on the new version', () => {
    const { stream } = openCase(complaintFacts, '2026-12-29 10:00');
    stream.append(pauseClock(stream.clock('reply'), 'awaiting_customer', at('2026-12-31 16:00')));
    stream.append(resumeClock(stream.clock('reply'), at('2027-01-04 10:00'), calendars));
    expect(stream.clock('reply').pausedTotalMs).toBe(2 * 3_600_000); // 16:00–17:00 on 31 Dec and 09:00–10:00 on 4 Jan
    // On v2 the 4th is a holiday: only the hour on 31 Dec was paused business time.
    const [reply] = recalculateOnCalendar(stream.clocks, calendar2027, at('2027-01-04 11:00')).filter((event) => event.data.clockId === 'reply');
    expect(reply.data).toMatchObject({ pausedMs: 3_600_000, dueAt: shanghaiIso('2027-01-06 17:00') });
  });
});
