import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startQueueWorker } from '../queue-worker';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import type { Notification } from './notification';
import type { DeliveryResult, WebhookSink } from './webhook-sink';

/** Delivers queued notifications through the webhook sink; failed deliveries retry with backoff. */
export class NotificationProcessor {
  private worker: Worker<Notification, DeliveryResult> | undefined;

  constructor(
    private readonly workerConnection: Redis,
    private readonly sink: WebhookSink,
    private readonly options: ResolvedSchedulingOptions,
  ) {}

  async start(): Promise<void> {
    this.worker ??= startQueueWorker(QUEUES.notifications, (job) => this.sink.deliver(job.data), this.workerConnection, {
      keyPrefix: this.options.keyPrefix,
    });
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
