import type { Redis } from 'ioredis';
import { FailSoftQueue } from '../fail-soft-queue';
import { QUEUES, RETENTION, retryJobOptions, type ResolvedSchedulingOptions } from '../scheduling-options';
import { deadlineJobId, toDeadlineJobData, type Deadline, type DeadlineJobData, type DeadlineKey } from './deadline';

/**
 * Arms deadlines. The event stream is the deadline of record and the queue only an accelerator, so
 * both methods resolve to false instead of throwing when Redis is unavailable: the sweeper catches up.
 */
export abstract class DeadlineScheduler {
  /** True once the deadline's job exists; scheduling the same deadline again is a no-op. */
  abstract schedule(deadline: Deadline): Promise<boolean>;
  /** Drops a pending deadline; optional, since the handler ignores stale ones anyway. */
  abstract cancel(deadline: DeadlineKey): Promise<boolean>;
  abstract close(): Promise<void>;
}

export class BullmqDeadlineScheduler extends DeadlineScheduler {
  private readonly queue: FailSoftQueue<DeadlineJobData>;

  constructor(
    producerConnection: Redis,
    private readonly options: ResolvedSchedulingOptions,
  ) {
    super();
    this.queue = new FailSoftQueue(QUEUES.deadlines, producerConnection, options);
  }

  schedule(deadline: Deadline): Promise<boolean> {
    return this.queue.add(deadline.kind, toDeadlineJobData(deadline), {
      jobId: deadlineJobId(deadline),
      // A deadline already past fires at once: that is how late firings happen.
      delay: Math.max(0, deadline.fireAt.getTime() - Date.now()),
      ...retryJobOptions(this.options.deadlineRetry),
      ...RETENTION,
    });
  }

  cancel(deadline: DeadlineKey): Promise<boolean> {
    return this.queue.remove(deadlineJobId(deadline));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
