import { applyIcsToCalendar, foldClocks, type Calendar } from '@duban/sla';
import { firingsOf, recordedCalendars } from './case-clocks';
import { cnMainland } from './testing/sla-test-kit';

/** Version 2 knows 2027: 元旦 1–4 January. */
const version2 = applyIcsToCalendar(
  cnMainland,
  ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20270105', 'SUMMARY:元旦', 'END:VEVENT', 'END:VCALENDAR'].join('\n'),
);

/** A reply clock of 3 working days received 2026-12-29 10:00 in Shanghai, computed on version 1: due 2027-01-04 17:00. */
const clocks = foldClocks([
  {
    type: 'ClockStarted',
    schemaVersion: 1,
    data: {
      clockId: 'reply',
      target: 'reply',
      level: 0,
      startedAt: '2026-12-29T02:00:00.000Z',
      dueAt: '2027-01-04T09:00:00.000Z',
      basis: 'working_days',
      duration: 'P3D',
      dueFrom: null,
      calendarId: 'cn-mainland',
      calendarVersion: 1,
      policyId: 'complaint',
      policyVersion: 1,
      warnAt: [],
      escalation: null,
      extensions: [],
      stopOn: [],
      occurredAt: '2026-12-29T02:00:00.000Z',
      actorId: 'system',
    },
  },
]);

describe('firings on the calendar version a clock recorded', () => {
  it('asks for each (calendar, version) once and fires the breach at the due time that version gave', async () => {
    const asked: string[] = [];
    const versions: Record<number, Calendar> = { 1: cnMainland, 2: version2 };
    const calendarOf = await recordedCalendars([...clocks, ...clocks], async (calendarId, version) => (asked.push(`${calendarId}@${version}`), versions[version]));
    expect(asked).toEqual(['cn-mainland@1']);
    expect(firingsOf('complaint-c1', clocks, calendarOf)).toEqual([
      { stream: 'complaint-c1', clockId: 'reply', version: 1, kind: 'breach', threshold: 1, at: '2027-01-04T09:00:00.000Z' },
    ]);
    // Read on version 2 instead, the same due time would put the breach days early: why the version matters.
    expect(firingsOf('complaint-c1', clocks, () => version2)[0].at).not.toBe('2027-01-04T09:00:00.000Z');
  });
});
