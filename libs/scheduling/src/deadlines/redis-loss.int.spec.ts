import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ResolvedSchedulingOptions } from '../scheduling-options';
import { QUEUES } from '../scheduling-options';
import { producerConnection, startPrivateRedis, testSchedulingOptions, uniqueKeyPrefix, waitUntil, workerConnection, type PrivateRedis } from '../testing/redis-test-namespace';
import type { Deadline, DeadlineFiring, DeadlineHandler, DueFiring, DueFiringResult, FiringResult } from './deadline';
import { DeadlineProcessor } from './deadline-processor';
import { BullmqDeadlineScheduler } from './deadline-scheduler';
import { DeadlineSweeper } from './deadline-sweeper';

/** Stands in for the SLA layer: the deadlines of record live here, not in Redis. */
class SourceOfTruthHandler implements DeadlineHandler {
  readonly fired: DeadlineFiring[] = [];
  reconciles = 0;
  sweeps = 0;

  constructor(
    private readonly scheduler: BullmqDeadlineScheduler,
    readonly deadlinesOfRecord: Deadline[],
  ) {}

  async fire(firing: DeadlineFiring): Promise<FiringResult> {
    this.fired.push(firing);
    return { outcome: 'fired', lateByMs: firing.lateByMs };
  }

  async fireDue(firing: DueFiring): Promise<DueFiringResult> {
    return { fired: 0, lateByMs: firing.lateByMs };
  }

  async sweep(): Promise<void> {
    this.sweeps += 1;
  }

  async reconcileOnStart(): Promise<void> {
    this.reconciles += 1;
    for (const deadline of this.deadlinesOfRecord) await this.scheduler.schedule(deadline);
  }
}

/** One worker process: deadline processor and sweeper on their own connection. */
async function startWorker(url: string, handler: DeadlineHandler, options: ResolvedSchedulingOptions) {
  const connection = workerConnection(url);
  const processor = new DeadlineProcessor(connection, handler, options);
  const sweeper = new DeadlineSweeper(connection, handler, options);
  await processor.start();
  await sweeper.start();
  return {
    stop: async () => {
      await sweeper.close();
      await processor.close();
      connection.disconnect();
    },
  };
}

describe('Scheduling after Redis loses everything (private redis-server)', () => {
  let redis: PrivateRedis;
  let options: ResolvedSchedulingOptions;
  let producer: Redis;
  let scheduler: BullmqDeadlineScheduler;

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    await redis.remove();
  });

  beforeEach(async () => {
    options = testSchedulingOptions(uniqueKeyPrefix('redis-loss'), { sweepIntervalMs: 200 });
    producer = producerConnection(redis.url);
    scheduler = new BullmqDeadlineScheduler(producer, options);
  });

  afterEach(async () => {
    await scheduler.close();
    producer.disconnect();
  });

  it('recovers after FLUSHALL: a restarted worker reconciles, re-arms the sweeper and fires the lost deadlines', async () => {
    const inTenSeconds = new Date(Date.now() + 10_000);
    const pending: Deadline[] = ['complaint-a', 'complaint-b'].map((caseStream) => ({
      caseStream,
      clockId: 'reply',
      clockVersion: 1,
      kind: 'breach',
      fireAt: inTenSeconds,
    }));
    const handler = new SourceOfTruthHandler(scheduler, pending);
    const firstWorker = await startWorker(redis.url, handler, options);
    const inspector = new Queue(QUEUES.deadlines, { connection: producer, prefix: options.keyPrefix });
    try {
      // The reconcile runs as a job once the worker is up.
      await waitUntil(async () => handler.reconciles === 1 && (await inspector.getJobCountByTypes('delayed')) === 2, 5_000, 'the reconcile after the start');

      await producer.flushall();
      await firstWorker.stop();
      expect(await inspector.getJobCountByTypes('delayed')).toBe(0);

      // By now the deadlines of record are due: the restarted worker must fire them, late.
      const dueNow = pending.map((deadline) => ({ ...deadline, fireAt: new Date(Date.now() - 1_000) }));
      handler.deadlinesOfRecord.splice(0, Infinity, ...dueNow);
      const sweepsBefore = handler.sweeps;
      const restartedWorker = await startWorker(redis.url, handler, options);
      try {
        await waitUntil(() => handler.reconciles === 2, 5_000, 'the reconcile after the restart');
        await waitUntil(() => handler.fired.length === 2, 5_000, 'the lost deadlines to fire');
        expect(handler.fired.map((firing) => firing.caseStream).sort()).toEqual(['complaint-a', 'complaint-b']);
        expect(handler.fired.every((firing) => firing.lateByMs >= 1_000)).toBe(true);
        await waitUntil(() => handler.sweeps >= sweepsBefore + 2, 3_000, 'sweeps after the restart');

        // and the queue takes new deadlines as before
        expect(await scheduler.schedule({ ...pending[0], clockVersion: 2, fireAt: new Date() })).toBe(true);
        await waitUntil(() => handler.fired.length === 3, 5_000, 'a new deadline to fire');
      } finally {
        await restartedWorker.stop();
      }
    } finally {
      await inspector.close();
    }
  });

  it('recovers after FLUSHALL under a running worker: it notices the sweep scheduler is gone, reconciles and sweeps again', async () => {
    const handler = new SourceOfTruthHandler(scheduler, [{ caseStream: 'complaint-d', clockId: 'reply', clockVersion: 1, kind: 'breach', fireAt: new Date(Date.now() + 60_000) }]);
    const worker = await startWorker(redis.url, handler, options);
    const inspector = new Queue(QUEUES.deadlines, { connection: producer, prefix: options.keyPrefix });
    try {
      await waitUntil(() => handler.reconciles === 1, 5_000, 'the reconcile after the start');
      await producer.flushall();
      await waitUntil(() => handler.reconciles === 2, 5_000, 'a reconcile after the loss');
      await waitUntil(async () => (await inspector.getJobCountByTypes('delayed')) === 1, 5_000, 'the lost deadline queued again');
      const sweepsAfter = handler.sweeps;
      await waitUntil(() => handler.sweeps >= sweepsAfter + 2, 5_000, 'sweeps after the loss');
      expect(handler.reconciles).toBe(2);
    } finally {
      await inspector.close();
      await worker.stop();
    }
  });

  it('refuses to schedule while Redis is stopped and schedules again once it is back', async () => {
    const deadline: Deadline = { caseStream: 'complaint-c', clockId: 'reply', clockVersion: 1, kind: 'breach', fireAt: new Date(Date.now() + 60_000) };
    expect(await scheduler.schedule(deadline)).toBe(true);

    await redis.stop();
    try {
      const startedAt = Date.now();
      expect(await scheduler.schedule({ ...deadline, clockVersion: 2 })).toBe(false);
      expect(Date.now() - startedAt).toBeLessThan(options.enqueueTimeoutMs + 500);
    } finally {
      await redis.restart();
    }

    await waitUntil(() => producer.status === 'ready', 10_000, 'the producer to reconnect');
    expect(await scheduler.schedule({ ...deadline, clockVersion: 2 })).toBe(true);
  });
});
