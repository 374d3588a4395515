import { Logger } from '@nestjs/common';
import { Queue, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startQueueWorker } from '../queue-worker';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import type { DeadlineRecovery } from './deadline';

/** One scheduler for the whole cluster: upserting it again (another worker, a restart) replaces it. */
export const SWEEP_SCHEDULER_ID = 'sweep-deadlines';

/**
 * The safety net under the queue: a reconcile when a worker starts and a periodic sweep (a BullMQ
 * job scheduler, so each interval produces one sweep job for the whole cluster), both delegated to
 * the SLA layer, which scans the event store's read side. After Redis lost its data or the worker
 * was down, they re-create or fire whatever the queue forgot.
 */
export class DeadlineSweeper {
  private readonly logger = new Logger('DeadlineSweeper');
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(
    private readonly workerConnection: Redis,
    private readonly recovery: DeadlineRecovery,
    private readonly options: ResolvedSchedulingOptions,
  ) {
    this.queue = new Queue(QUEUES.sweeps, { connection: workerConnection, prefix: options.keyPrefix });
    this.queue.on('error', (error) => this.logger.error(`Sweep queue error: ${error.message}`));
  }

  async start(): Promise<void> {
    await this.reconcileOnStart();
    await this.queue.upsertJobScheduler(
      SWEEP_SCHEDULER_ID,
      { every: this.options.sweepIntervalMs },
      // One failed sweep is not retried: the next interval sweeps again.
      { name: 'sweep', opts: { attempts: 1, removeOnComplete: true, removeOnFail: 100 } },
    );
    this.worker ??= startQueueWorker(QUEUES.sweeps, () => this.recovery.sweep(), this.workerConnection, {
      keyPrefix: this.options.keyPrefix,
    });
    await this.worker.waitUntilReady();
  }

  /** Stops sweeping here; the scheduler stays in Redis for the other workers (and the next start). */
  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  private async reconcileOnStart(): Promise<void> {
    try {
      await this.recovery.reconcileOnStart();
    } catch (error) {
      // The worker still starts: the periodic sweep retries what the reconcile could not do.
      this.logger.error(`Reconcile on start failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
