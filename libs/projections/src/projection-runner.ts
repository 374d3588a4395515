import { readAllPages, SqliteEventStore, type EventStore, type GlobalPosition, type RecordedEvent, type Subscription } from '@duban/event-store';
import type { CaseProjection } from './case-projection';
import { ReachedPosition } from './reached-position';
import type { ReadModelPosition } from './read-model-position';
import { ProjectionThread, type ProjectionThreadSettings } from './projection-thread-host';

/** Events applied in one transaction at the most; a catch-up reaches this many before it writes. */
const PAGE_SIZE = 500;
/** The lag is counted in events up to this many: a scrape reads no more of the log than that. */
const LAG_COUNT_LIMIT = 10_000;
/** Wait before applying again events whose page failed outside the subscription's own retries. */
const RETRY_MS = 1_000;

export interface ProjectionRunnerOptions {
  /** Told about every failure before the subscription resumes; defaults to console.warn. */
  readonly onDropped?: (error: unknown, retryInMs: number) => void;
  /**
   * Fold and write on a thread of its own over these SQLite files (ProjectionThread) instead of on
   * this event loop; this runner then follows the thread's progress. `projection` is only read.
   */
  readonly thread?: ProjectionThreadSettings;
  /** Told about a stream the thread could not fold; defaults to console.error. */
  readonly onCorruptStream?: (stream: string, error: string) => void;
}

/**
 * Keeps the case projection up to date in this process: a catch-up subscription over the global
 * log from the checkpoint stored with the rows (not the event store's checkpoint store, so that
 * deleting the read-model file starts a replay instead of skipping history), then live.
 *
 * Delivered events are buffered and applied as pages (CaseProjection.applyPage: one fold per
 * stream and one transaction with the checkpoint per page): a page is written once it is full, or
 * as soon as the subscription has nothing more to hand over at once (the next macrotask), so a
 * lone live event waits no longer than before. A page that fails keeps its events buffered and is
 * tried again; the checkpoint stored with the rows keeps each event applied once. With the
 * `thread` option all of this happens on the projection thread, and this runner only counts.
 */
export class ProjectionRunner implements ReadModelPosition {
  private subscription: Subscription | undefined;
  private thread: ProjectionThread | undefined;
  private stopNudging: (() => void) | undefined;
  private readonly reached = new ReachedPosition();
  private pending: RecordedEvent[] = [];
  /** The newest event buffered: a subscription retrying after a failed page hands it over again. */
  private received: GlobalPosition = 0n;
  /** Pages are written one after the other. */
  private writing: Promise<void> = Promise.resolve();
  /** A write of the buffered events planned for later: the next macrotask, or a retry. */
  private scheduled: { cancel(): void } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly projection: CaseProjection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  start(): void {
    if (this.subscription || this.thread) return;
    const checkpoint = this.projection.position();
    this.reached.advance(checkpoint ?? 0n);
    this.received = this.reached.current();
    if (this.options.thread) {
      this.thread = new ProjectionThread(this.options.thread, {
        applied: (position) => this.reached.advance(position),
        dropped: (error, retryInMs) => this.dropped(error, retryInMs),
        corruptStream: this.options.onCorruptStream ?? ((stream, error) => console.error(`Case stream ${stream} does not fold: ${error}`)),
      });
      this.thread.start();
      const thread = this.thread;
      // This process's appends reach the thread at once; other processes' at its next poll.
      if (this.store instanceof SqliteEventStore) this.stopNudging = this.store.onAppended(() => thread.nudge());
      return;
    }
    this.subscription = this.store.subscribeToAll({ afterPosition: checkpoint ?? 'start', onDropped: this.options.onDropped }, (event) => this.receive(event));
  }

  async stop(): Promise<void> {
    this.stopNudging?.();
    this.stopNudging = undefined;
    await this.thread?.stop();
    this.thread = undefined;
    await this.subscription?.stop();
    this.subscription = undefined;
    this.scheduled?.cancel();
    this.scheduled = undefined;
    await this.writing;
    // What was delivered but not written is read again from the stored checkpoint at the next start.
    this.pending = [];
  }

  /** The last global position the read models include. */
  position(): GlobalPosition {
    return this.reached.current();
  }

  /**
   * How far the read models are behind the store's head, in events (at most LAG_COUNT_LIMIT): not
   * a difference of positions, which EventStoreDB packs so that neighbouring events stand ~10^21 apart.
   */
  async lag(): Promise<{ position: GlobalPosition; headPosition: GlobalPosition; lag: bigint }> {
    const position = this.reached.current();
    const headPosition = await this.store.headPosition();
    let lag = 0;
    if (headPosition > position) {
      for await (const page of readAllPages(this.store, { after: position === 0n ? undefined : position, pageSize: LAG_COUNT_LIMIT })) {
        lag += page.filter((event) => event.position <= headPosition).length;
        if (lag >= LAG_COUNT_LIMIT || page.at(-1)!.position >= headPosition) break;
      }
    }
    return { position, headPosition, lag: BigInt(Math.min(lag, LAG_COUNT_LIMIT)) };
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    return this.reached.waitFor(position, timeoutMs);
  }

  private async receive(event: RecordedEvent): Promise<void> {
    if (event.position > this.received) {
      this.pending.push(event);
      this.received = event.position;
    }
    // A full page is written before the next event is taken; its failure goes to the subscription,
    // which hands the same event over again after its back-off, and so tries the page again.
    if (this.pending.length >= PAGE_SIZE) await this.flush();
    else if (!this.scheduled) {
      const immediate = setImmediate(() => this.flushLater());
      this.scheduled = { cancel: () => clearImmediate(immediate) };
    }
  }

  private flushLater(): void {
    this.scheduled = undefined;
    this.flush().catch((error: unknown) => {
      this.dropped(error, RETRY_MS);
      if (this.scheduled || !this.subscription) return;
      const timer = setTimeout(() => this.flushLater(), RETRY_MS);
      this.scheduled = { cancel: () => clearTimeout(timer) };
    });
  }

  private flush(): Promise<void> {
    const written = this.writing.then(async () => {
      const page = this.pending;
      if (page.length === 0) return;
      this.pending = [];
      try {
        await this.projection.applyPage(page);
      } catch (error) {
        this.pending = [...page, ...this.pending];
        throw error;
      }
      this.reached.advance(page.at(-1)!.position);
    });
    this.writing = written.catch(() => undefined);
    return written;
  }

  private dropped(error: unknown, retryInMs: number): void {
    (this.options.onDropped ?? ((cause, inMs) => console.warn(`Projection page failed, retrying in ${inMs} ms:`, cause)))(error, retryInMs);
  }
}
