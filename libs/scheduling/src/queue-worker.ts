import { Logger } from '@nestjs/common';
import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { RETENTION } from './scheduling-options';

/**
 * A BullMQ worker with the settings every Duban queue shares: the key prefix, retention of
 * finished jobs, and logged failures. BullMQ duplicates the given worker-role connection for its
 * own blocking and command connections and closes those in `close()`.
 */
export function startQueueWorker<Data, Result>(
  queueName: string,
  processor: Processor<Data, Result>,
  connection: Redis,
  options: { keyPrefix: string } & Pick<WorkerOptions, 'concurrency'>,
): Worker<Data, Result> {
  const logger = new Logger(`Worker ${queueName}`);
  const worker = new Worker<Data, Result>(queueName, processor, {
    connection,
    prefix: options.keyPrefix,
    concurrency: options.concurrency ?? 1,
    ...RETENTION,
  });
  worker.on('failed', (job, error) => {
    const attempts = job ? ` (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1})` : '';
    logger.warn(`Job ${job?.id ?? '?'} failed${attempts}: ${error.message}`);
  });
  worker.on('error', (error) => logger.error(`Worker error: ${error.message}`));
  return worker;
}
