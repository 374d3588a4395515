import { decodeEscalated, type EventMeta, type StoredEvent } from '@duban/workflow';
import type { CalendarSet } from '../calendar/calendar';
import type { ClockEvent, ClockStarted } from './clock.events';
import { escalationOnBreach, onCaseEvent, SLA_ACTOR_ID, type CaseClockContext } from './clock.deciders';
import { isOpen, type ClockState } from './clock.fold';

const CREATION_EVENTS = new Set(['ComplaintRegistered', 'FindingRaised']);
// A referral straight to head office is a manual escalation too: head office gets its own target.
const ESCALATION_EVENTS = new Set(['ComplaintEscalated', 'ComplaintReferred', 'FindingEscalated']);

export function isEscalationEventType(type: string): boolean {
  return ESCALATION_EVENTS.has(type);
}

/** An escalation the SLA made on a breach (it brings the next level's clock with it), not one a person confirmed. */
export function isAutomaticEscalation(event: StoredEvent): boolean {
  return isEscalationEventType(event.type) && decodeEscalated(event).automatic;
}

/**
 * A manual escalation gives the new level its own target on every ladder the case runs (the
 * policy's `perLevel`, counted from now), just as a breach would: the ladder's next step is taken
 * as if its top open clock had breached now. The lower level's clock keeps running; since the next
 * level's clock now exists, its later breach does not escalate a second time.
 */
function clocksForManualEscalation(clocks: readonly ClockState[], meta: EventMeta, calendars: CalendarSet): ClockStarted[] {
  const topOfLadder = new Map<string, ClockState>();
  for (const clock of clocks) {
    if (!isOpen(clock) || clock.escalation === null) continue;
    const top = topOfLadder.get(clock.target);
    if (top === undefined || clock.level > top.level) topOfLadder.set(clock.target, clock);
  }
  return [...topOfLadder.values()].flatMap((top) => {
    const asIfBreached = clocks.map((clock) => (clock === top ? { ...clock, breachedAt: meta.occurredAt } : clock));
    const next = escalationOnBreach(asIfBreached, top.clockId, { atHeadOffice: false }, meta, calendars);
    return next === null ? [] : [next.clockStarted];
  });
}

/**
 * The clock events one case event calls for, given the case event types recorded after it by the
 * same command: onCaseEvent, plus the next level's clocks on a manual escalation. Automatic
 * escalations call for nothing here (their breach brings the next clock). A clock its own command
 * already stops is not owed at all: no reply clock for a complaint answered on the spot.
 */
export function clockEventsForCaseEvent(event: StoredEvent, clocks: readonly ClockState[], context: CaseClockContext, laterTypes: readonly string[]): ClockEvent[] {
  if (isEscalationEventType(event.type)) {
    if (isAutomaticEscalation(event)) return [];
    const { occurredAt } = decodeEscalated(event);
    return clocksForManualEscalation(clocks, { occurredAt, actorId: SLA_ACTOR_ID }, context.calendars);
  }
  const events = onCaseEvent(event, clocks, context);
  if (!CREATION_EVENTS.has(event.type)) return events;
  return events.filter((clockEvent) => clockEvent.type !== 'ClockStarted' || !clockEvent.data.stopOn.some((type) => laterTypes.includes(type)));
}
