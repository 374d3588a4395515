import policiesJson from '../../../config/sla/policies.default.json';
import { applyIcsToCalendar, clockEventsForCaseEvent, foldClocks, parsePolicySet, type Calendar } from '@duban/sla';
import { firingsOf, recordedCalendars } from './case-clocks';
import { cnMainland } from './testing/sla-test-kit';

/** Version 2 knows 2027: 元旦 1–4 January. */
const version2 = applyIcsToCalendar(
  cnMainland,
  ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270105', 'SUMMARY:元旦', 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
);

/** The shipped complaint policy's clocks for a complaint received 2026-12-29 10:00 in Shanghai, computed on version 1: reply due 2027-01-04 17:00. */
const receivedAt = '2026-12-29T02:00:00.000Z';
const registration = { type: 'ComplaintRegistered', schemaVersion: 1, data: { occurredAt: receivedAt, actorId: 'handler.one' } };
const context = {
  policySet: parsePolicySet(policiesJson, { calendarIds: [cnMainland.id] }),
  calendars: { [cnMainland.id]: cnMainland },
  caseFacts: { kind: 'complaint', type: 'complaint', category: 'attitude', channel: 'walk_in', priority: 'normal' },
  receivedAt,
};
const clocks = foldClocks(clockEventsForCaseEvent(registration, [], context, [])).filter((clock) => clock.clockId === 'reply');

describe('firings on the calendar version a clock recorded', () => {
  it('asks for each (calendar, version) once and fires the breach at the due time that version gave', async () => {
    const asked: string[] = [];
    const versions: Record<number, Calendar> = { 1: cnMainland, 2: version2 };
    const calendarOf = await recordedCalendars([...clocks, ...clocks], async (calendarId, version) => (asked.push(`${calendarId}@${version}`), versions[version]));
    expect(asked).toEqual(['cn-mainland@1']);
    expect(firingsOf('complaint-c1', clocks, calendarOf)).toEqual([
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'warning', threshold: 0.5, at: expect.any(String) },
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'warning', threshold: 0.8, at: expect.any(String) },
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'breach', threshold: 1, at: '2027-01-04T09:00:00.000Z' },
    ]);
    // Read on version 2 instead, the same due time would put the breach days early: why the version matters.
    expect(firingsOf('complaint-c1', clocks, () => version2).at(-1)!.at).not.toBe('2027-01-04T09:00:00.000Z');
  });
});
