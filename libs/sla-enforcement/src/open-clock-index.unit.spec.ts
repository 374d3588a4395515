import { COMPLAINTS } from '@duban/cases';
import { DeadlineEnforcer } from './deadline-enforcer';
import { InMemoryProjectionStateStore } from '@duban/event-store';
import { OPEN_CLOCKS_PROJECTION, OpenClockIndex } from './open-clock-index';
import { asRequest, handler, plus, registered, slaSetUp, START, staticRules } from './testing/sla-test-kit';

const SECOND = 1000;

describe('OpenClockIndex.findDueOrUpcoming', () => {
  it("finds every open clock's firings within the horizon from the store alone, and follows later appends", async () => {
    const rules = staticRules();
    const { store, clock, commands } = slaSetUp(rules);
    const index = new OpenClockIndex(store, rules);
    await registered(commands, 'c1');
    clock.advance(10 * SECOND);
    await registered(commands, 'c2', { receivedAt: plus(10 * SECOND) });

    expect(await index.findDueOrUpcoming(START, 3 * SECOND)).toEqual([
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'warning', threshold: 0.5, at: plus(2.5 * SECOND) },
    ]);
    const all = await index.findDueOrUpcoming(clock.now(), 60 * SECOND);
    expect(all.map((firing) => [firing.stream, firing.kind, firing.at])).toEqual([
      ['complaint-c1', 'warning', plus(2.5 * SECOND)],
      ['complaint-c1', 'breach', plus(5 * SECOND)],
      ['complaint-c2', 'warning', plus(12.5 * SECOND)],
      ['complaint-c2', 'breach', plus(15 * SECOND)],
    ]);

    // c1 escalates (its L0 clock breached, reply@L1 running); c2 is answered.
    await new DeadlineEnforcer(commands, rules).enforceDeadlines('complaint', 'c1');
    await commands.execute(COMPLAINTS, 'c2', { type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, asRequest(handler));
    const after = await index.findDueOrUpcoming(clock.now(), 60 * SECOND);
    expect(after.map((firing) => [firing.stream, firing.clockId, firing.kind, firing.at])).toEqual([
      ['complaint-c1', 'reply@L1', 'warning', plus(12.5 * SECOND)],
      ['complaint-c1', 'reply@L1', 'breach', plus(15 * SECOND)],
    ]);
  });

  it('finds a firing moved earlier by a later append, though the stream was last seen with nothing near', async () => {
    const rules = staticRules();
    const { store, clock, commands } = slaSetUp(rules);
    const index = new OpenClockIndex(store, rules);
    await registered(commands, 'c1', { caseType: 'investigation' });
    expect(await index.findDueOrUpcoming(START, 5 * SECOND)).toEqual([]); // reply in 20 s

    // Recounted from receipt under the complaint policy: due at 5 s, overdue by now.
    clock.advance(6 * SECOND);
    await commands.execute(COMPLAINTS, 'c1', { type: 'reclassify', caseType: 'complaint' }, asRequest(handler));
    const due = await index.findDueOrUpcoming(clock.now(), 0);
    expect(due.map((firing) => [firing.version, firing.kind, firing.at])).toEqual([
      [2, 'warning', plus(2.5 * SECOND)],
      [2, 'breach', plus(5 * SECOND)],
    ]);
  });

  it('leaves out a stream whose clocks do not fold, and says so once', async () => {
    const rules = staticRules();
    const { store, commands } = slaSetUp(rules);
    await registered(commands, 'c1');
    await store.appendToStream('complaint-broken', [
      { id: '6f4c3a52-8d1e-4b7a-9c60-000000000001', type: 'ClockBreached', data: { clockId: 'ghost', breachedAt: START.toISOString(), lateByMs: 0 } },
    ]);
    const corrupt: string[] = [];
    const index = new OpenClockIndex(store, rules, { onCorruptStream: (stream) => corrupt.push(stream) });
    const firings = await index.findDueOrUpcoming(START, 60 * SECOND);
    expect(firings.map((firing) => firing.stream)).toEqual(['complaint-c1', 'complaint-c1']);
    await index.findDueOrUpcoming(START, 60 * SECOND);
    expect(corrupt).toEqual(['complaint-broken']);
  });
});

describe('OpenClockIndex kept between starts (ProjectionStateStore)', () => {
  it('two workers keeping one saved index: a save at or behind the stored position is refused, and a restart sees what a full read sees', async () => {
    const rules = staticRules();
    const { store, clock, commands } = slaSetUp(rules);
    const state = new InMemoryProjectionStateStore();
    const first = new OpenClockIndex(store, rules, { state });
    const second = new OpenClockIndex(store, rules, { state });
    await registered(commands, 'c1');
    await first.findDueOrUpcoming(START, 0);

    await registered(commands, 'c2');
    await commands.execute(COMPLAINTS, 'c1', { type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, asRequest(handler));
    await second.findDueOrUpcoming(START, 0); // saves c1 closed and c2 opened
    await first.findDueOrUpcoming(START, 0); // at the same position: refused
    clock.advance(SECOND);
    await registered(commands, 'c3', { receivedAt: plus(SECOND) });
    await first.findDueOrUpcoming(clock.now(), 0); // past the other: saves c3

    const saved = await state.load(OPEN_CLOCKS_PROJECTION);
    expect([...saved!.documents.keys()].sort()).toEqual(['complaint-c2', 'complaint-c3']);
    const restarted = await new OpenClockIndex(store, rules, { state }).findDueOrUpcoming(clock.now(), 60 * SECOND);
    expect(restarted).toEqual(await new OpenClockIndex(store, rules).findDueOrUpcoming(clock.now(), 60 * SECOND));
  });
});
