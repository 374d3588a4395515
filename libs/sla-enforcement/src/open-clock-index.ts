import { toStoredEvent } from '@duban/command-handling';
import type { EventStore, GlobalPosition } from '@duban/event-store';
import { CLOCK_EVENT_TYPES, evolveClocks, isOpen, type ClockState } from '@duban/sla';
import { CASE_STREAM_PREFIXES } from './case-kinds';
import { firingsOf, type ClockFiring } from './case-clocks';
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
    // One catch-up at a time: two would fold the same events twice.
    this.catchingUp = this.catchingUp.then(() => this.catchUp());
    await this.catchingUp;
    const { calendars } = await this.rules.current();
    const until = now.getTime() + horizonMs;
    return [...this.openByStream]
      .flatMap(([stream, clocks]) => firingsOf(stream, clocks, calendars))
      .filter((firing) => Date.parse(firing.at) <= until)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  private async catchUp(): Promise<void> {
    const events = await this.store.readAll({
      // Inclusive, and from a position that exists (EventStoreDB refuses invented ones): the last one seen is read again and skipped.
      fromPosition: this.lastSeen ?? 'start',
      filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: [...CLOCK_EVENT_TYPES] },
    });
    for (const event of events) {
      if ((this.lastSeen !== undefined && event.position <= this.lastSeen) || this.corrupt.has(event.stream)) continue;
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
