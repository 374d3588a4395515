import type { EventHandler, SubscribeToAllOptions, Subscription } from '../port/event-store.port';
import { startCatchUpSubscription, type EventFeed } from './catch-up-subscription';

/** Tracks a store's running subscriptions so that close() can stop them before disconnecting. */
export class ActiveSubscriptions {
  private readonly running = new Set<Subscription>();

  start(feed: EventFeed, options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    const subscription = startCatchUpSubscription(feed, options, handler);
    const tracked: Subscription = {
      stop: async () => {
        this.running.delete(tracked);
        await subscription.stop();
      },
    };
    this.running.add(tracked);
    return tracked;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((subscription) => subscription.stop()));
  }
}
