import type { EventFilter } from '../port/event-store.port';

/** Both criteria must hold when both are given; within one criterion any entry may match. */
export function matchesFilter(event: { stream: string; type: string }, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  const { streamPrefixes, eventTypes } = filter;
  if (streamPrefixes && !streamPrefixes.some((prefix) => event.stream.startsWith(prefix))) return false;
  if (eventTypes && !eventTypes.includes(event.type)) return false;
  return true;
}
