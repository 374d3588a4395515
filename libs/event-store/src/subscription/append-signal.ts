/**
 * In-process wake-up for polling subscriptions: adapters call notify() after each committed append,
 * so live subscribers in the same process see new events at once instead of at the next poll.
 */
export class AppendSignal {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    this.listeners.forEach((listener) => listener());
  }

  /** Calls `listener` after every append until the returned function is called. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
