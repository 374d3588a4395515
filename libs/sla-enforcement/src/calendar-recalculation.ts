import { randomUUID } from 'node:crypto';
import { derivedId } from '@duban/command-handling';
import type { CaseCommandHandler } from '@duban/cases';
import { caseOfStream, foldClocks, recalculateOnCalendar, SLA_ACTOR_ID, type Calendar, type CaseKind } from '@duban/sla';
import { toStoredEvent } from '@duban/workflow';
import { CASE_AGGREGATES } from './case-kinds';
import type { OpenClockIndex } from './open-clock-index';

/** A case whose clocks were recounted on a new calendar version. */
export type RecalculatedCase = { kind: CaseKind; caseId: string; clockIds: string[] };

/**
 * Brings every open clock counting on a calendar onto a newly published version of it: one
 * `ClockRecalculated` per clock (old and new due time) in one append per case, as the system, with
 * the loaded revision. Event ids derive from (stream, calendar version, clocks), so a repeat after
 * a crash or by another process writes nothing twice; a clock already on the version is skipped.
 */
export class CalendarRecalculation {
  constructor(
    private readonly commands: CaseCommandHandler,
    private readonly openClocks: OpenClockIndex,
  ) {}

  async recalculate(calendar: Calendar): Promise<RecalculatedCase[]> {
    const recalculated: RecalculatedCase[] = [];
    for (const stream of await this.openClocks.streamsBehindCalendar(calendar.id, calendar.version)) {
      const target = caseOfStream(stream);
      if (target === undefined) continue;
      let clockIds: string[] = [];
      const id = randomUUID();
      const outcome = await this.commands.executeDecision(
        CASE_AGGREGATES[target.kind],
        target.caseId,
        (current, context) => {
          if (!current.exists) return [];
          const events = recalculateOnCalendar(foldClocks(current.history.map(toStoredEvent)), calendar, { occurredAt: context.now, actorId: SLA_ACTOR_ID });
          clockIds = events.map((event) => event.data.clockId);
          return events;
        },
        { actor: { id: SLA_ACTOR_ID, role: 'system', unitId: '' }, correlationId: id, causationId: id },
        { eventIds: (index) => derivedId(`calendar-recalculation\n${stream}\n${calendar.id}@${calendar.version}\n${clockIds.join('\n')}\n${index}`) },
      );
      if (!outcome.replayed && outcome.recorded.length > 0) recalculated.push({ ...target, clockIds });
    }
    return recalculated;
  }
}
