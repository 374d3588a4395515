import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import {
  deleteKeysWithPrefix,
  producerConnection,
  sharedRedisUrl,
  sleep,
  testSchedulingOptions,
  uniqueKeyPrefix,
  waitUntil,
  workerConnection,
} from '../testing/redis-test-namespace';
import {
  deadlineJobId,
  dueInstantOf,
  toDeadlineJobData,
  type Deadline,
  type DeadlineFiring,
  type DeadlineFiringHandler,
  type DueFiring,
  type DueFiringResult,
  type FiringResult,
} from './deadline';
import { DeadlineProcessor } from './deadline-processor';
import { BullmqDeadlineScheduler } from './deadline-scheduler';

const deadlineFor = (caseStream: string, fireAt: Date): Deadline => ({ caseStream, clockId: 'reply', clockVersion: 1, kind: 'breach', fireAt });

/** A handler of case jobs only: a due-instant job finds nothing. */
const nothingDue = async (firing: DueFiring): Promise<DueFiringResult> => ({ fired: 0, lateByMs: firing.lateByMs });

/** Records every call with the time it was made. */
class RecordingHandler implements DeadlineFiringHandler {
  readonly firings: Array<DeadlineFiring & { calledAt: number }> = [];
  readonly dueFirings: Array<DueFiring & { calledAt: number }> = [];

  constructor(private readonly react: (firing: DeadlineFiring) => Promise<FiringResult> = async (firing) => ({ outcome: 'fired', lateByMs: firing.lateByMs })) {}

  async fire(firing: DeadlineFiring): Promise<FiringResult> {
    this.firings.push({ ...firing, calledAt: Date.now() });
    return this.react(firing);
  }

  async fireDue(firing: DueFiring): Promise<DueFiringResult> {
    this.dueFirings.push({ ...firing, calledAt: Date.now() });
    return { fired: 1, lateByMs: firing.lateByMs };
  }
}

