import { Injectable, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@duban/config';
import { PlatformModule } from '@duban/platform';
import type { DeadlineFiring, DeadlineHandler, DueFiring, DueFiringResult, FiringResult } from './deadlines/deadline';
import { DeadlineScheduler } from './deadlines/deadline-scheduler';
import { NotificationPublisher } from './notifications/notification-publisher';
import { DEADLINE_HANDLER, SchedulingModule } from './scheduling.module';
import { QUEUES } from './scheduling-options';
import { deleteKeysWithPrefix, freePort, sharedRedisUrl, sleep, uniqueKeyPrefix, waitUntil, workerConnection } from './testing/redis-test-namespace';

/** What the SLA layer will provide; it gets the scheduler injected like any other provider. */
@Injectable()
class RecordingDeadlineHandler implements DeadlineHandler {
  readonly fired: DeadlineFiring[] = [];
  reconciles = 0;
  sweeps = 0;
  running = 0;

  constructor(readonly scheduler: DeadlineScheduler) {}

  async fire(firing: DeadlineFiring): Promise<FiringResult> {
    this.running += 1;
    await sleep(200);
    this.fired.push(firing);
    this.running -= 1;
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
  }
}

const deadline = { caseStream: 'complaint-9', clockId: 'reply', clockVersion: 1, kind: 'breach' as const };

describe('SchedulingModule (Nest, real Redis)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-scheduling-module-'));
  let keyPrefix: string;

  async function startApp(redisUrl: string, scheduling: DynamicModule): Promise<INestApplicationContext> {
    const config = loadConfig({ DATA_DIR: dataDir, REDIS_URL: redisUrl, REDIS_AUTOSTART: 'false' });
    @Module({ imports: [PlatformModule.forRoot(config), scheduling] })
    class AppUnderTest {}
    const app = await NestFactory.createApplicationContext(AppUnderTest, { logger: false });
    app.enableShutdownHooks();
    return app;
  }

  beforeEach(() => {
    keyPrefix = uniqueKeyPrefix('module');
  });

  afterEach(() => deleteKeysWithPrefix(sharedRedisUrl(), keyPrefix));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the worker side: reconciles in a job after start, sweeps, fires through the handler, and drains on close', async () => {
    const url = sharedRedisUrl();
    const app = await startApp(url, SchedulingModule.forWorker({ redisUrl: url, keyPrefix, sweepIntervalMs: 200, deadlineHandler: RecordingDeadlineHandler }));
    const handler = app.get<RecordingDeadlineHandler>(DEADLINE_HANDLER);
    // The start-up reconcile is a queued job, so start-up does not wait for it.
    await waitUntil(() => handler.reconciles === 1, 5_000, 'the start-up reconcile');
    expect(handler.scheduler).toBe(app.get(DeadlineScheduler));

    expect(await app.get(DeadlineScheduler).schedule({ ...deadline, fireAt: new Date() })).toBe(true);
    await waitUntil(() => handler.running === 1, 5_000, 'the firing to start');
    await waitUntil(() => handler.sweeps >= 1, 5_000, 'a sweep');
    await app.close();

    expect(handler.fired).toHaveLength(1); // close waited for the running firing
    const connection = workerConnection(url);
    const inspector = new Queue(QUEUES.deadlines, { connection, prefix: keyPrefix });
    try {
      expect(await inspector.getJobCountByTypes('completed')).toBe(1);
    } finally {
      await inspector.close();
      connection.disconnect();
    }
  });

  it('gives the API producers that report an unavailable Redis as false', async () => {
    const deadUrl = `redis://127.0.0.1:${await freePort()}`;
    const app = await startApp(deadUrl, SchedulingModule.forProducers({ keyPrefix }));
    try {
      expect(await app.get(DeadlineScheduler).schedule({ ...deadline, fireAt: new Date() })).toBe(false);
      expect(await app.get(NotificationPublisher).publish({ id: 'evt-1', type: 'CaseEscalated', caseId: 'complaint-9', unitId: 'hq', payload: {} })).toBe(false);
    } finally {
      await app.close();
    }
  });
});
