import { decodeEventData } from '@duban/domain-errors';
import type { Calendar } from '../calendar/calendar';
import type { PolicySet } from '../policy/policy';

/** Names and decoders of the events that publish SLA rules (EventSourcedSlaRules writes them): shared by it and the read models. */
export const POLICY_STREAM = 'sla_policies';
export const CALENDAR_STREAM_PREFIX = 'calendar-';
export const POLICY_SET_PUBLISHED = 'PolicySetPublished';
export const CALENDAR_PUBLISHED = 'CalendarPublished';

export const calendarStream = (calendarId: string): string => `${CALENDAR_STREAM_PREFIX}${calendarId}`;

export type PolicySetPublishedData = { version: number; policySet: PolicySet };
export type CalendarPublishedData = { version: number; calendar: Calendar };

/** A PolicySetPublished as stored; throws MalformedEventError on another type or a data shape this build cannot read. */
export function decodePolicySetPublished(event: { readonly type: string; readonly data: unknown }): PolicySetPublishedData {
  return decodeEventData(event, [POLICY_SET_PUBLISHED], { version: 'number', policySet: 'object', 'policySet.version': 'number' });
}

/** A CalendarPublished as stored; throws MalformedEventError on another type or a data shape this build cannot read. */
export function decodeCalendarPublished(event: { readonly type: string; readonly data: unknown }): CalendarPublishedData {
  return decodeEventData(event, [CALENDAR_PUBLISHED], { version: 'number', calendar: 'object', 'calendar.id': 'string', 'calendar.version': 'number' });
}
