import { Logger } from '@nestjs/common';
import { Queue, type BulkJobOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ResolvedSchedulingOptions } from './scheduling-options';

/** A job as a producer adds it; the id names it for good (see deterministicJobId). */
export interface QueuedJob<Data> {
  name: string;
  data: Data;
  opts: BulkJobOptions & { jobId: string };
}

/**
 * The producer side of a queue for callers that must not fail because Redis does: the event store
 * is the source of truth and the sweeper re-creates whatever was not queued, so every operation
 * resolves to false (and logs) instead of throwing or hanging while Redis is away.
 */
export class FailSoftQueue<Data extends object> {
  private readonly logger: Logger;
  private queue: Queue | undefined; // untyped: BullMQ's generics do not resolve over a type parameter

  constructor(
    private readonly queueName: string,
    /** A fail-fast (producer) connection, shared: closing this queue leaves it open. */
    private readonly connection: Redis,
    private readonly options: Pick<ResolvedSchedulingOptions, 'keyPrefix' | 'enqueueTimeoutMs'>,
  ) {
    this.logger = new Logger(`Queue ${queueName}`);
  }

  /** True once a job with `opts.jobId` exists, whether added now or before. */
  add(job: QueuedJob<Data>): Promise<boolean> {
    return this.attempt(`add ${job.opts.jobId}`, (queue) => queue.add(job.name, job.data, job.opts));
  }

  /** `add` for many jobs in one round trip: true once every one of them exists. */
  addBulk(jobs: readonly QueuedJob<Data>[]): Promise<boolean> {
    if (jobs.length === 0) return Promise.resolve(true);
    // A MULTI costs more than the plain command, and most commands arm one deadline.
    if (jobs.length === 1) return this.add(jobs[0]);
    return this.attempt(`add ${jobs.length} job(s) (${jobs[0].opts.jobId}…)`, (queue) => queue.addBulk([...jobs]));
  }

  /** Removes a waiting or delayed job; a job already running is left to finish. True when Redis answered. */
  remove(jobId: string): Promise<boolean> {
    return this.attempt(`remove ${jobId}`, (queue) => queue.remove(jobId));
  }

  async close(): Promise<void> {
    await this.discardQueue();
  }

  private async attempt(description: string, operation: (queue: Queue) => Promise<unknown>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.options.enqueueTimeoutMs} ms`)), this.options.enqueueTimeoutMs);
    });
    try {
      await Promise.race([this.connectionReady().then(() => operation(this.currentQueue())), timeout]);
      return true;
    } catch (error) {
      this.logger.warn(`Could not ${description} (${error instanceof Error ? error.message : String(error)}); recovery from the event store redoes it`);
      // A BullMQ queue whose connection failed while it initialised stays broken: start afresh.
      await this.discardQueue();
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * BullMQ would wait for a connection that is down until it comes back, so ask ioredis first: a
   * first connection still being made is worth waiting for, one that already failed is not.
   */
  private connectionReady(): Promise<void> {
    const { status } = this.connection;
    if (status === 'ready') return Promise.resolve();
    if (status !== 'connecting' && status !== 'connect') return Promise.reject(new Error(`Redis is ${status}`));
    return new Promise((resolveReady, rejectReady) => {
      const stopListening = (): void => {
        this.connection.off('ready', onReady).off('error', onFailure).off('close', onFailure);
      };
      const onReady = (): void => {
        stopListening();
        resolveReady();
      };
      const onFailure = (error?: Error): void => {
        stopListening();
        rejectReady(error ?? new Error('Redis closed the connection'));
      };
      this.connection.once('ready', onReady).once('error', onFailure).once('close', onFailure);
    });
  }

  private currentQueue(): Queue {
    if (this.queue === undefined) {
      this.queue = new Queue(this.queueName, { connection: this.connection, prefix: this.options.keyPrefix });
      this.queue.on('error', () => undefined); // failures surface as `false` from the operation that met them
    }
    return this.queue;
  }

  private async discardQueue(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    await queue?.close().catch(() => undefined);
  }
}
