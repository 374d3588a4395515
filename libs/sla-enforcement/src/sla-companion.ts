import { type CommandCompanion, type CompanionInput } from '@duban/cases';
import { CLOCK_EVENT_TYPES, clockEventsForCaseEvent, foldClocks, type ClockEvent, isCaseKind } from '@duban/sla';
import { clockContextOf } from './case-kinds';
import type { SlaRulesSource } from './sla-rules';

export function isClockEventType(type: string): boolean {
  return (CLOCK_EVENT_TYPES as readonly string[]).includes(type);
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
      const events = clockEventsForCaseEvent(event, clocks, context, laterTypes);
      clocks = foldClocks(events, clocks);
      added.push(...events);
    });
    return added;
  }
}
