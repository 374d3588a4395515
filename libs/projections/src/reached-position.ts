import type { GlobalPosition } from '@duban/event-store';

/**
 * The last global position a read side includes, and the readers waiting until it includes a later
 * one (`?minPosition=`). It only moves forward.
 */
export class ReachedPosition {
  private position: GlobalPosition = 0n;
  private readonly waiters = new Set<{ position: GlobalPosition; reached: () => void }>();

  current(): GlobalPosition {
    return this.position;
  }

  /** Moves to `position` when it is further on, releasing every reader waiting for it. */
  advance(position: GlobalPosition): void {
    if (position <= this.position) return;
    this.position = position;
    for (const waiter of this.waiters) if (waiter.position <= position) waiter.reached();
  }

  /** Resolves true once `position` is reached, false after `timeoutMs`; `waiting` runs once a reader has to wait. */
  async waitFor(position: GlobalPosition, timeoutMs: number, waiting?: () => void): Promise<boolean> {
    if (this.position >= position) return true;
    let timer: NodeJS.Timeout | undefined;
    let waiter: { position: GlobalPosition; reached: () => void } | undefined;
    const reached = new Promise<boolean>((resolve) => {
      waiter = { position, reached: () => resolve(true) };
      this.waiters.add(waiter);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    waiting?.();
    try {
      return await reached;
    } finally {
      clearTimeout(timer);
      this.waiters.delete(waiter!);
    }
  }
}
