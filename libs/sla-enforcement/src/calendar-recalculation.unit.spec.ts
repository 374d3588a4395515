import { readStreamOrEmpty } from '@duban/event-store';
import { CalendarRecalculation } from './calendar-recalculation';
import { DeadlineEnforcer } from './deadline-enforcer';
import { OpenClockIndex } from './open-clock-index';
import { cnMainland, registered, slaSetUp, staticRules } from './testing/sla-test-kit';

const SECOND = 1000;

describe('CalendarRecalculation', () => {
  it('moves each open, unbreached clock on the calendar to the new version once, in one append per case', async () => {
    const rules = staticRules();
    const { store, clock, commands } = slaSetUp(rules);
    await registered(commands, 'c1');
    await registered(commands, 'c2');
    clock.advance(6 * SECOND);
    // c2's reply breaches and keeps its breach and version; the level above gets reply@L1, which is recounted.
    await new DeadlineEnforcer(commands, rules).enforceDeadlines('complaint', 'c2');
    const recalculation = new CalendarRecalculation(commands, new OpenClockIndex(store, rules));
    const version2 = { ...cnMainland, version: 2 };

    const recounted = await recalculation.recalculate(version2);
    expect(recounted).toEqual([
      { kind: 'complaint', caseId: 'c1', clockIds: ['reply'] },
      { kind: 'complaint', caseId: 'c2', clockIds: ['reply@L1'] },
    ]);
    const c1 = await readStreamOrEmpty(store, 'complaint-c1');
    expect(c1.filter((event) => event.type === 'ClockRecalculated').map((event) => event.data)).toEqual([
      expect.objectContaining({ clockId: 'reply', calendarVersion: 2, reason: 'calendar cn-mainland v2 published' }),
    ]);

    // Nothing is behind any more: a repeat (another process, a sweep) writes nothing.
    expect(await recalculation.recalculate(version2)).toEqual([]);
    expect((await readStreamOrEmpty(store, 'complaint-c1')).length).toBe(c1.length);
  });
});
