import { StreamNotFoundError, type EventStore, type GlobalPosition, type ReadStreamOptions, type RecordedEvent } from '@duban/event-store';

const PAGE_SIZE = 1_000;

/** The global log from `from` on, a page at a time, so a whole store never sits in memory. */
export async function* logPages(store: EventStore, from: GlobalPosition | 'start'): AsyncGenerator<RecordedEvent[]> {
  let fromPosition = from;
  for (;;) {
    const page = await store.readAll({ fromPosition, maxCount: PAGE_SIZE });
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    fromPosition = page[page.length - 1].position + 1n;
  }
}

export function readStreamOrEmpty(store: EventStore, stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
  return store.readStream(stream, options).catch((error: unknown) => (error instanceof StreamNotFoundError ? [] : Promise.reject(error)));
}
