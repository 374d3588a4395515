import { CaseCommandHandler, COMPLAINTS } from '@duban/cases';
import type { EventStore } from '@duban/event-store';
import { DeadlineEnforcer } from './deadline-enforcer';
import { SlaCompanion } from './sla-companion';
import { asRequest, handler, ManualClock, orgTree, plus, registered, slaSetUp, START, staticRules } from './testing/sla-test-kit';

const SECOND = 1000;

function setUp() {
  const rules = staticRules();
  const kit = slaSetUp(rules);
  return { ...kit, enforcer: new DeadlineEnforcer(kit.commands, rules) };
}

async function typesOf(store: EventStore, stream = 'complaint-c1'): Promise<string[]> {
  return (await store.readStream(stream)).map((event) => event.type);
}

describe('DeadlineEnforcer.enforceDeadlines', () => {
  it('does nothing before the first firing point', async () => {
    const { commands, clock, enforcer, store } = setUp();
    await registered(commands);
    clock.advance(2 * SECOND);
    const result = await enforcer.enforceDeadlines('complaint', 'c1');
    expect(result).toMatchObject({ escalated: false, events: [], lateByMs: 0 });
    expect(result.nextFirings.map((firing) => firing.kind)).toEqual(['warning', 'breach']);
    expect(result.nextFirings).toEqual(await enforcer.nextFirings('complaint', 'c1'));
    expect(await typesOf(store)).toEqual(['ComplaintRegistered', 'ClockStarted']);
  });

  it("records the breach, the escalate transition as the system with the breach as reason, and the next level's clock in one append", async () => {
    const { commands, clock, enforcer } = setUp();
    await registered(commands);
    clock.advance(7 * SECOND);
    const result = await enforcer.enforceDeadlines('complaint', 'c1');
    expect(result).toMatchObject({ escalated: true, lateByMs: 2 * SECOND });
    expect(result.events.map((event) => [event.type, event.revision])).toEqual([
      ['ClockWarningRaised', 2n],
      ['ClockBreached', 3n],
      ['ComplaintEscalated', 4n],
      ['ClockStarted', 5n],
    ]);
    const [, breach, escalation, next] = result.events;
    expect(breach.data).toMatchObject({ clockId: 'reply', lateByMs: 2 * SECOND });
    expect(escalation.data).toMatchObject({
      fromUnitId: 'outlet',
      toUnitId: 'haicheng',
      automatic: true,
      reason: `SLA breach: reply was due ${plus(5 * SECOND)} (level 0, clock reply), missed by PT2S`,
    });
    expect(escalation.metadata).toMatchObject({ actorId: 'system', role: 'system' });
    expect(next.data).toMatchObject({ clockId: 'reply@L1', level: 1, startedAt: plus(7 * SECOND), dueAt: plus(12 * SECOND) });
    // What the case owes after this append, without reading it again: the next level's warning and breach.
    expect(result.nextFirings.map(({ clockId, kind, at }) => [clockId, kind, at])).toEqual([
      ['reply@L1', 'warning', plus(9.5 * SECOND)],
      ['reply@L1', 'breach', plus(12 * SECOND)],
    ]);
    expect(result.nextFirings).toEqual(await enforcer.nextFirings('complaint', 'c1'));
  });

  it('climbs one level per breach and, at head office, records the breach without escalating or failing', async () => {
    const { commands, clock, enforcer } = setUp();
    await registered(commands);
    const levels: unknown[] = [];
    for (let breach = 0; breach < 4; breach++) {
      clock.advance(6 * SECOND);
      const { escalated } = await enforcer.enforceDeadlines('complaint', 'c1');
      const { responsibleUnitId, escalationLevel } = (await commands.load(COMPLAINTS, 'c1')).state.context;
      levels.push([escalated, responsibleUnitId, escalationLevel]);
    }
    expect(levels).toEqual([
      [true, 'haicheng', 1],
      [true, 'anshan', 2],
      [true, 'hq', 3],
      [false, 'hq', 3],
    ]);
    clock.advance(60 * SECOND);
    expect((await enforcer.enforceDeadlines('complaint', 'c1')).events).toEqual([]);
  });

  it('lets exactly one of two racing enforcements escalate: the loser writes the same ids and is told it recorded nothing', async () => {
    const { commands, clock, enforcer, store } = setUp();
    await registered(commands);
    clock.advance(6 * SECOND);
    let competitor: Awaited<ReturnType<DeadlineEnforcer['enforceDeadlines']>> | undefined;
    // Another worker (one handler runs a stream's commands one at a time) loads, decides and appends between this call's load and its append.
    const otherWorker = new DeadlineEnforcer(new CaseCommandHandler(store, clock, orgTree, { companions: [new SlaCompanion(staticRules())] }), staticRules());
    store.interceptNextAppend(async () => {
      competitor = await otherWorker.enforceDeadlines('complaint', 'c1');
    });
    const mine = await enforcer.enforceDeadlines('complaint', 'c1');
    expect(competitor!.escalated).toBe(true);
    expect(mine).toMatchObject({ escalated: false, events: [], lateByMs: 0 });
    expect(mine.nextFirings).toEqual(competitor!.nextFirings); // the stream as the winner left it
    expect(mine.nextFirings.map((firing) => [firing.clockId, firing.kind])).toEqual([
      ['reply@L1', 'warning'],
      ['reply@L1', 'breach'],
    ]);
    expect((await typesOf(store)).filter((type) => type === 'ComplaintEscalated')).toHaveLength(1);
  });

  it('decides again on fresh state after a concurrent write, recording only what is still due', async () => {
    const { commands, clock, enforcer, store } = setUp();
    await registered(commands);
    clock.advance(6 * SECOND);
    // A worker whose clock is behind: at 3 s only the warning is due, so it decides other firings (other ids).
    const behind = new ManualClock(START);
    behind.advance(3 * SECOND);
    const slowWorker = new DeadlineEnforcer(new CaseCommandHandler(store, behind, orgTree, { companions: [new SlaCompanion(staticRules())] }), staticRules());
    store.interceptNextAppend(async () => {
      expect((await slowWorker.enforceDeadlines('complaint', 'c1')).events.map((event) => event.type)).toEqual(['ClockWarningRaised']);
    });
    const mine = await enforcer.enforceDeadlines('complaint', 'c1');
    expect(mine.escalated).toBe(true);
    expect(mine.events.map((event) => event.type)).toEqual(['ClockBreached', 'ComplaintEscalated', 'ClockStarted']);
    expect(await typesOf(store)).toEqual(['ComplaintRegistered', 'ClockStarted', 'ClockWarningRaised', 'ClockBreached', 'ComplaintEscalated', 'ClockStarted']);
  });

  it('derives event ids from the firings, so the same firings on another store get the same ids', async () => {
    const first = setUp();
    const second = setUp();
    for (const { commands, clock } of [first, second]) {
      await registered(commands);
      clock.advance(6 * SECOND);
    }
    const ids = await Promise.all([first, second].map(async ({ enforcer }) => (await enforcer.enforceDeadlines('complaint', 'c1')).events.map((event) => event.id)));
    expect(ids[0]).toHaveLength(4);
    expect(ids[0]).toEqual(ids[1]);
  });

  it('changes nothing once the clock was met', async () => {
    const { commands, clock, enforcer, store } = setUp();
    await registered(commands);
    await commands.execute(COMPLAINTS, 'c1', { type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, asRequest(handler));
    clock.advance(60 * SECOND);
    expect(await enforcer.enforceDeadlines('complaint', 'c1')).toEqual({ escalated: false, events: [], lateByMs: 0, nextFirings: [] });
    expect(await enforcer.nextFirings('complaint', 'c1')).toEqual([]);
    expect(await typesOf(store)).toEqual(['ComplaintRegistered', 'ClockStarted', 'ComplaintReplied', 'ClockStopped']);
  });

  it('answers an unknown case with nothing to do', async () => {
    const { enforcer } = setUp();
    expect(await enforcer.enforceDeadlines('complaint', 'nobody')).toEqual({ escalated: false, events: [], lateByMs: 0, nextFirings: [] });
    expect(await enforcer.nextFirings('finding', 'nobody')).toEqual([]);
  });
});

describe('DeadlineEnforcer.nextFirings', () => {
  it("lists each open clock's warnings and breach with their clock version, and moves them with the due time", async () => {
    const { commands, enforcer } = setUp();
    await registered(commands);
    expect(await enforcer.nextFirings('complaint', 'c1')).toEqual([
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'warning', threshold: 0.5, at: plus(2.5 * SECOND) },
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'breach', threshold: 1, at: plus(5 * SECOND) },
    ]);
  });
});
