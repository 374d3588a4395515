import { orgTreeFromParents, type StoredEvent } from '@duban/workflow';
import { due, escalationOnBreach, onCaseEvent, startClocks } from '../clock/clock.deciders';
import { foldClocks } from '../clock/clock.fold';
import type { CaseFacts, ClockSpec, PolicySet } from '../policy/policy';
import { at, caseEvent } from '../testing/case-stream';
import { calendars, shanghaiIso } from '../testing/fixtures';
import { recordedCase, type RecordedCommand } from '../testing/recorded-case';
import { backTestCase, backTestTotals, backTestTotalsByUnit, type CaseBackTest, type RecordedCase, type SlaCandidate } from './back-test';

const OUTLET = 'anshan-haicheng-yys';
const SUB_BRANCH = 'anshan-haicheng';
const orgTree = orgTreeFromParents({ hq: null, anshan: 'hq', [SUB_BRANCH]: 'anshan', [OUTLET]: SUB_BRANCH, 'anshan-daoxi': 'anshan' });

const complaintFacts: CaseFacts = { kind: 'complaint', type: 'complaint', category: 'attitude', channel: 'walk_in', priority: 'normal' };
const findingFacts: CaseFacts = { kind: 'finding', category: 'environment', severity: 'minor' };

function replyPolicies(reply: Partial<ClockSpec>, extra: Partial<PolicySet> = {}): PolicySet {
  return {
    version: 9,
    defaultCalendar: 'cn-mainland',
    policies: [
      {
        id: 'complaint',
        description: 'reply',
        source: 'test',
        match: { kind: 'complaint', type: ['complaint'] },
        clocks: [{ target: 'reply', basis: 'working_days', escalation: { perLevel: 'P1D' }, stopOn: ['ComplaintReplied'], ...reply }],
      },
      ...(extra.policies ?? []),
    ],
  };
}

const candidate = (policySet: PolicySet): SlaCandidate => ({ policySet, calendars });
/** Head office is asking for this: reply within 2 working days instead of 3, a warning half-way. */
const STRICTER = candidate(replyPolicies({ duration: 'P2D', warnAt: [0.5] }));
const LOOSER = candidate(replyPolicies({ duration: 'P5D' }));
/** What actually ran: 3 working days, one more working day per level. */
const RUNNING = replyPolicies({ duration: 'P3D' });

const RECEIVED = '2026-03-06 10:00'; // a Friday
const registered = (local = RECEIVED, unitId = OUTLET): StoredEvent =>
  caseEvent('ComplaintRegistered', local, { caseType: 'complaint', category: 'attitude', channel: 'walk_in', priority: 'normal', unitId, receivedAt: shanghaiIso(local) });
const replied = (local: string): StoredEvent => caseEvent('ComplaintReplied', local, { replyNumber: 1, responsibility: 'customer' });
const escalated = (local: string, fromUnitId: string, toUnitId: string, level: number, automatic: boolean): StoredEvent =>
  caseEvent('ComplaintEscalated', local, { fromUnitId, toUnitId, level, atHeadOffice: toUnitId === 'hq', reason: 'overdue', automatic });

function complaint(commands: readonly RecordedCommand[], unitId = OUTLET, caseId = 'c-1'): RecordedCase {
  return recordedCase({ kind: 'complaint', caseId, unitId, receivedAt: shanghaiIso(RECEIVED), caseFacts: complaintFacts }, commands);
}

/**
 * Complaint A as the live system recorded it under RUNNING: reply due Wed 03-11 17:00 (Mon 9, Tue
 * 10, Wed 11); the worker recorded the breach 30 s late and escalated to the sub-branch, whose
 * reply@L1 was due Thu 17:00; the reply on Thu 11:00 stopped reply (breached) and reply@L1 (met).
 */
