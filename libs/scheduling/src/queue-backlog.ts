import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@duban/config';
import { REDIS_PRODUCER } from '@duban/platform';
import { QUEUES } from './scheduling-options';

export const BACKLOG_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;
export type QueueCounts = Record<(typeof BACKLOG_STATES)[number], number>;

const READ_TIMEOUT_MS = 1_000;

/**
 * How many jobs wait in each queue, for /metrics and /health/ready. Read from Redis on demand over
 * the API's fail-fast producer connection: when Redis is away the answer is undefined at once,
 * never a hung scrape.
 */
@Injectable()
export class QueueBacklog implements OnModuleDestroy {
  private readonly queues: Queue[];

  constructor(
    @Inject(REDIS_PRODUCER) private readonly connection: Redis,
    config: AppConfig,
  ) {
    this.queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix: config.QUEUE_PREFIX }));
  }

  async counts(): Promise<Record<string, QueueCounts> | undefined> {
    if (this.connection.status !== 'ready') return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(undefined), READ_TIMEOUT_MS)));
    const read = Promise.all(this.queues.map(async (queue) => [queue.name, (await queue.getJobCounts(...BACKLOG_STATES)) as QueueCounts] as const));
    try {
      const counted = await Promise.race([read, timeout]);
      return counted && Object.fromEntries(counted);
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    // The connection is the platform's: closing the queues leaves it open.
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
