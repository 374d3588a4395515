import { Logger } from '@nestjs/common';
import { Queue, type Job, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startQueueWorker } from '../queue-worker';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import type { DeadlineRecovery } from './deadline';

/** One scheduler for the whole cluster: upserting it again (another worker, a restart) replaces it. */
export const SWEEP_SCHEDULER_ID = 'sweep-deadlines';

/** The job a starting worker adds to the sweep queue: its reconcile, run once it is up. */
export const RECONCILE_JOB_NAME = 'reconcile';

/**
 * The safety net under the queue: a reconcile when a worker starts and a periodic sweep (a BullMQ
 * job scheduler, so each interval produces one sweep job for the whole cluster), both delegated to
 * the SLA layer, which scans the event store's read side. After Redis lost its data or the worker
 * was down, they re-create or fire whatever the queue forgot.
 *
 * The job scheduler lives in Redis, so a Redis that loses its data under a running worker (FLUSHALL,
 * a restart without persistence) would take every future sweep with it. A local watchdog checks on
 * it every interval and, when it is gone, reconciles again and re-creates it.
 */
export class DeadlineSweeper {
  private readonly logger = new Logger('DeadlineSweeper');
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private restoring = false;

  constructor(
    private readonly workerConnection: Redis,
    private readonly recovery: DeadlineRecovery,
    private readonly options: ResolvedSchedulingOptions,
  ) {
    this.queue = new Queue(QUEUES.sweeps, { connection: workerConnection, prefix: options.keyPrefix });
    this.queue.on('error', (error) => this.logger.error(`Sweep queue error: ${error.message}`));
  }

  /**
   * Arms the sweeps and queues the reconcile as a job rather than running it: after an outage it may
   * find thousands of overdue cases, and a worker must report ready (and take its share of them) first.
   */
  async start(): Promise<void> {
    await this.scheduleSweeps();
    this.worker ??= startQueueWorker(QUEUES.sweeps, (job: Job) => (job.name === RECONCILE_JOB_NAME ? this.reconcile() : this.recovery.sweep()), this.workerConnection, {
      keyPrefix: this.options.keyPrefix,
    });
    await this.worker.waitUntilReady();
    // Every start reconciles: no job id, so a reconcile queued by another worker does not stand for this one.
    await this.queue.add(RECONCILE_JOB_NAME, {}, { attempts: 1, removeOnComplete: true, removeOnFail: 100 });
    this.watchdog ??= setInterval(() => void this.restoreIfLost(), this.options.sweepIntervalMs);
  }

  /** Stops sweeping here; the scheduler stays in Redis for the other workers (and the next start). */
  async close(): Promise<void> {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    await this.worker?.close();
    await this.queue.close();
  }

  private scheduleSweeps(): Promise<unknown> {
    return this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.options.sweepIntervalMs },
      // One failed sweep is not retried: the next interval sweeps again.
      { name: 'sweep', opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  /** Redis without the sweep scheduler has lost its data, delayed deadlines included: rebuild both from the events. */
  private async restoreIfLost(): Promise<void> {
    if (this.restoring) return; // a check still waiting for a Redis that is away
    this.restoring = true;
    try {
      if (await this.queue.getJobScheduler(SWEEP_SCHEDULER_ID)) return;
      this.logger.warn('The sweep scheduler is gone from Redis (its data was lost): reconciling from the events and scheduling sweeps again');
      await this.reconcile();
      await this.scheduleSweeps();
    } catch (error) {
      this.logger.error(`Could not check the sweep scheduler: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.restoring = false;
    }
  }

  private async reconcile(): Promise<void> {
    try {
      await this.recovery.reconcileOnStart();
    } catch (error) {
      // The worker still starts: the periodic sweep retries what the reconcile could not do.
      this.logger.error(`Reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