function complaintA(): RecordedCase {
  const facts = { policySet: RUNNING, calendars, caseFacts: complaintFacts, receivedAt: shanghaiIso(RECEIVED) };
  const started = startClocks(RUNNING, complaintFacts, facts.receivedAt, calendars, at(RECEIVED));
  const breach = due(foldClocks(started), at('2026-03-11 17:00:30'), calendars);
  const ladder = escalationOnBreach(foldClocks([...started, ...breach]), 'reply', { atHeadOffice: false }, at('2026-03-11 17:00:30'), calendars)!;
  const reply = replied('2026-03-12 11:00');
  const stops = onCaseEvent(reply, foldClocks([...started, ...breach, ladder.clockStarted]), facts);
  return complaint([
    { events: [registered(), ...started] },
    { events: [...breach, escalated('2026-03-11 17:00:30', OUTLET, SUB_BRANCH, 1, true), ladder.clockStarted] },
    { events: [reply, ...stops] },
  ]);
}

const HORIZON = shanghaiIso('2026-03-20 12:00');
const backTest = (recorded: RecordedCase, rules: SlaCandidate, horizon = HORIZON): CaseBackTest => backTestCase(recorded, rules, { horizon, orgTree });
const timeline = (result: CaseBackTest['candidate']): [string, string, string][] => result.clockEvents.map((entry) => [entry.type, entry.clockId, entry.at]);

describe('backTestCase: a hand-worked complaint', () => {
  it('replays the stricter candidate: warning, two breaches and two escalations before the Thursday reply', () => {
    const result = backTest(complaintA(), STRICTER);
    // reply P2D from Fri 03-06: Mon 9 (1), Tue 10 (2) → Tue 17:00. Its 20 business hours (Fri 6 h,
    // Mon 7 h, Tue 7 h) are half used at Mon 14:00. Breach Tue 17:00 → sub-branch, reply@L1 P1D →
    // Wed 17:00 (7 h, half at Wed 13:30). Breach Wed 17:00 → branch, reply@L2 → Thu 17:00; the
    // reply at Thu 11:00 comes before its warning (Thu 13:30) and meets it.
    expect(timeline(result.candidate)).toEqual([
      ['ClockStarted', 'reply', shanghaiIso('2026-03-06 10:00')],
      ['ClockWarningRaised', 'reply', shanghaiIso('2026-03-09 14:00')],
      ['ClockBreached', 'reply', shanghaiIso('2026-03-10 17:00')],
      ['ClockStarted', 'reply@L1', shanghaiIso('2026-03-10 17:00')],
      ['ClockWarningRaised', 'reply@L1', shanghaiIso('2026-03-11 13:30')],
      ['ClockBreached', 'reply@L1', shanghaiIso('2026-03-11 17:00')],
      ['ClockStarted', 'reply@L2', shanghaiIso('2026-03-11 17:00')],
      ['ClockStopped', 'reply', shanghaiIso('2026-03-12 11:00')],
      ['ClockStopped', 'reply@L1', shanghaiIso('2026-03-12 11:00')],
      ['ClockStopped', 'reply@L2', shanghaiIso('2026-03-12 11:00')],
    ]);
    expect(result.candidate.clockEvents.filter((entry) => entry.type === 'ClockStarted').map((entry) => entry.dueAt)).toEqual([
      shanghaiIso('2026-03-10 17:00'),
      shanghaiIso('2026-03-11 17:00'),
      shanghaiIso('2026-03-12 17:00'),
    ]);
    expect(result.candidate.clockEvents.filter((entry) => entry.type === 'ClockStopped').map((entry) => entry.outcome)).toEqual(['breached', 'breached', 'met']);
    expect(result.candidate.escalations).toEqual([
      { at: shanghaiIso('2026-03-10 17:00'), level: 1, fromUnitId: OUTLET, toUnitId: SUB_BRANCH, atHeadOffice: false, automatic: true },
      { at: shanghaiIso('2026-03-11 17:00'), level: 2, fromUnitId: SUB_BRANCH, toUnitId: 'anshan', atHeadOffice: false, automatic: true },
    ]);
    expect(result.candidate).toMatchObject({ warnings: 2, breaches: 2, level: 2, responsibleUnitId: 'anshan', repliedOnTime: false });
  });

  it('sets the actually recorded clock events and escalation next to it, old automatic escalation included', () => {
    const result = backTest(complaintA(), STRICTER);
    expect(result.repliedAt).toBe(shanghaiIso('2026-03-12 11:00'));
    expect(timeline(result.actual)).toEqual([
      ['ClockStarted', 'reply', shanghaiIso('2026-03-06 10:00')],
      ['ClockBreached', 'reply', shanghaiIso('2026-03-11 17:00:30')],
      ['ClockStarted', 'reply@L1', shanghaiIso('2026-03-11 17:00:30')],
      ['ClockStopped', 'reply', shanghaiIso('2026-03-12 11:00')],
      ['ClockStopped', 'reply@L1', shanghaiIso('2026-03-12 11:00')],
    ]);
    expect(result.actual).toMatchObject({ warnings: 0, breaches: 1, level: 1, responsibleUnitId: SUB_BRANCH, repliedOnTime: false });
    expect(result.actual.escalations).toEqual([
      { at: shanghaiIso('2026-03-11 17:00:30'), level: 1, fromUnitId: OUTLET, toUnitId: SUB_BRANCH, atHeadOffice: false, automatic: true },
    ]);
    expect(result.notes).toEqual([]);
  });

  it('replays the looser candidate: reply P5D is due Fri 03-13, so the Thursday reply is on time and nothing escalates', () => {
    const result = backTest(complaintA(), LOOSER);
    expect(timeline(result.candidate)).toEqual([
      ['ClockStarted', 'reply', shanghaiIso('2026-03-06 10:00')],
      ['ClockStopped', 'reply', shanghaiIso('2026-03-12 11:00')],
    ]);
    expect(result.candidate).toMatchObject({ breaches: 0, escalations: [], level: 0, responsibleUnitId: OUTLET, repliedOnTime: true });
  });

  it('stops at the horizon: later case events have not happened and later deadlines have not passed', () => {
    const result = backTest(complaintA(), STRICTER, shanghaiIso('2026-03-11 12:00'));
    expect(result.repliedAt).toBeNull();
    expect(result.candidate).toMatchObject({ breaches: 1, level: 1, repliedOnTime: null });
    expect(result.candidate.clockEvents.at(-1)).toMatchObject({ type: 'ClockStarted', clockId: 'reply@L1' });
    expect(result.actual).toMatchObject({ breaches: 0, escalations: [], repliedOnTime: null });
  });
});

