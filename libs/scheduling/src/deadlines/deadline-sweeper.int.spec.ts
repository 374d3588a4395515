import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import { deleteKeysWithPrefix, sharedRedisUrl, sleep, testSchedulingOptions, uniqueKeyPrefix, waitUntil, workerConnection } from '../testing/redis-test-namespace';
import type { DeadlineRecovery } from './deadline';
import { DeadlineSweeper, SWEEP_SCHEDULER_ID } from './deadline-sweeper';

class CountingRecovery implements DeadlineRecovery {
  sweeps = 0;
  reconciles = 0;

  constructor(private readonly reconcileFailure?: Error) {}

  async sweep(): Promise<void> {
    this.sweeps += 1;
  }

  async reconcileOnStart(): Promise<void> {
    this.reconciles += 1;
    if (this.reconcileFailure) throw this.reconcileFailure;
  }
}

describe('DeadlineSweeper (real Redis)', () => {
  const url = sharedRedisUrl();
  let options: ResolvedSchedulingOptions;
  let inspectorConnection: Redis;
  let inspector: Queue;
  const started: Array<{ sweeper: DeadlineSweeper; connection: Redis }> = [];

  async function startSweeper(recovery: DeadlineRecovery): Promise<DeadlineSweeper> {
    const connection = workerConnection(url);
    const sweeper = new DeadlineSweeper(connection, recovery, options);
    started.push({ sweeper, connection });
    await sweeper.start();
    return sweeper;
  }

  beforeEach(() => {
    options = testSchedulingOptions(uniqueKeyPrefix('sweeper'), { sweepIntervalMs: 200 });
    inspectorConnection = workerConnection(url);
    inspector = new Queue(QUEUES.sweeps, { connection: inspectorConnection, prefix: options.keyPrefix });
  });

  afterEach(async () => {
    for (const { sweeper, connection } of started.splice(0)) {
      await sweeper.close();
      connection.disconnect();
    }
    await inspector.close();
    inspectorConnection.disconnect();
    await deleteKeysWithPrefix(url, options.keyPrefix);
  });

  it('reconciles once on start, then sweeps every interval', async () => {
    const recovery = new CountingRecovery();
    await startSweeper(recovery);
    await waitUntil(() => recovery.reconciles === 1, 3_000, 'the reconcile');

    await waitUntil(() => recovery.sweeps >= 3, 3_000, 'three sweeps');
    expect(recovery.reconciles).toBe(1);
    expect(await inspector.getJobSchedulers()).toEqual([expect.objectContaining({ key: SWEEP_SCHEDULER_ID, every: 200 })]);
  });

  it('keeps one scheduler and one sweep per interval when several workers start it', async () => {
    const first = new CountingRecovery();
    const second = new CountingRecovery();
    await startSweeper(first);
    await startSweeper(second);
    const since = Date.now();
    const sweepsBefore = first.sweeps + second.sweeps;

    await sleep(1_200);

    expect(await inspector.getJobSchedulersCount()).toBe(1);
    const intervals = (Date.now() - since) / options.sweepIntervalMs;
    const sweeps = first.sweeps + second.sweeps - sweepsBefore;
    expect(sweeps).toBeGreaterThanOrEqual(2);
    expect(sweeps).toBeLessThanOrEqual(Math.ceil(intervals) + 1); // two schedulers would sweep twice as often
    expect(first.reconciles + second.reconciles).toBe(2); // each start reconciles, on whichever worker takes its job
  });

  it('is up before its reconcile ends: the reconcile runs as a job', async () => {
    let endReconcile = (): void => undefined;
    const recovery = new CountingRecovery();
    recovery.reconcileOnStart = () => {
      recovery.reconciles += 1;
      return new Promise((resolveReconcile) => (endReconcile = resolveReconcile));
    };
    await startSweeper(recovery);
    await waitUntil(() => recovery.reconciles === 1, 3_000, 'the reconcile to begin');

    expect(await inspector.getActiveCount()).toBe(1); // still running, the sweeper already started
    endReconcile();
    await waitUntil(async () => (await inspector.getActiveCount()) === 0, 3_000, 'the reconcile to end');
  });

  it('applies a new interval when started again with one', async () => {
    const recovery = new CountingRecovery();
    const sweeper = await startSweeper(recovery);
    await sweeper.close();
    options = { ...options, sweepIntervalMs: 5_000 };
    await startSweeper(recovery);

    expect(await inspector.getJobSchedulers()).toEqual([expect.objectContaining({ key: SWEEP_SCHEDULER_ID, every: 5_000 })]);
  });

  it('still starts and sweeps when the reconcile on start fails', async () => {
    const recovery = new CountingRecovery(new Error('read side unavailable'));
    await startSweeper(recovery);

    await waitUntil(() => recovery.sweeps >= 2 && recovery.reconciles === 1, 3_000, 'sweeps after a failed reconcile');
  });
});
