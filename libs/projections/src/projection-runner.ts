import type { EventStore, GlobalPosition, Subscription } from '@duban/event-store';
import type { CaseProjection } from './case-projection';

export interface ProjectionRunnerOptions {
  /** Told about every failure before the subscription resumes; defaults to console.warn. */
  readonly onDropped?: (error: unknown, retryInMs: number) => void;
}

/**
 * Keeps the case projection up to date in this process: a catch-up subscription over the global
 * log from the checkpoint stored with the rows (not the event store's checkpoint store, so that
 * deleting the read-model file starts a replay instead of skipping history), then live.
 */
export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private applied: GlobalPosition = 0n;
  private readonly waiters = new Set<{ position: GlobalPosition; reached: () => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly projection: CaseProjection,
    private readonly options: ProjectionRunnerOptions = {},
  ) {}

  start(): void {
    if (this.subscription) return;
    const checkpoint = this.projection.position();
    this.applied = checkpoint ?? 0n;
    this.subscription = this.store.subscribeToAll({ afterPosition: checkpoint ?? 'start', onDropped: this.options.onDropped }, async (event) => {
      await this.projection.apply(event);
      this.advance(event.position);
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** The last global position the read models include. */
  position(): GlobalPosition {
    return this.applied;
  }

  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.applied >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    let waiter: { position: GlobalPosition; reached: () => void } | undefined;
    const reached = new Promise<boolean>((resolve) => {
      waiter = { position, reached: () => resolve(true) };
      this.waiters.add(waiter);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await reached;
    } finally {
      clearTimeout(timer);
      this.waiters.delete(waiter!);
    }
  }

  private advance(position: GlobalPosition): void {
    this.applied = position;
    for (const waiter of this.waiters) if (waiter.position <= position) waiter.reached();
  }
}
