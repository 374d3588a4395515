import type { Redis } from 'ioredis';
import { FailSoftQueue, type QueuedJob } from '../fail-soft-queue';
import { QUEUES, RETENTION, retryJobOptions, type ResolvedSchedulingOptions } from '../scheduling-options';
import {
  deadlineJobId,
  DUE_JOB_NAME,
  dueInstantOf,
  dueJobId,
  duePartJobId,
  toDeadlineJobData,
  type Deadline,
  type DeadlineJobData,
  type DeadlineKey,
  type DueJobData,
} from './deadline';

/**
 * A deadline whose due instant is closer than this gets a job of its own instead of joining the
 * due-instant job: that job may already be running (it is by then, by a worker clock a little
 * ahead), and adding a job whose id exists is a no-op, so the deadline would wait for the sweep.
 */
export const DUE_JOB_LEAD_MS = 1_000;

/**
 * Arms deadlines. The event stream is the deadline of record and the queue only an accelerator, so
 * every method resolves to false instead of throwing when Redis is unavailable: the sweeper catches up.
 */
export abstract class DeadlineScheduler {
  /** One job for this deadline (its case's), at `fireAt`. True once it exists; scheduling the same deadline again is a no-op. */
  abstract schedule(deadline: Deadline): Promise<boolean>;
  /**
   * Many deadlines in one round trip, batched: a deadline still ahead joins the job of its due
   * instant (dueInstantOf), which every deadline due then shares and whose handler acts on all that
   * is due (fireDue); one due now or about to be gets a job of its own (as `schedule`).
   */
  abstract scheduleAll(deadlines: readonly Deadline[]): Promise<boolean>;
  /**
   * Splits a due instant's cases into parts, one job each, due at once: the worker running a large
   * burst hands it out this way, so that every worker process takes parts of it. A part repeated (its
   * due job retried) is a no-op while the first one waits.
   */
  abstract scheduleDueParts(dueAt: Date, parts: readonly (readonly string[])[]): Promise<boolean>;
  /** Drops a pending deadline job of its own; optional, since the handler ignores stale ones anyway. */
  abstract cancel(deadline: DeadlineKey): Promise<boolean>;
  abstract close(): Promise<void>;
}

export class BullmqDeadlineScheduler extends DeadlineScheduler {
  private readonly queue: FailSoftQueue<DeadlineJobData | DueJobData>;

  constructor(
    producerConnection: Redis,
    private readonly options: ResolvedSchedulingOptions,
  ) {
    super();
    this.queue = new FailSoftQueue(QUEUES.deadlines, producerConnection, options);
  }

  schedule(deadline: Deadline): Promise<boolean> {
    return this.queue.add(this.caseJob(deadline, Date.now()));
  }

  scheduleAll(deadlines: readonly Deadline[]): Promise<boolean> {
    const now = Date.now();
    const jobs = new Map<string, QueuedJob<DeadlineJobData | DueJobData>>();
    for (const deadline of deadlines) {
      const dueAt = dueInstantOf(deadline.fireAt, this.options.deadlineBatchWindowMs);
      const job = dueAt.getTime() - now > DUE_JOB_LEAD_MS ? this.dueJob(dueAt, now) : this.caseJob(deadline, now);
      jobs.set(job.opts.jobId, job);
    }
    return this.queue.addBulk([...jobs.values()]);
  }

  scheduleDueParts(dueAt: Date, parts: readonly (readonly string[])[]): Promise<boolean> {
    return this.queue.addBulk(
      parts.map((streams, part) => ({
        name: DUE_JOB_NAME,
        data: { dueAt: dueAt.toISOString(), streams: [...streams] },
        opts: { jobId: duePartJobId(dueAt, part), ...retryJobOptions(this.options.deadlineRetry), removeOnComplete: true, removeOnFail: RETENTION.removeOnFail },
      })),
    );
  }

  cancel(deadline: DeadlineKey): Promise<boolean> {
    return this.queue.remove(deadlineJobId(deadline));
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private caseJob(deadline: Deadline, now: number): QueuedJob<DeadlineJobData> {
    return {
      name: deadline.kind,
      data: toDeadlineJobData(deadline),
      opts: {
        jobId: deadlineJobId(deadline),
        // A deadline already past fires at once: that is how late firings happen.
        delay: Math.max(0, deadline.fireAt.getTime() - now),
        ...retryJobOptions(this.options.deadlineRetry),
        ...RETENTION,
      },
    };
  }

  private dueJob(dueAt: Date, now: number): QueuedJob<DueJobData> {
    return {
      name: DUE_JOB_NAME,
      data: { dueAt: dueAt.toISOString() },
      opts: {
        jobId: dueJobId(dueAt),
        delay: dueAt.getTime() - now,
        ...retryJobOptions(this.options.deadlineRetry),
        // Gone once done, so that a deadline joining this instant late (a producer clock behind the worker's) arms it again.
        removeOnComplete: true,
        removeOnFail: RETENTION.removeOnFail,
      },
    };
  }
}
