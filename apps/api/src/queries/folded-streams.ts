import { readAllPages, type EventStore, type GlobalPosition, type RecordedEvent } from '@duban/event-store';
import { toStoredEvent, type StoredEvent } from '@duban/workflow';

/** A stream's state as its fold left it and what a reader is shown of it, derived once per change. */
type Folded<TState, TItem> = { state: TState; item: TItem | undefined };

/**
 * Every stream of one kind (`inspection-`, `violation-`) folded and kept in memory by the position
 * of the log it has read up to: each read folds only what was recorded since, on from each
 * stream's previous state, instead of reading and folding the kind's whole history (a scan of the
 * whole log, whose other kinds are the million events of a large branch's year). Memory only: a GET
 * still writes nothing, and a restart folds everything again at its first read.
 *
 * Reads are queued one after another, and each reads up to the head as it was when it started, so
 * a read sees every event recorded before it began (a client reads its own writes).
 */
export class FoldedStreams<TState, TItem> {
  private readonly folded = new Map<string, Folded<TState, TItem>>();
  private after: GlobalPosition | undefined;
  private latest: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly streamPrefix: string,
    private readonly fold: (events: readonly StoredEvent[], from?: TState) => TState,
    /** What a reader is shown of a state; undefined leaves the stream out (not created yet). */
    private readonly itemOf: (state: TState) => TItem | undefined,
  ) {}

  /** Every stream's item as of now. */
  async items(): Promise<TItem[]> {
    const caughtUp = this.latest.then(() => this.catchUp());
    // A failed catch-up fails its own readers; the next read tries again from where the last one stopped.
    this.latest = caughtUp.catch(() => undefined);
    await caughtUp;
    const items: TItem[] = [];
    for (const { item } of this.folded.values()) if (item !== undefined) items.push(item);
    return items;
  }

  private async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    if (this.after !== undefined && head <= this.after) return;
    for await (const page of readAllPages(this.store, { after: this.after, filter: { streamPrefixes: [this.streamPrefix] } })) {
      for (const [stream, events] of byStream(page)) {
        const state = this.fold(events.map(toStoredEvent), this.folded.get(stream)?.state);
        this.folded.set(stream, { state, item: this.itemOf(state) });
      }
      this.after = page.at(-1)!.position;
    }
    // Nothing of the kind up to the head remains unread: the next read starts there, not at the kind's last event.
    if (this.after === undefined || this.after < head) this.after = head;
  }
}

function byStream(page: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of page) {
    const events = streams.get(event.stream);
    if (events === undefined) streams.set(event.stream, [event]);
    else events.push(event);
  }
  return streams;
}
