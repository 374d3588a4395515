import { join } from 'node:path';
import { InMemoryEventStore } from '@duban/event-store';
import { SlaValidationError, POLICY_STREAM } from '@duban/sla';
import { SlaRulesVersionConflictError, UnknownCalendarError } from './errors';
import { EventSourcedSlaRules, loadSlaSeed } from './sla-rules';
import { asRequest, head, ManualClock, shortPolicies, START } from './testing/sla-test-kit';

const CONFIG = join(__dirname, '../../../config/sla');
const seed = loadSlaSeed(join(CONFIG, 'policies.default.json'), join(CONFIG, 'calendars'));
const admin = asRequest({ id: 'admin', role: 'admin', unitId: 'hq' });
const { version: _version, ...shortBody } = shortPolicies;

function rulesOver(store: InMemoryEventStore, cacheMs = 60_000): EventSourcedSlaRules {
  return new EventSourcedSlaRules(store, new ManualClock(START), seed, { cacheMs });
}

describe('EventSourcedSlaRules', () => {
  it('seeds the shipped policies and calendars as version 1 exactly once, however many processes read at first', async () => {
    const store = new InMemoryEventStore();
    const [first] = await Promise.all([rulesOver(store).current(), rulesOver(store).current(), rulesOver(store).current()]);
    expect(first.policySet).toMatchObject({ version: 1, defaultCalendar: 'cn-mainland' });
    expect(first.calendars['cn-mainland']).toMatchObject({ version: 1, timezone: 'Asia/Shanghai' });
    expect((await store.readStream(POLICY_STREAM)).map((event) => event.type)).toEqual(['PolicySetPublished']);
    expect(await store.readStream('calendar-cn-mainland')).toHaveLength(1);
  });

  it('publishes the next version, assigned by the store, visible at once here and to others after their cache', async () => {
    const store = new InMemoryEventStore();
    const editor = rulesOver(store);
    const otherProcess = rulesOver(store, 0);
    await editor.current();
    const published = await editor.publishPolicySet({ ...shortBody, version: 99 }, admin);
    expect(published.version).toBe(2);
    expect((await editor.current()).policySet.policies[0].id).toBe('complaint-short');
    expect((await otherProcess.current()).policySet.version).toBe(2);
    const [, event] = await store.readStream(POLICY_STREAM);
    expect(event.metadata).toMatchObject({ actorId: 'admin', role: 'admin' });
  });

  it('refuses an edit of an older version (If-Match) and an invalid set naming the field, recording nothing', async () => {
    const store = new InMemoryEventStore();
    const rules = rulesOver(store);
    await expect(rules.publishPolicySet(shortBody, admin, 3)).rejects.toEqual(new SlaRulesVersionConflictError('policy set', 3, 1));
    const invalid = rules.publishPolicySet({ ...shortBody, defaultCalendar: 'mars' }, admin);
    await expect(invalid).rejects.toBeInstanceOf(SlaValidationError);
    await expect(invalid).rejects.toMatchObject({ issues: [{ field: 'defaultCalendar' }] });
    expect(await store.readStream(POLICY_STREAM)).toHaveLength(1);
  });

  it('serves every published version of a calendar, as clocks recorded it', async () => {
    const store = new InMemoryEventStore();
    const rules = rulesOver(store);
    const first = await rules.calendar('cn-mainland');
    await rules.publishCalendar('cn-mainland', { ...first, holidays: [...first.holidays, '2027-01-01'] }, admin);
    expect(await rules.calendarVersion('cn-mainland', 1)).toEqual(first);
    expect((await rules.calendarVersion('cn-mainland', 2)).holidays).toContain('2027-01-01');
    await expect(rules.calendarVersion('cn-mainland', 3)).rejects.toThrow('calendar cn-mainland has no version 3');
  });

  it('versions calendars per id, refuses a body naming another id, and imports .ics only into a known calendar', async () => {
    const store = new InMemoryEventStore();
    const rules = rulesOver(store);
    const current = await rules.calendar('cn-mainland');
    const edited = await rules.publishCalendar('cn-mainland', { ...current, holidays: [...current.holidays, '2027-01-01'] }, asRequest(head), 1);
    expect(edited).toMatchObject({ id: 'cn-mainland', version: 2 });
    expect((await rules.current()).calendars['cn-mainland'].holidays).toContain('2027-01-01');
    await expect(rules.publishCalendar('cn-mainland', { ...current, id: 'other' }, admin)).rejects.toMatchObject({ issues: [{ field: 'id' }] });
    await expect(rules.importIcs('nowhere', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', admin)).rejects.toBeInstanceOf(UnknownCalendarError);
    await expect(rules.calendar('nowhere')).rejects.toBeInstanceOf(UnknownCalendarError);
  });
});
