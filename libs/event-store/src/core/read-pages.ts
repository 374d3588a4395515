import type { EventStore } from '../port/event-store';
import type { EventFilter, GlobalPosition, LeanEvent, ReadStreamOptions, RecordedEvent } from '../port/event-store.port';
import { StreamNotFoundError } from '../port/event-store.errors';

const DEFAULT_PAGE_SIZE = 1_000;

interface PageOptions {
  after?: GlobalPosition;
  pageSize?: number;
  filter?: EventFilter;
}

/**
 * The global log after `after` (from the start without it), a page at a time, so a whole store
 * never sits in memory; with `lean: true`, pages of LeanEvents (what a projection folds). Each page
 * is read from the last position already seen, inclusive, and that event is dropped: EventStoreDB
 * only accepts positions that exist, so "last + 1" is not one to ask for.
 */
export function readAllPages(store: EventStore, options?: PageOptions & { lean?: false }): AsyncGenerator<RecordedEvent[]>;
export function readAllPages(store: EventStore, options: PageOptions & { lean: true }): AsyncGenerator<LeanEvent[]>;
export async function* readAllPages(store: EventStore, options: PageOptions & { lean?: boolean } = {}): AsyncGenerator<LeanEvent[]> {
  let after = options.after;
  for (;;) {
    const selection = { fromPosition: after ?? 'start', maxCount: options.pageSize ?? DEFAULT_PAGE_SIZE, filter: options.filter } as const;
    const read = options.lean ? await store.readAll({ ...selection, lean: true }) : await store.readAll(selection);
    const page = after === undefined ? read : read.filter((event) => event.position > after!);
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)!.position;
  }
}

/** A stream's events, or none when the stream does not exist. */
export function readStreamOrEmpty(store: EventStore, stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
  return store.readStream(stream, options).catch((error: unknown) => {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  });
}
