import type { RecordedEvent } from '@duban/event-store';

/**
 * When the event happened: the decision's `now` as its metadata (or, for older events, its data)
 * records it; the store's own creation time only for events written without either.
 */
export function occurredAtOf(event: RecordedEvent): string {
  const occurredAt = event.metadata.occurredAt ?? event.data.occurredAt;
  return typeof occurredAt === 'string' ? occurredAt : event.createdAt.toISOString();
}
