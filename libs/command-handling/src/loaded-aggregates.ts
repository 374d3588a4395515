import type { LoadedAggregate } from './aggregate-type';

/**
 * The most recently used streams' folded states (LoadedAggregate), by stream name, at most
 * `capacity` of them; a Map keeps insertion order, so its first key is the least recently used.
 * Only ever a starting point: whoever takes an entry must still read the stream's tail after it,
 * since other handlers and processes append to the same streams.
 */
export class LoadedAggregates {
  private readonly streams = new Map<string, LoadedAggregate<unknown>>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.streams.size;
  }

  get(stream: string): LoadedAggregate<unknown> | undefined {
    const loaded = this.streams.get(stream);
    if (loaded) this.keep(loaded);
    return loaded;
  }

  /**
   * Keeps `loaded` as its stream's entry unless it is older than the one kept (commands on one
   * stream can finish in any order); an absent stream is forgotten.
   */
  remember(loaded: LoadedAggregate<unknown>): void {
    if (!loaded.exists) {
      this.streams.delete(loaded.stream);
      return;
    }
    const kept = this.streams.get(loaded.stream);
    if (this.capacity <= 0 || (kept && kept.revision > loaded.revision)) return;
    this.keep(loaded);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }

  private keep(loaded: LoadedAggregate<unknown>): void {
    this.streams.delete(loaded.stream);
    this.streams.set(loaded.stream, loaded);
  }
}
