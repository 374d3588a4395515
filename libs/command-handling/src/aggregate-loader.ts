import { NO_STREAM, readStreamOrEmpty, type EventStore, type RecordedEvent } from '@duban/event-store';
import { streamOf, type AggregateType, type DomainEvent, type LoadedAggregate } from './aggregate-type';
import { LoadedAggregates } from './loaded-aggregates';

/**
 * Reads and folds aggregates, keeping the most recently used folds (`cachedStreams` of them) so
 * that the next load reads and folds only the tail appended since. Always reads the stream: a
 * cached fold only saves the part already seen, since other handlers and processes append too.
 */
export class AggregateLoader {
  private readonly cache: LoadedAggregates;

  constructor(
    private readonly store: EventStore,
    private readonly toDomainEvent: (event: RecordedEvent) => DomainEvent,
    cachedStreams: number,
  ) {
    this.cache = new LoadedAggregates(cachedStreams);
  }

  /** The aggregate as its stream now stands. */
  async load<TState>(aggregate: AggregateType<TState, unknown, unknown>, id: string): Promise<LoadedAggregate<TState>> {
    const stream = streamOf(aggregate, id);
    const cached = this.cache.get(stream) as LoadedAggregate<TState> | undefined;
    const loaded = (cached && (await this.caughtUp(aggregate, cached))) ?? this.folded(aggregate, id, await readStreamOrEmpty(this.store, stream));
    this.cache.remember(loaded);
    return loaded;
  }

  /** Keeps `loaded` (an aggregate just written) as the starting point of the next load. */
  remember(loaded: LoadedAggregate<unknown>): void {
    this.cache.remember(loaded);
  }

  /** The aggregate `history` folds into. */
  folded<TState>(aggregate: AggregateType<TState, unknown, unknown>, id: string, history: readonly RecordedEvent[]): LoadedAggregate<TState> {
    const last = history.at(-1);
    return {
      id,
      stream: streamOf(aggregate, id),
      state: aggregate.decider.fold(history.map(this.toDomainEvent)),
      exists: last !== undefined,
      revision: last?.revision ?? NO_STREAM,
      history,
    };
  }

  /** `current` with the events just recorded on top: folds only those, not the whole stream again. */
  extended<TState>(aggregate: AggregateType<TState, unknown, unknown>, current: LoadedAggregate<TState>, recorded: readonly RecordedEvent[]): LoadedAggregate<TState> {
    return {
      ...current,
      state: aggregate.decider.fold(recorded.map(this.toDomainEvent), current.state),
      exists: current.exists || recorded.length > 0,
      revision: recorded.at(-1)?.revision ?? current.revision,
      history: [...current.history, ...recorded],
    };
  }

  /**
   * `cached` with the stream's tail folded on, read from the cached head itself. When the first
   * event or that head is no longer the one remembered (the stream was deleted or replaced, or its
   * start deleted, as a tampered file shows it), undefined, to read the stream whole.
   */
  private async caughtUp<TState>(aggregate: AggregateType<TState, unknown, unknown>, cached: LoadedAggregate<TState>): Promise<LoadedAggregate<TState> | undefined> {
    const head = cached.history[cached.history.length - 1];
    const [first, tail] = await Promise.all([
      head.revision === 0n ? undefined : readStreamOrEmpty(this.store, cached.stream, { maxCount: 1 }),
      readStreamOrEmpty(this.store, cached.stream, { from: head.revision }),
    ]);
    if (tail[0]?.id !== head.id || (first && first[0]?.id !== cached.history[0].id)) return undefined;
    return tail.length === 1 ? cached : this.extended(aggregate, cached, tail.slice(1));
  }
}
