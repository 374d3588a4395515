import { Injectable, Module } from '@nestjs/common';

/**
 * The cases this worker is enforcing now. Jobs that meet on one case (a due-instant job, the case's
 * own job, a sweep) leave it to the first; and other work on the same event loop (the notification
 * relay, whose thousands of queued jobs cost as much CPU as the escalations) waits until a burst of
 * enforcement is over, so deadlines are recorded first and announced right after.
 */
@Injectable()
export class EnforcementActivity {
  private readonly enforcing = new Set<string>();
  private idleWaiters: Array<() => void> = [];

  /** Marks the streams as being enforced here; returns those that were not already. */
  claim(streams: Iterable<string>): string[] {
    const claimed = [...new Set(streams)].filter((stream) => !this.enforcing.has(stream));
    claimed.forEach((stream) => this.enforcing.add(stream));
    return claimed;
  }

  release(streams: readonly string[]): void {
    streams.forEach((stream) => this.enforcing.delete(stream));
    if (this.enforcing.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Resolves once nothing is being enforced, or after `maxWaitMs` at most: yielding must not starve. */
  whenIdle(maxWaitMs: number): Promise<void> {
    if (this.enforcing.size === 0) return Promise.resolve();
    return new Promise((resolveIdle) => {
      const timer = setTimeout(() => resolveIdle(), maxWaitMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolveIdle();
      });
    });
  }
}

/** Imported by the worker (for the relay) and by its SchedulingModule (for the deadline handler): one instance, shared. */
@Module({ providers: [EnforcementActivity], exports: [EnforcementActivity] })
export class EnforcementActivityModule {}
