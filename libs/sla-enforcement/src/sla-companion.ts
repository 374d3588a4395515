import type { CommandCompanion, CompanionInput } from '@duban/command-handling';
import {
  CLOCK_EVENT_TYPES,
  escalationOnBreach,
  foldClocks,
  isOpen,
  onCaseEvent,
  SLA_ACTOR_ID,
  type CalendarSet,
  type CaseClockContext,
  type ClockEvent,
  type ClockStarted,
  type ClockState,
} from '@duban/sla';
import type { EscalationData, EventEnvelope, EventMeta } from '@duban/workflow';
import { clockContextOf, isCaseKind } from './case-kinds';
import type { SlaRulesSource } from './sla-rules';

const CREATION_EVENTS = new Set(['ComplaintRegistered', 'FindingRaised']);
const ESCALATION_EVENTS = new Set(['ComplaintEscalated', 'FindingEscalated']);

export function isClockEventType(type: string): boolean {
  return (CLOCK_EVENT_TYPES as readonly string[]).includes(type);
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

/** The clock events one case event calls for, given the case event types decided after it in the same command. */
function clockEventsFor(event: EventEnvelope, clocks: readonly ClockState[], context: CaseClockContext, laterTypes: readonly string[]): ClockEvent[] {
  if (ESCALATION_EVENTS.has(event.type)) {
    // The SLA's own escalations (automatic) bring the next level's clock with them.
    if ((event.data as unknown as EscalationData).automatic) return [];
    return clocksForManualEscalation(clocks, { occurredAt: event.data.occurredAt, actorId: SLA_ACTOR_ID }, context.calendars);
  }
  const events = onCaseEvent(event, clocks, context);
  if (!CREATION_EVENTS.has(event.type)) return events;
  // A clock its own command already stops is not owed at all: no reply clock for a complaint answered on the spot.
  return events.filter((clockEvent) => clockEvent.type !== 'ClockStarted' || !clockEvent.data.stopOn.some((type) => laterTypes.includes(type)));
}

/**
 * Records SLA clocks with the case events that move them, in the same append: registration and
 * raise start the policy's clocks, replies and closures stop them, reclassification recalculates,
 * plans set plan-dated clocks, manual escalations start the next level's target. Policies and
 * calendars are the current versions, recorded in each ClockStarted.
 */
export class SlaCompanion implements CommandCompanion {
  constructor(private readonly rules: SlaRulesSource) {}

  async decide({ kind, history, decided, state }: CompanionInput): Promise<ClockEvent[]> {
    const caseEvents = decided.filter((event) => !isClockEventType(event.type));
    if (!isCaseKind(kind) || caseEvents.length === 0) return [];
    const context = clockContextOf(kind, state, await this.rules.current());
    let clocks = foldClocks([...history, ...decided]);
    const added: ClockEvent[] = [];
    caseEvents.forEach((event, index) => {
      const laterTypes = caseEvents.slice(index + 1).map((later) => later.type);
      const events = clockEventsFor(event, clocks, context, laterTypes);
      clocks = foldClocks(events, clocks);
      added.push(...events);
    });
    return added;
  }
}
