import { toStoredEvent } from '@duban/workflow';
import type { EventStore, GlobalPosition, JsonValue, ProjectionStateStore } from '@duban/event-store';
import { CLOCK_EVENT_TYPES, evolveClocks, isOpen, type ClockState, CASE_STREAM_PREFIXES } from '@duban/sla';

import { firingsOf, recordedCalendars, type ClockFiring } from './case-clocks';
import type { SlaRulesSource } from './sla-rules';

export interface OpenClockIndexOptions {
  /** Told once about a case stream whose clock events do not fold (it is left out from then on); defaults to console.error. */
  readonly onCorruptStream?: (stream: string, error: unknown) => void;
  /**
   * Where the index is kept between starts (the event store's side tables): loaded on the first call,
   * then saved after every catch-up that changed it. Without one the first call reads every clock event.
   */
  readonly state?: ProjectionStateStore;
}

/** The name the index is saved under; a new layout of its documents takes a new name (and rebuilds). */
export const OPEN_CLOCKS_PROJECTION = 'open-clocks/1';

/** One saved document per case stream with open clocks, or whose clocks do not fold. */
type StreamDocument = { open: ClockState[] } | { corrupt: true };

/**
 * Every open clock in the store, for the worker's sweeper and reconcile-on-start: the first call
 * loads the saved index and reads the clock events appended after its position (all of them when
 * nothing is saved), later calls only what was appended since. Only open clocks are kept, so
 * memory and the saved index follow the open cases, not the history.
 * Framework-free; the store is the deadline of record, so this survives losing every queued job.
 */
export class OpenClockIndex {
  private readonly openByStream = new Map<string, ClockState[]>();
  /**
   * Each stream's earliest pending firing (epoch ms, Infinity for none) as last computed: pending
   * firings follow from the clocks and the calendar versions they recorded (which never change)
   * alone, so a stream whose earliest firing lies beyond the horizon is skipped without computing
   * its firings. The worker asks at every due instant, so this is what keeps a call cheap with many
   * open cases. Dropped when the stream's clocks change.
   */
  private readonly earliestByStream = new Map<string, number>();
  private readonly corrupt = new Set<string>();
  private lastSeen: GlobalPosition | undefined;
  private loaded = false;
  /** Streams changed since the last save. */
  private readonly unsaved = new Set<string>();
  private catchingUp: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly rules: SlaRulesSource,
    private readonly options: OpenClockIndexOptions = {},
  ) {}

  /** Firings of open clocks due at or before `now + horizonMs` (those before `now` are overdue: enforce them), earliest first. */
  async findDueOrUpcoming(now: Date, horizonMs: number): Promise<ClockFiring[]> {
    await this.caughtUp();
    const until = now.getTime() + horizonMs;
    const candidates = [...this.openByStream].filter(([stream]) => (this.earliestByStream.get(stream) ?? -Infinity) <= until);
    const calendarOf = await recordedCalendars(
      candidates.flatMap(([, clocks]) => clocks),
      (calendarId, version) => this.rules.calendarVersion(calendarId, version),
    );
    const found: ClockFiring[] = [];
    for (const [stream, clocks] of candidates) {
      const firings = firingsOf(stream, clocks, calendarOf);
      this.earliestByStream.set(stream, firings.length === 0 ? Infinity : Date.parse(firings[0].at));
      found.push(...firings.filter((firing) => Date.parse(firing.at) <= until));
    }
    return found.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Case streams with an open, unbreached clock on an older version of a calendar than `version`, as the store holds them now: the ones a new version recounts. */
  async streamsBehindCalendar(calendarId: string, version: number): Promise<string[]> {
    await this.caughtUp();
    const behind = (clock: ClockState): boolean => clock.calendarId === calendarId && clock.calendarVersion < version && clock.breachedAt === null;
    return [...this.openByStream].filter(([, clocks]) => clocks.some(behind)).map(([stream]) => stream);
  }

  /** One catch-up at a time: two would fold the same events twice. */
  private async caughtUp(): Promise<void> {
    this.catchingUp = this.catchingUp.then(() => this.catchUp());
    await this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    if (!this.loaded) await this.load();
    const events = await this.store.readAll({
      // Inclusive, and from a position that exists (EventStoreDB refuses invented ones): the last one seen is read again and skipped.
      fromPosition: this.lastSeen ?? 'start',
      filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: [...CLOCK_EVENT_TYPES] },
    });
    for (const event of events) {
      if ((this.lastSeen !== undefined && event.position <= this.lastSeen) || this.corrupt.has(event.stream)) continue;
      this.earliestByStream.delete(event.stream);
      this.unsaved.add(event.stream);
      try {
        const open = evolveClocks(this.openByStream.get(event.stream) ?? [], toStoredEvent(event)).filter(isOpen);
        if (open.length === 0) this.openByStream.delete(event.stream);
        else this.openByStream.set(event.stream, open);
      } catch (error) {
        this.corrupt.add(event.stream);
        this.openByStream.delete(event.stream);
        (this.options.onCorruptStream ?? ((stream, cause) => console.error(`SLA clocks of ${stream} do not fold; left out: ${String(cause)}`)))(event.stream, error);
      }
    }
    this.lastSeen = events.at(-1)?.position ?? this.lastSeen;
    await this.save();
  }

  private async load(): Promise<void> {
    const saved = await this.options.state?.load(OPEN_CLOCKS_PROJECTION);
    for (const [stream, document] of saved?.documents ?? []) {
      const stored = document as StreamDocument;
      if ('corrupt' in stored) this.corrupt.add(stream);
      else this.openByStream.set(stream, stored.open);
    }
    this.lastSeen = saved?.position;
    this.loaded = true;
  }

  /**
   * Writes the streams changed since the last save. The store refuses it when another process saved
   * at or past this position; nothing is lost then: a save covers every change since the position its
   * writer loaded or last saved, itself a saved position, so the saves taken cover the log without gaps.
   */
  private async save(): Promise<void> {
    if (!this.options.state || this.unsaved.size === 0 || this.lastSeen === undefined) return;
    const changes = new Map<string, JsonValue | null>();
    for (const stream of this.unsaved) changes.set(stream, this.documentOf(stream));
    await this.options.state.save(OPEN_CLOCKS_PROJECTION, this.lastSeen, changes);
    this.unsaved.clear();
  }

  private documentOf(stream: string): JsonValue | null {
    if (this.corrupt.has(stream)) return { corrupt: true };
    const open = this.openByStream.get(stream);
    return open ? { open } : null;
  }
}
