import type { Redis } from 'ioredis';
import { FailSoftQueue, type QueuedJob } from '../fail-soft-queue';
import { QUEUES, RETENTION, retryJobOptions, type ResolvedSchedulingOptions } from '../scheduling-options';
import { notificationJobId, type Notification } from './notification';

/** Queues a notification for delivery with retries; false (not an error) when Redis is unavailable. */
export abstract class NotificationPublisher {
  abstract publish(notification: Notification): Promise<boolean>;
  /** `publish` for many in one round trip: true once every one is queued. */
  abstract publishAll(notifications: readonly Notification[]): Promise<boolean>;
  abstract close(): Promise<void>;
}

export class BullmqNotificationPublisher extends NotificationPublisher {
  private readonly queue: FailSoftQueue<Notification>;

  constructor(
    producerConnection: Redis,
    private readonly options: ResolvedSchedulingOptions,
  ) {
    super();
    this.queue = new FailSoftQueue(QUEUES.notifications, producerConnection, options);
  }

  publish(notification: Notification): Promise<boolean> {
    return this.queue.add(this.jobOf(notification));
  }

  publishAll(notifications: readonly Notification[]): Promise<boolean> {
    return this.queue.addBulk(notifications.map((notification) => this.jobOf(notification)));
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private jobOf(notification: Notification): QueuedJob<Notification> {
    return {
      name: notification.type,
      data: notification,
      opts: { jobId: notificationJobId(notification), ...retryJobOptions(this.options.notificationRetry), ...RETENTION },
    };
  }
}
