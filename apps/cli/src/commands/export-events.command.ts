import { readAllPages, type EventStore } from '@duban/event-store';
import { shareOf, type ProgressOutput } from '../progress';

/**
 * The whole store as JSON Lines on stdout, oldest first: one event per line with its stream,
 * revision, global position, data, metadata and hash-chain fields, for archiving or an
 * auditor's own tooling. Positions and revisions are strings (they may exceed 2^53).
 */
export async function exportEvents(store: EventStore, stdout: { write(text: string): unknown }, progress: ProgressOutput): Promise<number> {
  const head = await store.headPosition();
  let exported = 0;
  for await (const page of readAllPages(store)) {
    for (const event of page) {
      stdout.write(
        `${JSON.stringify({
          id: event.id,
          stream: event.stream,
          revision: event.revision.toString(),
          position: event.position.toString(),
          type: event.type,
          createdAt: event.createdAt.toISOString(),
          data: event.data,
          metadata: event.metadata,
          integrity: event.integrity ?? null,
        })}\n`,
      );
    }
    exported += page.length;
    progress.update(`exporting: position ${shareOf(page.at(-1)!.position, head)}, ${exported} events`);
  }
  progress.done(`exported ${exported} events`);
  return 0;
}
