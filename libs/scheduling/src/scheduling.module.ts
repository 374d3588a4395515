import { Module, type DynamicModule, type ModuleMetadata, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider, type Type } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_PRODUCER } from '@duban/platform';
import { createRedisConnection } from '@duban/redis';
import type { DeadlineHandler } from './deadlines/deadline';
import { DeadlineProcessor } from './deadlines/deadline-processor';
import { BullmqDeadlineScheduler, DeadlineScheduler } from './deadlines/deadline-scheduler';
import { DeadlineSweeper } from './deadlines/deadline-sweeper';
import { NotificationProcessor } from './notifications/notification-processor';
import { BullmqNotificationPublisher, NotificationPublisher } from './notifications/notification-publisher';
import { WebhookSink } from './notifications/webhook-sink';
import { resolveSchedulingOptions, type ResolvedSchedulingOptions, type SchedulingOptions } from './scheduling-options';

export const SCHEDULING_OPTIONS = Symbol('SCHEDULING_OPTIONS');
export const DEADLINE_HANDLER = Symbol('DEADLINE_HANDLER');
const REDIS_WORKER = Symbol('SCHEDULING_REDIS_WORKER');
const LIFECYCLE = Symbol('SCHEDULING_LIFECYCLE');

export interface SchedulingWorkerOptions extends SchedulingOptions {
  /** Redis for the BullMQ workers, which wait out outages (producers fail fast on PlatformModule's). */
  redisUrl: string;
  /** The SLA layer's firing and recovery; without one, this worker only delivers notifications. */
  deadlineHandler?: Type<DeadlineHandler>;
  /** Modules the deadline handler's dependencies come from (global modules need not be listed). */
  imports?: ModuleMetadata['imports'];
}

interface Closeable {
  close(): Promise<void>;
}

interface Startable extends Closeable {
  start(): Promise<void>;
}

/** Starts the workers once the app is up; on shutdown lets running jobs finish, then lets go of Redis. */
class SchedulingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly workers: Startable[],
    private readonly resources: Closeable[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const worker of this.workers) await worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const worker of [...this.workers].reverse()) await worker.close();
    for (const resource of this.resources) await resource.close();
  }
}

const PRODUCER_PROVIDERS: Provider[] = [
  {
    provide: DeadlineScheduler,
    inject: [REDIS_PRODUCER, SCHEDULING_OPTIONS],
    useFactory: (redis: Redis, options: ResolvedSchedulingOptions) => new BullmqDeadlineScheduler(redis, options),
  },
  {
    provide: NotificationPublisher,
    inject: [REDIS_PRODUCER, SCHEDULING_OPTIONS],
    useFactory: (redis: Redis, options: ResolvedSchedulingOptions) => new BullmqNotificationPublisher(redis, options),
  },
];

/**
 * DeadlineScheduler and NotificationPublisher for every module (global), on PlatformModule's
 * fail-fast producer connection; in apps/worker also the processors and the sweeper.
 */
@Module({})
export class SchedulingModule {
  /** apps/api: producers only. */
  static forProducers(options: SchedulingOptions = {}): DynamicModule {
    return {
      module: SchedulingModule,
      global: true,
      providers: [
        { provide: SCHEDULING_OPTIONS, useValue: resolveSchedulingOptions(options) },
        ...PRODUCER_PROVIDERS,
        {
          provide: LIFECYCLE,
          inject: [DeadlineScheduler, NotificationPublisher],
          useFactory: (...producers: Closeable[]) => new SchedulingLifecycle([], producers),
        },
      ],
      exports: [SCHEDULING_OPTIONS, DeadlineScheduler, NotificationPublisher],
    };
  }

  /** apps/worker: producers, notification delivery and, given a handler, deadline firing and sweeps. */
  static forWorker({ redisUrl, deadlineHandler, imports = [], ...options }: SchedulingWorkerOptions): DynamicModule {
    const deadlineProviders: Provider[] = deadlineHandler
      ? [
          { provide: DEADLINE_HANDLER, useClass: deadlineHandler },
          {
            provide: DeadlineProcessor,
            inject: [REDIS_WORKER, DEADLINE_HANDLER, SCHEDULING_OPTIONS],
            useFactory: (redis: Redis, handler: DeadlineHandler, resolved: ResolvedSchedulingOptions) => new DeadlineProcessor(redis, handler, resolved),
          },
          {
            provide: DeadlineSweeper,
            inject: [REDIS_WORKER, DEADLINE_HANDLER, SCHEDULING_OPTIONS],
            useFactory: (redis: Redis, handler: DeadlineHandler, resolved: ResolvedSchedulingOptions) => new DeadlineSweeper(redis, handler, resolved),
          },
        ]
      : [];
    const workers = deadlineHandler ? [NotificationProcessor, DeadlineProcessor, DeadlineSweeper] : [NotificationProcessor];
    return {
      module: SchedulingModule,
      global: true,
      imports,
      providers: [
        { provide: SCHEDULING_OPTIONS, useValue: resolveSchedulingOptions(options) },
        ...PRODUCER_PROVIDERS,
        {
          provide: REDIS_WORKER,
          useFactory: () => {
            const connection = createRedisConnection(redisUrl, 'worker', 'duban-scheduling-worker');
            connection.on('error', () => undefined); // the BullMQ workers log their own connection errors
            return connection;
          },
        },
        {
          provide: NotificationProcessor,
          inject: [REDIS_WORKER, SCHEDULING_OPTIONS],
          useFactory: (redis: Redis, resolved: ResolvedSchedulingOptions) =>
            new NotificationProcessor(redis, new WebhookSink(resolved.webhooks, resolved.webhookTimeoutMs), resolved),
        },
        ...deadlineProviders,
        {
          provide: LIFECYCLE,
          inject: [REDIS_WORKER, DeadlineScheduler, NotificationPublisher, ...workers],
          useFactory: (redis: Redis, scheduler: DeadlineScheduler, publisher: NotificationPublisher, ...started: Startable[]) =>
            new SchedulingLifecycle(started, [scheduler, publisher, { close: async () => redis.disconnect() }]),
        },
      ],
      exports: [SCHEDULING_OPTIONS, DeadlineScheduler, NotificationPublisher],
    };
  }
}
