import type { EventStore } from '@duban/event-store';
import { noteEvent } from './sample-events';

/** Streams of this many note events in the append benchmarks. */
export const EVENTS_PER_STREAM = 10;
/** Appenders at once in the concurrent rows: the API's requests in flight, the worker's escalations. */
export const CONCURRENT_APPENDERS = 16;

/** Where the index-th event of a run of appends goes: its stream (of EVENTS_PER_STREAM events) and revision. */
export function placeOf(prefix: string, index: number): { stream: string; revision: number } {
  return { stream: `${prefix}-${Math.floor(index / EVENTS_PER_STREAM)}`, revision: index % EVENTS_PER_STREAM };
}

/** `count` appends of one note event each, one after the other, each with its stream's exact expected revision. */
export async function appendOneByOne(store: EventStore, prefix: string, count: number): Promise<number> {
  for (let index = 0; index < count; index++) {
    const { stream, revision } = placeOf(prefix, index);
    await store.appendToStream(stream, [noteEvent()], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) });
  }
  return count;
}

/** The same from CONCURRENT_APPENDERS appenders at once, each on streams of its own; `count` events in all. */
export async function appendConcurrently(store: EventStore, prefix: string, count: number): Promise<number> {
  const perAppender = count / CONCURRENT_APPENDERS;
  await Promise.all(Array.from({ length: CONCURRENT_APPENDERS }, (_, appender) => appendOneByOne(store, `${prefix}-${appender}`, perAppender)));
  return perAppender * CONCURRENT_APPENDERS;
}
