import { InMemoryEventStore } from '@duban/event-store';
import type { DomainEvent } from '@duban/command-handling';
import { COMPLAINTS } from './aggregates';
import { CaseCommandHandler } from './case-commands';
import { CASE_NUMBER_ALLOCATED, CaseNumberCounter, caseNumbering } from './case-numbers';
import { asRequest, clock, handler, orgTree, register } from './testing/command-fixtures';

const IN_2026 = '2026-03-01T02:00:00.000Z';
const LAST_MINUTE_OF_2026_IN_SHANGHAI = '2026-12-31T15:59:00.000Z';
const FIRST_MINUTE_OF_2027_IN_SHANGHAI = '2026-12-31T16:00:00.000Z';

describe('CaseNumberCounter', () => {
  it('counts from 1 per prefix and year, recording which case got which number', async () => {
    const store = new InMemoryEventStore();
    const counter = new CaseNumberCounter(store);
    expect(await counter.numberFor('complaint', 'complaint-a', IN_2026)).toBe('TS-2026-000001');
    expect(await counter.numberFor('complaint', 'complaint-b', IN_2026)).toBe('TS-2026-000002');
    expect(await counter.numberFor('finding', 'finding-c', IN_2026)).toBe('ZG-2026-000001');
    expect(await counter.numberFor('inspection', 'inspection-d', LAST_MINUTE_OF_2026_IN_SHANGHAI)).toBe('JC-2026-000001');
    expect(await counter.numberFor('complaint', 'complaint-e', FIRST_MINUTE_OF_2027_IN_SHANGHAI)).toBe('TS-2027-000001');

    const allocations = await store.readStream('case-numbers-TS-2026');
    expect(allocations.map(({ type, revision, data }) => ({ type, revision, data }))).toEqual([
      { type: CASE_NUMBER_ALLOCATED, revision: 0n, data: { number: 'TS-2026-000001', caseStream: 'complaint-a' } },
      { type: CASE_NUMBER_ALLOCATED, revision: 1n, data: { number: 'TS-2026-000002', caseStream: 'complaint-b' } },
    ]);
  });

  it('gives a case asked for again the number it already has, even after others or across the new year', async () => {
    const store = new InMemoryEventStore();
    const counter = new CaseNumberCounter(store);
    await counter.numberFor('complaint', 'complaint-a', LAST_MINUTE_OF_2026_IN_SHANGHAI);
    expect(await counter.numberFor('complaint', 'complaint-a', LAST_MINUTE_OF_2026_IN_SHANGHAI)).toBe('TS-2026-000001');
    await counter.numberFor('complaint', 'complaint-b', LAST_MINUTE_OF_2026_IN_SHANGHAI);
    expect(await counter.numberFor('complaint', 'complaint-a', LAST_MINUTE_OF_2026_IN_SHANGHAI)).toBe('TS-2026-000001');
    expect(await counter.numberFor('complaint', 'complaint-a', FIRST_MINUTE_OF_2027_IN_SHANGHAI)).toBe('TS-2026-000001');
    expect(await store.readStream('case-numbers-TS-2026')).toHaveLength(2);
  });

  it('hands out distinct, contiguous numbers to concurrent registrations', async () => {
    const counter = new CaseNumberCounter(new InMemoryEventStore(), { backoffMs: () => 0 });
    const numbers = await Promise.all(Array.from({ length: 20 }, (_, index) => counter.numberFor('complaint', `complaint-${index}`, IN_2026)));
    expect([...numbers].sort()).toEqual(Array.from({ length: 20 }, (_, index) => `TS-2026-${String(index + 1).padStart(6, '0')}`));
  });

  it('queues a burst of allocations in one process instead of letting them race: none needs a second attempt', async () => {
    const counter = new CaseNumberCounter(new InMemoryEventStore(), { maxAttempts: 1 });
    const numbers = await Promise.all(Array.from({ length: 16 }, (_, index) => counter.numberFor('complaint', `complaint-${index}`, IN_2026)));
    expect(numbers).toEqual(Array.from({ length: 16 }, (_, index) => `TS-2026-${String(index + 1).padStart(6, '0')}`));
  });
});

describe('caseNumbering', () => {
  const occurredAt = IN_2026;
  const event = (type: string, data: object = {}): DomainEvent => ({ type, schemaVersion: 1, data: { occurredAt, actorId: 'qian', ...data } });

  it('numbers creation events without a number and passes every other event as it is', async () => {
    const numbering = caseNumbering(new CaseNumberCounter(new InMemoryEventStore()));
    const numbered = await numbering('inspection-i', [event('InspectionOpened'), event('InspectionFindingAdded', { findingId: 'f' })]);
    expect(numbered.map((each) => (each.data as { number?: string }).number)).toEqual(['JC-2026-000001', undefined]);
    const already = event('FindingRaised', { number: 'ZG-2026-000009' });
    expect(await numbering('finding-f', [already])).toEqual([already]);
  });
});

describe('CaseCommandHandler numbering', () => {
  it('records the number in the creation event; a retry under the same key neither renumbers nor spends a number', async () => {
    const store = new InMemoryEventStore();
    const commands = new CaseCommandHandler(store, clock, orgTree);
    const claim = { key: 'key-1', requestHash: 'hash-1' };
    const first = await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler), { idempotency: claim });
    const retry = await commands.execute(COMPLAINTS, 'c1', register('c1'), asRequest(handler), { idempotency: claim });
    expect(first.recorded[0].data).toMatchObject({ number: 'TS-2024-000001', complaintId: 'c1' });
    expect(COMPLAINTS.toView(first.state).number).toBe('TS-2024-000001');
    expect(retry.replayed).toBe(true);
    expect(COMPLAINTS.toView(retry.state).number).toBe('TS-2024-000001');
    expect(await store.readStream('case-numbers-TS-2024')).toHaveLength(1);
  });

  it('spends no number on a refused command', async () => {
    const store = new InMemoryEventStore();
    const commands = new CaseCommandHandler(store, clock, orgTree);
    await expect(commands.execute(COMPLAINTS, 'c1', register('c1', { description: '' }), asRequest(handler))).rejects.toThrow();
    await commands.execute(COMPLAINTS, 'c2', register('c2'), asRequest(handler));
    expect((await commands.load(COMPLAINTS, 'c2')).state.context.number).toBe('TS-2024-000001');
  });
});