describe('backTestCase: edge cases', () => {
  it('gives a complaint replied before its first deadline no breach under either rule set', () => {
    const reply = replied('2026-03-09 10:00');
    const result = backTest(complaint([{ events: [registered()] }, { events: [reply] }]), STRICTER);
    expect(result.candidate).toMatchObject({ warnings: 0, breaches: 0, escalations: [], repliedOnTime: true });
    expect(result.actual).toMatchObject({ breaches: 0, repliedOnTime: true });
  });

  it('does not start a clock that the registering command itself stops (answered on the spot)', () => {
    const result = backTest(complaint([{ events: [registered(), replied(RECEIVED)] }]), STRICTER);
    expect(result.candidate.clockEvents).toEqual([]);
    expect(result.candidate.repliedOnTime).toBe(true);
  });

  it('breaches at head office without escalating further', () => {
    const result = backTest(complaint([{ events: [registered(RECEIVED, 'hq')] }], 'hq'), STRICTER);
    expect(timeline(result.candidate).map(([type]) => type)).toEqual(['ClockStarted', 'ClockWarningRaised', 'ClockBreached']);
    expect(result.candidate).toMatchObject({ breaches: 1, escalations: [], level: 0, responsibleUnitId: 'hq', repliedOnTime: null });
  });

  it('climbs the ladder to head office and no further when nobody replies', () => {
    const result = backTest(complaint([{ events: [registered()] }]), LOOSER);
    // P5D → Fri 03-13 17:00; then one working day per level: Mon 16, Tue 17, Wed 18 (head office).
    expect(result.candidate.escalations.map((escalation) => [escalation.toUnitId, escalation.at])).toEqual([
      [SUB_BRANCH, shanghaiIso('2026-03-13 17:00')],
      ['anshan', shanghaiIso('2026-03-16 17:00')],
      ['hq', shanghaiIso('2026-03-17 17:00')],
    ]);
    expect(result.candidate).toMatchObject({ breaches: 4, level: 3, responsibleUnitId: 'hq' });
  });

  it("replays people's pauses on the candidate's clock: the due time moves by the paused working day", () => {
    const paused = caseEvent('ClockPaused', '2026-03-09 09:00', { clockId: 'reply', reason: 'awaiting_customer', pausedAt: shanghaiIso('2026-03-09 09:00') });
    const resumed = caseEvent('ClockResumed', '2026-03-10 09:00', { clockId: 'reply', resumedAt: shanghaiIso('2026-03-10 09:00'), pausedMs: 0, dueAt: 'recorded' });
    const result = backTest(complaint([{ events: [registered()] }, { events: [paused] }, { events: [resumed] }, { events: [replied('2026-03-11 11:00')] }]), STRICTER);
    // Monday did not count, so Tue 17:00 becomes Wed 17:00 and the Wednesday reply is on time.
    expect(result.candidate.clockEvents.find((entry) => entry.type === 'ClockResumed')).toMatchObject({ dueAt: shanghaiIso('2026-03-11 17:00') });
    expect(result.candidate).toMatchObject({ breaches: 0, repliedOnTime: true });
    expect(result.notes).toEqual([]);
  });

  it('notes a recorded clock command the candidate has no clock for, and goes on', () => {
    const paused = caseEvent('ClockPaused', '2026-03-09 09:00', { clockId: 'decide', reason: 'external_appraisal', pausedAt: shanghaiIso('2026-03-09 09:00') });
    const result = backTest(complaint([{ events: [registered()] }, { events: [paused] }, { events: [replied('2026-03-09 10:00')] }]), STRICTER);
    expect(result.notes).toEqual([`ClockPaused of clock decide at ${shanghaiIso('2026-03-09 09:00')} skipped: the candidate has no such clock`]);
    expect(result.candidate.repliedOnTime).toBe(true);
  });

  it('keeps manual escalations: the new level gets its perLevel target and the case climbs from there', () => {
    const result = backTest(
      complaint([{ events: [registered()] }, { events: [escalated('2026-03-09 10:00', OUTLET, SUB_BRANCH, 1, false)] }]),
      STRICTER,
      shanghaiIso('2026-03-10 18:00'),
    );
    // reply@L1 from Mon 10:00 is due Tue 17:00, as is reply: both breach together and climb one level.
    expect(result.candidate.escalations.map((escalation) => [escalation.level, escalation.toUnitId, escalation.automatic, escalation.at])).toEqual([
      [1, SUB_BRANCH, false, shanghaiIso('2026-03-09 10:00')],
      [2, 'anshan', true, shanghaiIso('2026-03-10 17:00')],
    ]);
    expect(result.candidate.breaches).toBe(2);
  });

  it('recounts from receipt when an investigation request is reclassified as a complaint', () => {
    const policies = replyPolicies(
      { duration: 'P2D' },
      {
        policies: [
          {
            id: 'investigation',
            description: 'i',
            source: 'test',
            match: { kind: 'complaint', type: ['investigation'] },
            clocks: [{ target: 'reply', duration: 'P5D', basis: 'working_days', stopOn: ['ComplaintReplied'] }],
          },
        ],
      },
    );
    const investigation = { ...complaintFacts, type: 'investigation' };
    const reclassified = caseEvent('ComplaintReclassified', '2026-03-09 10:00', {
      caseType: 'complaint',
      category: 'attitude',
      previousCaseType: 'investigation',
      previousCategory: 'attitude',
    });
    const recorded = recordedCase({ kind: 'complaint', caseId: 'c-2', unitId: OUTLET, receivedAt: shanghaiIso(RECEIVED), caseFacts: investigation }, [
      { events: [registered()] },
      { events: [reclassified], caseFacts: complaintFacts },
    ]);
    const result = backTest(recorded, candidate(policies), shanghaiIso('2026-03-10 18:00'));
    expect(result.candidate.clockEvents.map((entry) => [entry.type, entry.dueAt])).toEqual([
      ['ClockStarted', shanghaiIso('2026-03-13 17:00')],
      ['ClockRecalculated', shanghaiIso('2026-03-10 17:00')],
      ['ClockBreached', undefined],
      ['ClockStarted', shanghaiIso('2026-03-11 17:00')],
    ]);
    expect(result.candidate.escalations).toHaveLength(1);
  });

  it('runs a finding to its plan date, then up the ladder by working days', () => {
    const policies: PolicySet = {
      version: 2,
      defaultCalendar: 'cn-mainland',
      policies: [
        {
          id: 'finding',
          description: 'f',
          source: 'test',
          match: { kind: 'finding' },
          clocks: [{ target: 'rectify', dueFrom: 'plan', basis: 'calendar', escalation: { perLevel: 'P2D', basis: 'working_days' }, stopOn: ['FindingReported'] }],
        },
      ],
    };
    const raised = caseEvent('FindingRaised', '2026-03-09 10:00', { unitId: OUTLET, category: 'environment', severity: 'minor', mode: 'deadline' });
    const planned = caseEvent('FindingPlanned', '2026-03-09 15:00', { measures: ['设置一米线'], ownerId: 'u', dueAt: shanghaiIso('2026-03-13 17:00') });
    const recorded = recordedCase({ kind: 'finding', caseId: 'f-1', unitId: OUTLET, receivedAt: shanghaiIso('2026-03-09 10:00'), caseFacts: findingFacts }, [
      { events: [raised] },
      { events: [planned] },
    ]);
    const result = backTest(recorded, candidate(policies), shanghaiIso('2026-03-16 12:00'));
    // Breach at the plan's date, Fri 17:00; rectify@L1 gets 2 working days: Mon 16, Tue 17 → Tue 17:00 (after the horizon).
    expect(result.candidate.clockEvents.map((entry) => [entry.type, entry.clockId, entry.at, entry.dueAt])).toEqual([
      ['ClockStarted', 'rectify', shanghaiIso('2026-03-09 15:00'), shanghaiIso('2026-03-13 17:00')],
      ['ClockBreached', 'rectify', shanghaiIso('2026-03-13 17:00'), undefined],
      ['ClockStarted', 'rectify@L1', shanghaiIso('2026-03-13 17:00'), shanghaiIso('2026-03-17 17:00')],
    ]);
    expect(result.candidate.escalations).toEqual([
      { at: shanghaiIso('2026-03-13 17:00'), level: 1, fromUnitId: OUTLET, toUnitId: SUB_BRANCH, atHeadOffice: false, automatic: true },
    ]);
  });
});

