import { DelayedError, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startQueueWorker } from '../queue-worker';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import { fromDeadlineJobData, type DeadlineFiringHandler, type DeadlineJobData, type FiringResult } from './deadline';

/**
 * Runs due deadline jobs through the SLA layer's handler. It stays generic: whether a firing still
 * matters is the handler's call. A handler that throws is retried with exponential backoff.
 */
export class DeadlineProcessor {
  private worker: Worker<DeadlineJobData, FiringResult> | undefined;

  constructor(
    private readonly workerConnection: Redis,
    private readonly handler: DeadlineFiringHandler,
    private readonly options: ResolvedSchedulingOptions,
  ) {}

  async start(): Promise<void> {
    this.worker ??= startQueueWorker(QUEUES.deadlines, (job, token) => this.process(job, token), this.workerConnection, {
      keyPrefix: this.options.keyPrefix,
      concurrency: this.options.deadlineConcurrency,
    });
    await this.worker.waitUntilReady();
  }

  /** Lets running firings finish; jobs not yet started stay queued for the next worker. */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: Job<DeadlineJobData, FiringResult>, token: string | undefined): Promise<FiringResult> {
    const deadline = fromDeadlineJobData(job.data);
    const lateByMs = Date.now() - deadline.fireAt.getTime();
    if (lateByMs < 0) {
      // The producer's clock ran ahead of this worker's: wait for fireAt by this worker's clock.
      await job.moveToDelayed(deadline.fireAt.getTime(), token);
      throw new DelayedError();
    }
    // The result is kept as the job's return value, for inspection.
    return this.handler.fire({ ...deadline, lateByMs, attempt: job.attemptsMade + 1 });
  }
}
