import { InMemoryEventStore } from '@duban/event-store';
import { caseRowOf } from './case-row';
import { registerComplaint } from './testing/case-events';

async function receivedMonthOf(receivedAt: string): Promise<string | undefined> {
  const store = new InMemoryEventStore();
  await registerComplaint(store, 'c1', 'anshan-daoxi', receivedAt);
  return caseRowOf(await store.readStream('complaint-c1'), () => undefined)?.receivedMonth;
}

describe('caseRowOf receivedMonth (Asia/Shanghai, UTC+8)', () => {
  it.each([
    ['2025-02-28T15:59:59.999Z', '2025-02'],
    ['2025-02-28T16:00:00.000Z', '2025-03'],
    ['2025-03-01T00:30:00.000Z', '2025-03'],
    ['2025-03-15T23:00:00.000Z', '2025-03'],
    ['2025-03-27T20:00:00.000Z', '2025-03'],
    ['2025-11-30T00:45:00.000Z', '2025-11'],
    ['2025-11-30T15:59:59.999Z', '2025-11'],
    ['2025-11-30T16:00:00.000Z', '2025-12'],
    ['2025-12-31T16:00:00.000Z', '2026-01'],
    ['2025-03-15T07:00:00+08:00', '2025-03'],
    ['2025-03-31T23:00:00-08:00', '2025-04'],
  ])('puts an instant received at %s in %s', async (receivedAt, month) => {
    await expect(receivedMonthOf(receivedAt)).resolves.toBe(month);
  });
});
