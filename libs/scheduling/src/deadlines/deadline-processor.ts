import { DelayedError, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startQueueWorker } from '../queue-worker';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import { DUE_JOB_NAME, fromDeadlineJobData, type DeadlineFiringHandler, type DeadlineJobData, type DueFiringResult, type DueJobData, type FiringResult } from './deadline';

type DeadlineQueueJob = Job<DeadlineJobData | DueJobData, FiringResult | DueFiringResult>;

/**
 * Runs due deadline jobs through the SLA layer's handler: a case's own job through `fire`, a
 * due-instant job through `fireDue`. It stays generic: whether a firing still matters is the
 * handler's call. A handler that throws is retried with exponential backoff.
 */
export class DeadlineProcessor {
  private worker: Worker<DeadlineJobData | DueJobData, FiringResult | DueFiringResult> | undefined;

  constructor(
    private readonly workerConnection: Redis,
    private readonly handler: DeadlineFiringHandler,
    private readonly options: ResolvedSchedulingOptions,
  ) {}

  async start(): Promise<void> {
    this.worker ??= startQueueWorker(QUEUES.deadlines, (job: DeadlineQueueJob, token) => this.process(job, token), this.workerConnection, {
      keyPrefix: this.options.keyPrefix,
      concurrency: this.options.deadlineConcurrency,
    });
    await this.worker.waitUntilReady();
  }

  /** Lets running firings finish; jobs not yet started stay queued for the next worker. */
  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async process(job: DeadlineQueueJob, token: string | undefined): Promise<FiringResult | DueFiringResult> {
    const dueJob = job.name === DUE_JOB_NAME ? (job.data as DueJobData) : undefined;
    const deadline = dueJob ? undefined : fromDeadlineJobData(job.data as DeadlineJobData);
    const dueAt = dueJob ? new Date(dueJob.dueAt) : deadline!.fireAt;
    const lateByMs = Date.now() - dueAt.getTime();
    if (lateByMs < 0) {
      // The producer's clock ran ahead of this worker's: wait for the due time by this worker's clock.
      await job.moveToDelayed(dueAt.getTime(), token);
      throw new DelayedError();
    }
    const attempt = job.attemptsMade + 1;
    // The result is kept as the job's return value, for inspection.
    return deadline
      ? this.handler.fire({ ...deadline, lateByMs, attempt })
      : this.handler.fireDue({ dueAt, lateByMs, attempt, ...(dueJob?.streams ? { streams: dueJob.streams } : {}) });
  }
}
