import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '../scheduling-options';
import {
  deleteKeysWithPrefix,
  freePort,
  producerConnection,
  sharedRedisUrl,
  testSchedulingOptions,
  uniqueKeyPrefix,
} from '../testing/redis-test-namespace';
import { deadlineJobId, type Deadline } from './deadline';
import { BullmqDeadlineScheduler } from './deadline-scheduler';

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
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    } finally {
      await scheduler.close();
      connection.disconnect();
    }
  });
});
