import { FINDINGS } from '@duban/cases';
import { readAllPages, type EventStore } from '@duban/event-store';
import { decodeFindingRaised } from '@duban/workflow';

/** The findings whose FindingRaised names the employee responsible, oldest first. */
export async function findingIdsNaming(store: EventStore, staffId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of readAllPages(store, { filter: { streamPrefixes: [FINDINGS.streamPrefix], eventTypes: ['FindingRaised'] } })) {
    for (const event of page) {
      const raised = decodeFindingRaised(event);
      if (raised.staffId === staffId) ids.push(raised.findingId);
    }
  }
  return ids;
}
