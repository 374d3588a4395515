import type { PolicySet } from '../policy/policy';
import { horizonDayOf, type CalendarSet } from './calendar';
import { localDayAt } from './zone';

/** How far ahead a calendar in use is known. */
export type CalendarHorizon = { calendarId: string; version: number; horizon: string | null; daysLeft: number | null };

/** A calendar whose horizon is this close is due for the next year's notice (health degrades). */
export const HORIZON_WARNING_DAYS = 60;

/**
 * The calendars the policies count on (the default and any a clock names), each with its horizon
 * and the local days left until it (negative once past; null for a calendar without a horizon).
 */
export function calendarHorizons(policySet: PolicySet, calendars: CalendarSet, now: Date): CalendarHorizon[] {
  const inUse = new Set([
    policySet.defaultCalendar,
    ...policySet.policies.flatMap((policy) => policy.clocks.flatMap((clock) => (clock.calendar === undefined ? [] : [clock.calendar]))),
  ]);
  return [...inUse].sort().flatMap((calendarId) => {
    const calendar = calendars[calendarId];
    if (calendar === undefined) return [];
    const horizonDay = horizonDayOf(calendar);
    const daysLeft = horizonDay === Infinity ? null : horizonDay - localDayAt(calendar.timezone, now.getTime());
    return [{ calendarId, version: calendar.version, horizon: calendar.horizon ?? null, daysLeft }];
  });
}
