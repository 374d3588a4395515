import { metadataOf } from '@duban/cases';
import { toStoredEvent } from '@duban/workflow';
import type { RecordedEvent } from '@duban/event-store';
import { type RecordedCase, type RecordedCaseEvent, type CaseKind } from '@duban/sla';
import { CASE_AGGREGATES, factsOf } from './case-kinds';

/**
 * A case stream as the back-test reads it: each event with the case's facts after it, folded by the
 * case's own decider, and the command that recorded it (events of one append share a causation id).
 */
export function recordedCaseOf(kind: CaseKind, caseId: string, stream: readonly RecordedEvent[]): RecordedCase {
  const { decider } = CASE_AGGREGATES[kind];
  let state = decider.initialState();
  const events: RecordedCaseEvent[] = stream.map((recorded) => {
    const event = toStoredEvent(recorded);
    state = decider.evolve(state, event);
    const command = String(metadataOf(recorded).causationId ?? recorded.id);
    return { event, facts: factsOf(kind, state), command };
  });
  const { unitId } = state.context as { unitId: string };
  return { kind, caseId, unitId, receivedAt: factsOf(kind, state).receivedAt, events };
}