describe('backTestTotals', () => {
  const results = (): CaseBackTest[] => [
    backTest(complaintA(), STRICTER),
    backTest(complaint([{ events: [registered()] }, { events: [replied('2026-03-09 10:00')] }], OUTLET, 'c-on-time'), STRICTER),
    backTest(complaint([{ events: [registered(RECEIVED, 'anshan-daoxi')] }], 'anshan-daoxi', 'c-daoxi'), STRICTER, shanghaiIso('2026-03-09 18:00')),
  ];

  it('counts cases, breaches, escalations by level and replies on time, candidate next to actual', () => {
    const [outlet, daoxi] = backTestTotalsByUnit(results(), (result) => result.unitId).sort((a, b) => b.cases - a.cases);
    expect(outlet).toEqual({
      unitId: OUTLET,
      cases: 2,
      replied: 2,
      repliedOnTime: { candidate: 1, actual: 1 },
      breachedCases: { candidate: 1, actual: 1 },
      breaches: { candidate: 2, actual: 1 },
      warnings: { candidate: 2, actual: 0 },
      escalationsByLevel: { candidate: { 1: 1, 2: 1 }, actual: { 1: 1 } },
      automaticEscalations: { candidate: 2, actual: 1 },
    });
    // Unreplied at the horizon (Mon 18:00): warned at Mon 14:00, not yet due.
    expect(daoxi).toMatchObject({ unitId: 'anshan-daoxi', cases: 1, replied: 0, breaches: { candidate: 0, actual: 0 }, warnings: { candidate: 1, actual: 0 } });
  });

  it('rolls up to a higher unit', () => {
    expect(backTestTotalsByUnit(results(), () => 'anshan').map((totals) => [totals.unitId, totals.cases, totals.breaches])).toEqual([['anshan', 3, { candidate: 2, actual: 1 }]]);
    expect(backTestTotals('hq', [])).toMatchObject({ cases: 0, breaches: { candidate: 0, actual: 0 }, escalationsByLevel: { candidate: {}, actual: {} } });
  });
});
