import { toStoredEvent } from '@duban/workflow';
import type { EventStore, GlobalPosition } from '@duban/event-store';
import { CLOCK_EVENT_TYPES, evolveClocks, isOpen, type ClockState, CASE_STREAM_PREFIXES } from '@duban/sla';

import { firingsOf, recordedCalendars, type ClockFiring } from './case-clocks';
import type { SlaRulesSource } from './sla-rules';

export interface OpenClockIndexOptions {
  /** Told once about a case stream whose clock events do not fold (it is left out from then on); defaults to console.error. */
  readonly onCorruptStream?: (stream: string, error: unknown) => void;
}

/**
 * Every open clock in the store, for the worker's sweeper and reconcile-on-start: the first call
 * reads the clock events of all case streams from the global log, later calls only what was
 * appended since. Only open clocks are kept, so memory follows the open cases, not the history.
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
    const events = await this.store.readAll({
      // Inclusive, and from a position that exists (EventStoreDB refuses invented ones): the last one seen is read again and skipped.
      fromPosition: this.lastSeen ?? 'start',
      filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: [...CLOCK_EVENT_TYPES] },
    });
    for (const event of events) {
      if ((this.lastSeen !== undefined && event.position <= this.lastSeen) || this.corrupt.has(event.stream)) continue;
      this.earliestByStream.delete(event.stream);
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
  }
}
