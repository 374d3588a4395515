import { EventStoreFullError, EventStoreReadOnlyError } from '../port/event-store.errors';

/**
 * How long ping keeps reporting a failed append: until an append succeeds, but no longer than
 * this, because an instance that reads as not ready gets no traffic behind a load balancer and
 * so no append that could prove the store writable again.
 */
export const WRITE_FAILURE_REPORTED_MS = 30_000;

/**
 * Reads cannot tell a full disk or a read-only store, so adapters remember why the newest append
 * failed for want of space or write access, and when, for their ping to report (see above).
 */
export class RecentWriteFailure {
  private failure: { error: EventStoreFullError | EventStoreReadOnlyError; at: number } | undefined;

  succeeded(): void {
    this.failure = undefined;
  }

  failed(error: unknown): void {
    if (error instanceof EventStoreFullError || error instanceof EventStoreReadOnlyError) this.failure = { error, at: Date.now() };
  }

  /** Throws the remembered failure while it is recent. */
  throwIfRecent(): void {
    if (this.failure && Date.now() - this.failure.at < WRITE_FAILURE_REPORTED_MS) throw this.failure.error;
  }
}
