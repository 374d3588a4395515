import type { StoredEvent } from '@duban/workflow';
import type { CaseFacts } from '../policy/policy';
import type { RecordedCase, RecordedCaseEvent } from '../simulation/back-test';

/** What one command recorded on the case; `caseFacts` when it changed them (a reclassification). */
export type RecordedCommand = { events: readonly StoredEvent[]; caseFacts?: CaseFacts };

/** A recorded case history, command by command, carrying the facts forward. */
export function recordedCase(
  identity: { kind: string; caseId: string; unitId: string; receivedAt: string; caseFacts: CaseFacts },
  commands: readonly RecordedCommand[],
): RecordedCase {
  let caseFacts = identity.caseFacts;
  const events: RecordedCaseEvent[] = commands.flatMap((command, index) => {
    caseFacts = command.caseFacts ?? caseFacts;
    const facts = { caseFacts, receivedAt: identity.receivedAt };
    return command.events.map((event) => ({ event, facts, command: `command-${index}` }));
  });
  return { kind: identity.kind, caseId: identity.caseId, unitId: identity.unitId, receivedAt: identity.receivedAt, events };
}
