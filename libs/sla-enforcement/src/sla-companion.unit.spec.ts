import { keyedEventId, requestHash } from '@duban/command-handling';
import { CaseFollowUps, COMPLAINTS, FINDINGS, INSPECTIONS } from '@duban/cases';
import { foldClocks } from '@duban/sla';
import type { EventStore } from '@duban/event-store';
import { asRequest, handler, head, plus, registered, register, slaSetUp, START } from './testing/sla-test-kit';

const SECOND = 1000;

async function streamTypes(store: EventStore, stream: string): Promise<string[]> {
  return (await store.readStream(stream)).map((event) => event.type);
}

async function clocksOf(store: EventStore, stream: string) {
  return foldClocks((await store.readStream(stream)).map((event) => ({ type: event.type, schemaVersion: 1, data: event.data })));
}

describe('SlaCompanion: clocks recorded with the command', () => {
  it("starts the matched policy's clocks in the registration's own append, under the same id scheme and metadata", async () => {
    const { store, commands } = slaSetUp();
    const claim = { key: 'key-1', requestHash: requestHash('POST /complaints', { any: 'body' }) };
    const outcome = await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler), { idempotency: claim });

    expect(outcome.revision).toBe(1n);
    expect(outcome.recorded.map((event) => event.type)).toEqual(['ComplaintRegistered', 'ClockStarted']);
    expect(outcome.recorded.map((event) => event.id)).toEqual([keyedEventId('handler.one', 'key-1', 0), keyedEventId('handler.one', 'key-1', 1)]);
    expect(outcome.recorded[1].metadata).toMatchObject({ actorId: 'handler.one', idempotencyKey: 'key-1', requestHash: claim.requestHash });
    expect(outcome.recorded[1].data).toMatchObject({
      clockId: 'reply',
      policyId: 'complaint-short',
      policyVersion: 4,
      calendarVersion: 1,
      startedAt: START.toISOString(),
      dueAt: plus(5 * SECOND),
      actorId: 'system',
    });

    const retried = await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler), { idempotency: claim });
    expect(retried).toMatchObject({ replayed: true, revision: 1n });
    expect(retried.recorded).toHaveLength(2);
    expect(await streamTypes(store, 'complaint-c1')).toEqual(['ComplaintRegistered', 'ClockStarted']);
  });

  it('counts from receipt, not registration', async () => {
    const { store, clock, commands } = slaSetUp();
    clock.advance(3 * SECOND);
    await registered(commands, 'c1', { receivedAt: START.toISOString() });
    expect((await clocksOf(store, 'complaint-c1'))[0]).toMatchObject({ startedAt: START.toISOString(), dueAt: plus(5 * SECOND) });
  });

  it('starts no clock that the same command already stops: a complaint answered on the spot owes no reply', async () => {
    const { store, commands } = slaSetUp();
    await registered(commands, 'c1', { resolvedOnSpot: { reply: { responsibility: 'customer', text: '已当面解释', channel: 'in_person' } } });
    expect(await streamTypes(store, 'complaint-c1')).toEqual(['ComplaintRegistered', 'ComplaintReplied']);
  });

  it('stops the reply clock as met by a reply in time, and cancels open clocks on withdrawal', async () => {
    const { store, clock, commands } = slaSetUp();
    await registered(commands, 'c1');
    await registered(commands, 'c2');
    clock.advance(2 * SECOND);
    const replied = await commands.execute(COMPLAINTS, 'c1', { type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, asRequest(handler));
    expect(replied.recorded.map((event) => [event.type, event.data.outcome])).toEqual([
      ['ComplaintReplied', undefined],
      ['ClockStopped', 'met'],
    ]);
    await commands.execute(COMPLAINTS, 'c2', { type: 'withdraw', reason: '客户撤回' }, asRequest(handler));
    expect((await clocksOf(store, 'complaint-c2'))[0]).toMatchObject({ state: 'cancelled', outcome: 'cancelled' });
  });

  it('recalculates on reclassification from receipt, not from the reclassification', async () => {
    const { store, clock, commands } = slaSetUp();
    await registered(commands, 'c1', { caseType: 'investigation' });
    expect((await clocksOf(store, 'complaint-c1'))[0].dueAt).toBe(plus(20 * SECOND));
    clock.advance(3 * SECOND);
    const outcome = await commands.execute(COMPLAINTS, 'c1', { type: 'reclassify', caseType: 'complaint' }, asRequest(handler));
    expect(outcome.recorded.map((event) => event.type)).toEqual(['ComplaintReclassified', 'ClockRecalculated']);
    expect((await clocksOf(store, 'complaint-c1'))[0]).toMatchObject({ policyId: 'complaint-short', startedAt: START.toISOString(), dueAt: plus(5 * SECOND), version: 2 });
  });

  it('gives the next level its own target on a manual escalation, leaving the lower level running', async () => {
    const { store, clock, commands } = slaSetUp();
    await registered(commands, 'c1');
    clock.advance(SECOND);
    const outcome = await commands.execute(COMPLAINTS, 'c1', { type: 'escalate', reason: '客户要求支行答复' }, asRequest(head));
    expect(outcome.recorded.map((event) => [event.type, event.data.clockId])).toEqual([
      ['ComplaintEscalated', undefined],
      ['ClockStarted', 'reply@L1'],
    ]);
    const clocks = await clocksOf(store, 'complaint-c1');
    expect(clocks.map((candidate) => [candidate.clockId, candidate.state, candidate.level, candidate.dueAt])).toEqual([
      ['reply', 'running', 0, plus(5 * SECOND)],
      ['reply@L1', 'running', 1, plus(6 * SECOND)],
    ]);
  });

  it("runs for creations on behalf of another event too, and sets the finding's rectify clock from its plan", async () => {
    const { store, clock, commands } = slaSetUp();
    await registered(commands, 'c1');
    const replied = await commands.execute(COMPLAINTS, 'c1', { type: 'reply', responsibility: 'valid', text: '情况属实', channel: 'phone' }, asRequest(handler));
    await new CaseFollowUps(store, commands).complete(COMPLAINTS, replied, replied.recorded);
    const findingId = replied.recorded[0].data.findingId as string;
    expect(await streamTypes(store, `finding-${findingId}`)).toEqual(['FindingRaised', 'ClockStarted']);

    clock.advance(SECOND);
    const planDueAt = plus(60 * SECOND);
    const planned = await commands.execute(FINDINGS, findingId, { type: 'plan', measures: ['培训'], ownerId: 'handler.one', dueAt: planDueAt }, asRequest(handler));
    expect(planned.recorded.map((event) => [event.type, event.data.clockId])).toEqual([
      ['FindingPlanned', undefined],
      ['ClockStarted', 'rectify'],
    ]);
    expect((await clocksOf(store, `finding-${findingId}`)).find((candidate) => candidate.clockId === 'rectify')).toMatchObject({ state: 'running', dueAt: planDueAt });
  });

  it('adds nothing to aggregates without clocks', async () => {
    const { commands } = slaSetUp();
    const inspector = { id: 'inspector.one', role: 'inspector', unitId: 'anshan' } as const;
    const opened = await commands.execute(INSPECTIONS, 'i1', { type: 'open', inspectionId: 'i1', kind: 'onsite', unitId: 'outlet', scope: '现场检查' }, asRequest(inspector));
    expect(opened.recorded.map((event) => event.type)).toEqual(['InspectionOpened']);
  });
});
