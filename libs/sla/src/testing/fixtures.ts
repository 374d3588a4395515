import cnMainlandJson from '../../../../config/sla/calendars/cn-mainland-2026.json';
import policiesJson from '../../../../config/sla/policies.default.json';
import { parseCalendar, type Calendar, type CalendarSet } from '../calendar/calendar';
import { parsePolicySet } from '../policy/policy';

/** The shipped demo calendar: 2026 mainland China holidays and 调休, 09:00–12:00 and 13:00–17:00. */
export const cnMainland: Calendar = parseCalendar(cnMainlandJson);
export const calendars: CalendarSet = { [cnMainland.id]: cnMainland };
export const defaultPolicies = parsePolicySet(policiesJson, { calendarIds: Object.keys(calendars) });

/** An instant given as Shanghai wall-clock time, "YYYY-MM-DD HH:MM[:SS]". */
export function shanghai(local: string): Date {
  return new Date(`${local.replace(' ', 'T')}${local.length === 16 ? ':00' : ''}+08:00`);
}

/** ISO string of a Shanghai wall-clock time, as events carry it. */
export function shanghaiIso(local: string): string {
  return shanghai(local).toISOString();
}
