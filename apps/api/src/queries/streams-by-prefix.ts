import { readAllPages, type EventStore, type RecordedEvent } from '@duban/event-store';

/**
 * Every stream of one kind (`violation-`, …), each its events in order: for the kinds few enough
 * (hundreds a year) to be folded at each request rather than kept in a read model.
 */
export async function streamsByPrefix(store: EventStore, streamPrefix: string): Promise<Map<string, RecordedEvent[]>> {
  const byStream = new Map<string, RecordedEvent[]>();
  for await (const page of readAllPages(store, { filter: { streamPrefixes: [streamPrefix] } })) {
    for (const event of page) {
      const history = byStream.get(event.stream);
      if (history === undefined) byStream.set(event.stream, [event]);
      else history.push(event);
    }
  }
  return byStream;
}