describe('DeadlineProcessor (real Redis)', () => {
  const url = sharedRedisUrl();
  let options: ResolvedSchedulingOptions;
  let producer: Redis;
  let scheduler: BullmqDeadlineScheduler;
  let inspector: Queue;
  const started: Array<{ processor: DeadlineProcessor; connection: Redis }> = [];

  async function startProcessor(handler: DeadlineFiringHandler): Promise<DeadlineProcessor> {
    const connection = workerConnection(url);
    const processor = new DeadlineProcessor(connection, handler, options);
    started.push({ processor, connection });
    await processor.start();
    return processor;
  }

  beforeEach(() => {
    options = testSchedulingOptions(uniqueKeyPrefix('processor'));
    producer = producerConnection(url);
    scheduler = new BullmqDeadlineScheduler(producer, options);
    inspector = new Queue(QUEUES.deadlines, { connection: producer, prefix: options.keyPrefix });
  });

  afterEach(async () => {
    for (const { processor, connection } of started.splice(0)) {
      await processor.close();
      connection.disconnect();
    }
    await scheduler.close();
    await inspector.close();
    producer.disconnect();
    await deleteKeysWithPrefix(url, options.keyPrefix);
  });

  it('fires a delayed deadline at or after fireAt, telling the handler how late it is', async () => {
    const handler = new RecordingHandler();
    await startProcessor(handler);
    const deadline = deadlineFor('complaint-1', new Date(Date.now() + 400));
    await scheduler.schedule(deadline);

    await sleep(200);
    expect(handler.firings).toHaveLength(0);
    await waitUntil(() => handler.firings.length === 1, 5_000, 'the firing');

    const [firing] = handler.firings;
    expect(firing).toMatchObject({ ...deadline, attempt: 1 });
    expect(firing.calledAt).toBeGreaterThanOrEqual(deadline.fireAt.getTime());
    expect(firing.lateByMs).toBeGreaterThanOrEqual(0);
    expect(firing.lateByMs).toBeLessThanOrEqual(firing.calledAt - deadline.fireAt.getTime());
    await waitUntil(async () => (await inspector.getJob(deadlineJobId(deadline)))?.returnvalue !== null, 2_000, 'completion');
    expect((await inspector.getJob(deadlineJobId(deadline)))?.returnvalue).toEqual({ outcome: 'fired', lateByMs: firing.lateByMs });
  });

  it('fires the deadlines scheduled together for one instant as one due-instant job, at or after the instant, and keeps no trace of it', async () => {
    const handler = new RecordingHandler();
    await startProcessor(handler);
    const fireAt = new Date(Date.now() + 1_500);
    const dueAt = dueInstantOf(fireAt, options.deadlineBatchWindowMs);
    expect(await scheduler.scheduleAll(Array.from({ length: 100 }, (_, index) => deadlineFor(`complaint-${index}`, fireAt)))).toBe(true);

    await waitUntil(() => handler.dueFirings.length === 1, 5_000, 'the due-instant job');
    await sleep(300);

    expect(handler.firings).toHaveLength(0);
    expect(handler.dueFirings).toHaveLength(1);
    const [firing] = handler.dueFirings;
    expect(firing).toMatchObject({ dueAt, attempt: 1 });
    expect(firing.calledAt).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(firing.lateByMs).toBeLessThanOrEqual(firing.calledAt - dueAt.getTime());
    // Removed once done, so a later deadline of the same instant (a producer clock behind) would arm it again.
    expect(await inspector.getJobCounts('completed', 'delayed', 'wait', 'active')).toEqual({ completed: 0, delayed: 0, wait: 0, active: 0 });
  });

  it('carries how late a deadline scheduled after it passed is', async () => {
    const handler = new RecordingHandler();
    await startProcessor(handler);
    await scheduler.schedule(deadlineFor('complaint-late', new Date(Date.now() - 5_000)));

    await waitUntil(() => handler.firings.length === 1, 5_000, 'the late firing');
    expect(handler.firings[0].lateByMs).toBeGreaterThanOrEqual(5_000);
  });

  it('waits for fireAt by its own clock when a job arrives early (clock skew between producer and worker)', async () => {
    const handler = new RecordingHandler();
    await startProcessor(handler);
    const deadline = deadlineFor('complaint-skewed', new Date(Date.now() + 300));
    await inspector.add('breach', toDeadlineJobData(deadline), { jobId: deadlineJobId(deadline) }); // no delay

    await waitUntil(() => handler.firings.length === 1, 5_000, 'the firing');
    expect(handler.firings[0].calledAt).toBeGreaterThanOrEqual(deadline.fireAt.getTime());
    await sleep(200);
    expect(handler.firings).toHaveLength(1);
  });

  it('retries a failing handler with backoff until it succeeds', async () => {
    const handler = new RecordingHandler(async (firing) => {
      if (firing.attempt < 3) throw new Error('event store unavailable');
      return { outcome: 'fired', lateByMs: firing.lateByMs };
    });
    await startProcessor(handler);
    const deadline = deadlineFor('complaint-retried', new Date());
    await scheduler.schedule(deadline);

    await waitUntil(() => handler.firings.length === 3, 5_000, 'three attempts');
    expect(handler.firings.map((firing) => firing.attempt)).toEqual([1, 2, 3]);
    // exponential backoff from 50 ms: at least 50 ms, then 100 ms between attempts
    const [first, second, third] = handler.firings.map((firing) => firing.calledAt) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(45);
    expect(third - second).toBeGreaterThanOrEqual(95);
    await waitUntil(async () => (await inspector.getJob(deadlineJobId(deadline)))?.finishedOn !== undefined, 2_000, 'completion');
    expect(await (await inspector.getJob(deadlineJobId(deadline)))?.getState()).toBe('completed');
  });

  it('gives up after the configured attempts and leaves the job failed', async () => {
    const handler = new RecordingHandler(async () => {
      throw new Error('always broken');
    });
    await startProcessor(handler);
    const deadline = deadlineFor('complaint-broken', new Date());
    await scheduler.schedule(deadline);

    await waitUntil(async () => (await inspector.getJobCountByTypes('failed')) === 1, 5_000, 'the failure');
    expect(handler.firings).toHaveLength(options.deadlineRetry.attempts);
  });

  it('never hands the same job to two workers running at once', async () => {
    const calls = new Map<string, number>();
    const callsByWorker = [0, 0];
    const countingHandler = (worker: number): DeadlineFiringHandler => ({
      fire: async (firing) => {
        calls.set(firing.caseStream, (calls.get(firing.caseStream) ?? 0) + 1);
        callsByWorker[worker] += 1;
        await sleep(5); // long enough for the other worker to try for the same job
        return { outcome: 'fired', lateByMs: firing.lateByMs };
      },
      fireDue: nothingDue,
    });
    await startProcessor(countingHandler(0));
    await startProcessor(countingHandler(1));
    const fireAt = new Date(Date.now() + 200);
    const cases = Array.from({ length: 80 }, (_, index) => `complaint-${index}`);
    await Promise.all(cases.map((caseStream) => scheduler.schedule(deadlineFor(caseStream, fireAt))));

    await waitUntil(async () => (await inspector.getJobCountByTypes('completed')) === cases.length, 10_000, 'every job');
    await sleep(200);
    expect([...calls.keys()].sort()).toEqual([...cases].sort());
    expect([...calls.values()].every((count) => count === 1)).toBe(true);
    expect(callsByWorker.every((count) => count > 0)).toBe(true); // they did compete for the jobs
  });

  it('lets a running firing finish when it is closed', async () => {
    let finished = false;
    const processor = await startProcessor({
      fire: async (firing) => {
        await sleep(300);
        finished = true;
        return { outcome: 'fired', lateByMs: firing.lateByMs };
      },
      fireDue: nothingDue,
    });
    await scheduler.schedule(deadlineFor('complaint-closing', new Date()));
    await waitUntil(async () => (await inspector.getJobCountByTypes('active')) === 1, 5_000, 'the job to start');

    await processor.close();

    expect(finished).toBe(true);
    expect(await inspector.getJobCountByTypes('completed')).toBe(1);
  });
});
