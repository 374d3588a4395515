import type { RecordedEvent, StreamRevision } from '../../port/event-store.port';

export interface StreamHead {
  revision: StreamRevision;
  hash: string | null;
}

/**
 * The last head this process wrote or read of recently used streams: a guess, never trusted. The
 * one-round-trip append chains onto it and the server refuses the append if the stored head differs.
 * Bounded: the least recently used stream is forgotten first.
 */
export class KnownStreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(stream: string): StreamHead | undefined {
    const head = this.heads.get(stream);
    if (head) this.remember(stream, head);
    return head;
  }

  /** The furthest of `events` (all of one stream) if it is further on than the head known. */
  sawEvents(events: readonly RecordedEvent[]): void {
    const last = events.reduce<RecordedEvent | undefined>((furthest, event) => (furthest && furthest.revision >= event.revision ? furthest : event), undefined);
    if (!last) return;
    const known = this.heads.get(last.stream);
    if (!known || known.revision < last.revision) this.remember(last.stream, { revision: last.revision, hash: last.integrity?.hash ?? null });
  }

  private remember(stream: string, head: StreamHead): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }
}
