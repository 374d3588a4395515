import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '../scheduling-options';
import { deleteKeysWithPrefix, freePort, producerConnection, sharedRedisUrl, testSchedulingOptions, uniqueKeyPrefix } from '../testing/redis-test-namespace';
import { deadlineJobId, DUE_JOB_NAME, dueInstantOf, dueJobId, duePartJobId, type Deadline } from './deadline';
import { BullmqDeadlineScheduler, DUE_JOB_LEAD_MS } from './deadline-scheduler';

const inOneHour = (): Date => new Date(Date.now() + 3_600_000);

const breach = (overrides: Partial<Deadline> = {}): Deadline => ({
  caseStream: 'complaint:0b7c',
  clockId: 'reply',
  clockVersion: 1,
  kind: 'breach',
  fireAt: inOneHour(),
  ...overrides,
});

describe('BullmqDeadlineScheduler (real Redis)', () => {
  const url = sharedRedisUrl();
  let keyPrefix: string;
  let connection: Redis;
  let scheduler: BullmqDeadlineScheduler;
  let inspector: Queue;

  beforeEach(() => {
    keyPrefix = uniqueKeyPrefix('scheduler');
    connection = producerConnection(url);
    scheduler = new BullmqDeadlineScheduler(connection, testSchedulingOptions(keyPrefix));
    inspector = new Queue(QUEUES.deadlines, { connection, prefix: keyPrefix });
  });

  afterEach(async () => {
    await scheduler.close();
    await inspector.close();
    connection.disconnect();
    await deleteKeysWithPrefix(url, keyPrefix);
  });

  it('schedules the same deadline twice as one delayed job carrying the deadline', async () => {
    const deadline = breach();
    expect(await scheduler.schedule(deadline)).toBe(true);
    expect(await scheduler.schedule({ ...deadline, fireAt: new Date(deadline.fireAt.getTime() + 5_000) })).toBe(true);

    expect(await inspector.getJobCounts('delayed', 'wait')).toEqual({ delayed: 1, wait: 0 });
    const job = await inspector.getJob(deadlineJobId(deadline));
    expect(job?.data).toEqual({ ...deadline, fireAt: deadline.fireAt.toISOString() });
    expect(job?.id).not.toContain(':');
    expect(job?.opts.attempts).toBe(3);
  });

  it("hands a due instant's cases out as parts due at once, one job each; the same parts again are no-ops", async () => {
    const dueAt = new Date(Date.now() - 1_000);
    const parts = [['complaint-a', 'complaint-b'], ['complaint-c']];
    expect(await scheduler.scheduleDueParts(dueAt, parts)).toBe(true);
    expect(await scheduler.scheduleDueParts(dueAt, parts)).toBe(true);

    expect(await inspector.getJobCounts('delayed', 'wait')).toEqual({ delayed: 0, wait: 2 });
    const jobs = await Promise.all(parts.map((_, part) => inspector.getJob(duePartJobId(dueAt, part))));
    expect(jobs.map((job) => [job?.name, job?.data])).toEqual(parts.map((streams) => [DUE_JOB_NAME, { dueAt: dueAt.toISOString(), streams }]));
    expect(duePartJobId(dueAt, 0)).not.toBe(dueJobId(dueAt));
  });

  it('gives a new clock version and each warning threshold a job of its own', async () => {
    await scheduler.schedule(breach());
    await scheduler.schedule(breach({ clockVersion: 2 }));
    await scheduler.schedule(breach({ kind: 'warning', threshold: 0.5 }));
    await scheduler.schedule(breach({ kind: 'warning', threshold: 0.8 }));
    await scheduler.schedule(breach({ kind: 'warning', threshold: 0.8 }));

    expect(await inspector.getJobCountByTypes('delayed')).toBe(4);
  });

  it('queues a deadline already past for immediate firing', async () => {
    await scheduler.schedule(breach({ fireAt: new Date(Date.now() - 60_000) }));
    expect(await inspector.getJobCounts('delayed', 'wait')).toEqual({ delayed: 0, wait: 1 });
  });

  it('schedules many deadlines due within one window as one delayed job of their due instant, however often', async () => {
    const options = testSchedulingOptions(keyPrefix);
    const dueAt = dueInstantOf(inOneHour(), options.deadlineBatchWindowMs);
    const deadlines = Array.from({ length: 200 }, (_, index) =>
      breach({ caseStream: `complaint-${index}`, fireAt: new Date(dueAt.getTime() - (index % 2) * (options.deadlineBatchWindowMs - 1)) }),
    );

    expect(await scheduler.scheduleAll(deadlines)).toBe(true);
    expect(await scheduler.scheduleAll(deadlines.slice(0, 10))).toBe(true);

    expect(await inspector.getJobCounts('delayed', 'wait')).toEqual({ delayed: 1, wait: 0 });
    const [job] = await inspector.getDelayed();
    expect(job).toMatchObject({ id: dueJobId(dueAt), name: DUE_JOB_NAME, data: { dueAt: dueAt.toISOString() } });
    // Never before the instant (the delay is counted from before the job's timestamp), and not long after.
    expect(job.timestamp + job.delay).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(job.timestamp + job.delay).toBeLessThan(dueAt.getTime() + 1_000);
  });

  it('gives a deadline due now or within DUE_JOB_LEAD_MS a job of its own, for the due-instant job may be running already', async () => {
    const soon = breach({ caseStream: 'complaint-soon', fireAt: new Date(Date.now() + DUE_JOB_LEAD_MS / 2) });
    const past = breach({ caseStream: 'complaint-past', fireAt: new Date(Date.now() - 60_000) });
    const later = breach({ caseStream: 'complaint-later' });

    expect(await scheduler.scheduleAll([soon, past, later])).toBe(true);

    const jobs = await inspector.getJobs(['delayed', 'wait']);
    expect(jobs.map((job) => job.id).sort()).toEqual(
      [deadlineJobId(soon), deadlineJobId(past), dueJobId(dueInstantOf(later.fireAt, testSchedulingOptions(keyPrefix).deadlineBatchWindowMs))].sort(),
    );
  });

  it('cancels a pending deadline', async () => {
    await scheduler.schedule(breach());
    await scheduler.schedule(breach({ clockId: 'acknowledge' }));

    expect(await scheduler.cancel(breach())).toBe(true);

    const remaining = await inspector.getDelayed();
    expect(remaining.map((job) => job.data.clockId)).toEqual(['acknowledge']);
  });
});

describe('BullmqDeadlineScheduler when Redis is down', () => {
  it('resolves false promptly instead of throwing or waiting for Redis', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const connection = producerConnection(deadUrl);
    const scheduler = new BullmqDeadlineScheduler(connection, testSchedulingOptions(uniqueKeyPrefix('dead'), { enqueueTimeoutMs: 1_500 }));
    try {
      const startedAt = Date.now();
      expect(await scheduler.schedule(breach())).toBe(false);
      expect(await scheduler.schedule(breach())).toBe(false); // once the connection is known to be down, too
      expect(await scheduler.scheduleAll([breach(), breach({ fireAt: new Date() })])).toBe(false);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    } finally {
      await scheduler.close();
      connection.disconnect();
    }
  });
});
