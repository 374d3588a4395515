import { COMPLAINTS } from '@duban/cases';
import { recordedCaseOf } from './recorded-cases';
import { asRequest, handler, registered, slaSetUp, START } from './testing/sla-test-kit';

describe('recordedCaseOf: a case stream as the back-test reads it', () => {
  it('gives each event the facts after it, folded by the case decider, and the command that recorded it', async () => {
    const { store, clock, commands } = slaSetUp();
    await registered(commands, 'c1', { caseType: 'investigation' });
    clock.advance(1000);
    await commands.execute(COMPLAINTS, 'c1', { type: 'reclassify', caseType: 'complaint', category: 'process' }, asRequest(handler, 'request-2'));

    const recorded = recordedCaseOf('complaint', 'c1', await store.readStream('complaint-c1'));

    expect(recorded).toMatchObject({ kind: 'complaint', caseId: 'c1', unitId: 'outlet', receivedAt: START.toISOString() });
    expect(recorded.events.map(({ event, facts, command }) => [event.type, facts.caseFacts.type, facts.caseFacts.category, command])).toEqual([
      ['ComplaintRegistered', 'investigation', 'attitude', 'request-1'],
      ['ClockStarted', 'investigation', 'attitude', 'request-1'],
      ['ComplaintReclassified', 'complaint', 'process', 'request-2'],
      ['ClockRecalculated', 'complaint', 'process', 'request-2'],
    ]);
  });
});
