import { readAllPages, type EventStore, type GlobalPosition } from '@duban/event-store';
import type { CaseProjection } from './case-projection';

export type RebuildProgress = { position: GlobalPosition; headPosition: GlobalPosition; events: number };

/** Larger than the runner's pages: fewer commits, each rewriting fewer of the same table pages. */
const PAGE_SIZE = 2_000;

/**
 * Replays the whole global log into an emptied projection, reporting progress after each page.
 * Run it while no runner feeds the same file (a CLI, or before the API starts): the runner keeps
 * its position in memory.
 */
export async function rebuildCaseProjection(
  store: EventStore,
  projection: CaseProjection,
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildProgress> {
  projection.reset();
  const headPosition = await store.headPosition();
  let progress: RebuildProgress = { position: 0n, headPosition, events: 0 };
  for await (const page of readAllPages(store, { pageSize: PAGE_SIZE, lean: true })) {
    await projection.applyPage(page);
    progress = { position: page.at(-1)!.position, headPosition, events: progress.events + page.length };
    onProgress(progress);
  }
  return progress;
}
