import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CLOCK, type Clock } from '@duban/command-handling';
import { CaseCommandHandler, COMPLAINTS } from '@duban/cases';
import { loadConfig, type AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { DeadlineScheduler, DUE_JOB_NAME, QUEUES } from '@duban/scheduling';
import { DeadlineEnforcer, QueuedDeadlineScheduling } from '@duban/sla-enforcement';
import {
  deleteKeysWithPrefix,
  freePort,
  sharedRedisUrl,
  sleep,
  startPrivateRedis,
  uniqueKeyPrefix,
  waitUntil,
  workerConnection,
} from '../../../../libs/scheduling/src/testing/redis-test-namespace';
import { ONE_ESCALATION_POLICIES } from '../../../../test/support/crash-scenarios';
import { HAICHENG_OUTLET } from '../../../../test/support/demo-data';
import { WorkerModule } from '../worker.module';
import { DUE_PART_SIZE } from './sla-deadline-handler';

/**
 * A burst of complaints whose reply deadlines fall at one instant, on real worker modules, a real
 * SQLite file and real Redis: escalated by a few due-instant jobs, each complaint exactly once.
 * The one-escalation policy gives a 3-second reply clock and a month per further level.
 */
jest.setTimeout(60_000);

const REPLY_CLOCK_MS = 3_000;
const BURST = 300;

/** Held at a set instant while complaints are registered, so their deadlines coincide; the wall clock otherwise. */
class HeldClock implements Clock {
  held: Date | undefined;

  now(): Date {
    return this.held ? new Date(this.held) : new Date();
  }
}

type Worker = { app: INestApplicationContext; clock: HeldClock };

describe('a burst of deadlines due at one instant (worker modules, real SQLite, real Redis)', () => {
  let dataDir: string;
  let redisUrl: string;
  let queuePrefix: string;
  const workers: Worker[] = [];

  function workerConfig(sweepIntervalMs: number, metricsPort = 0): AppConfig {
    return loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      REDIS_AUTOSTART: 'false',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      SLA_POLICY_FILE: ONE_ESCALATION_POLICIES,
      SLA_CALENDARS_DIR: join(__dirname, '../../../../config/sla/calendars'),
      QUEUE_PREFIX: queuePrefix,
      SWEEP_INTERVAL_MS: String(sweepIntervalMs),
      WORKER_METRICS_PORT: String(metricsPort),
    });
  }

  async function startWorker(sweepIntervalMs = 60_000, metricsPort = 0): Promise<Worker> {
    const clock = new HeldClock();
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(workerConfig(sweepIntervalMs, metricsPort))] })
      .overrideProvider(CLOCK)
      .useValue(clock)
      .compile();
    moduleRef.useLogger(['error']);
    const worker = { app: await moduleRef.init(), clock };
    workers.push(worker);
    return worker;
  }

  /** Registers `count` complaints with the clock held REPLY_CLOCK_MS before `dueAt`, and schedules their deadlines as the API does. */
  async function registerDueAt(worker: Worker, dueAt: number, count: number, label: string): Promise<string[]> {
    const commands = worker.app.get(CaseCommandHandler);
    const scheduling = new QueuedDeadlineScheduling(worker.app.get(DeadlineEnforcer), worker.app.get(DeadlineScheduler));
    const actor = { id: 'handler.haicheng', role: 'handler' as const, unitId: HAICHENG_OUTLET };
    worker.clock.held = new Date(dueAt - REPLY_CLOCK_MS);
    const ids = Array.from({ length: count }, (_, index) => `${label}-${index}`);
    try {
      for (const id of ids) {
        const command = {
          type: 'register' as const,
          complaintId: id,
          channel: 'walk_in' as const,
          caseType: 'complaint' as const,
          category: 'attitude',
          customer: { name: '陈**' },
          description: '柜员态度冷漠',
          unitId: HAICHENG_OUTLET,
          receivedAt: worker.clock.now().toISOString(),
          priority: 'normal' as const,
        };
        await commands.execute(COMPLAINTS, id, command, { actor, correlationId: id, causationId: id });
        await scheduling.clocksChanged('complaint', id);
      }
    } finally {
      worker.clock.held = undefined;
    }
    if (Date.now() >= dueAt - 500) throw new Error('Registering took too long: the deadlines were due before the test could watch them');
    return ids;
  }

  /** ComplaintEscalated events per complaint id, and when each was recorded. */
  async function escalations(store: EventStore): Promise<Map<string, number[]>> {
    const byCase = new Map<string, number[]>();
    for (const event of await store.readAll({ filter: { streamPrefixes: ['complaint-'], eventTypes: ['ComplaintEscalated'] } })) {
      const id = event.stream.slice('complaint-'.length);
      byCase.set(id, [...(byCase.get(id) ?? []), event.createdAt.getTime()]);
    }
    return byCase;
  }

  async function expectEachEscalatedOnce(store: EventStore, ids: readonly string[], notBefore: number): Promise<void> {
    let escalatedNow = await escalations(store);
    await waitUntil(
      async () => {
        escalatedNow = await escalations(store);
        return ids.every((id) => escalatedNow.has(id));
      },
      30_000,
      `${ids.length} escalations`,
    );
    // Time for any second escalation to show.
    await sleep(1_500);
    escalatedNow = await escalations(store);
    const counts = ids.map((id) => escalatedNow.get(id)?.length ?? 0);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
    expect(Math.min(...ids.map((id) => escalatedNow.get(id)![0]))).toBeGreaterThanOrEqual(notBefore);
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'duban-batched-escalation-'));
    queuePrefix = uniqueKeyPrefix('batched-escalation');
    redisUrl = sharedRedisUrl();
  });

  afterEach(async () => {
    for (const { app } of workers.splice(0)) await app.close();
    await deleteKeysWithPrefix(redisUrl, queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('escalates every complaint exactly once through one due-instant job handed out in parts, and a duplicate of that job on another worker changes nothing', async () => {
    const first = await startWorker();
    const second = await startWorker(); // the second worker, for the duplicate job and a share of the parts
    const dueAt = Date.now() + REPLY_CLOCK_MS + BURST * 20;
    const ids = await registerDueAt(first, dueAt, BURST, 'burst');
    const handedOut = [first, second].map((worker) => jest.spyOn(worker.app.get(DeadlineScheduler), 'scheduleDueParts'));

    const connection = workerConnection(redisUrl);
    const queue = new Queue(QUEUES.deadlines, { connection, prefix: queuePrefix });
    try {
      const queued = await queue.getJobs(['delayed', 'wait']);
      expect(queued.map((job) => job.name)).toEqual([DUE_JOB_NAME]);
      // The same instant's job again under another id: both run at once, on the two workers.
      await queue.add(DUE_JOB_NAME, queued[0].data, { jobId: 'duplicate-due-job', delay: Math.max(0, dueAt - Date.now()) });
      await expectEachEscalatedOnce(first.app.get<EventStore>(EVENT_STORE), ids, dueAt);
      expect(await queue.getJobCounts('failed')).toEqual({ failed: 0 });
      // The first due job found the whole burst and handed it out in parts of at most DUE_PART_SIZE, each complaint in one
      // (the duplicate may have come after some were enforced, and found fewer).
      const partings = handedOut.flatMap((spy) => spy.mock.calls.map(([, parts]) => parts.map((part) => [...part])));
      for (const parts of partings) {
        expect(Math.max(...parts.map((part) => part.length))).toBeLessThanOrEqual(DUE_PART_SIZE);
        expect(new Set(parts.flat()).size).toBe(parts.flat().length);
      }
      const everyStream = ids.map((id) => `complaint-${id}`).sort();
      expect(partings.map((parts) => parts.flat().sort())).toContainEqual(everyStream);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });

  it('recovers a Redis that loses everything mid-burst: the complaints not yet escalated are, each once', async () => {
    const redis = await startPrivateRedis();
    redisUrl = redis.url;
    try {
      const metricsPort = await freePort();
      const worker = await startWorker(1_000, metricsPort);
      const firstDueAt = Date.now() + REPLY_CLOCK_MS + BURST * 20;
      const laterDueAt = firstDueAt + 2_500;
      const first = await registerDueAt(worker, firstDueAt, BURST / 2, 'first');
      const later = await registerDueAt(worker, laterDueAt, BURST / 2, 'later');
      const store = worker.app.get<EventStore>(EVENT_STORE);

      await waitUntil(async () => (await escalations(store)).size > 0, 20_000, 'the burst to start');
      const client = new Redis(redis.url);
      await client.flushall(); // the later instant's job goes, the running one loses its lock
      client.disconnect();

      await expectEachEscalatedOnce(store, [...first, ...later], firstDueAt);
      // Its Prometheus endpoint saw each enforcement once, with how late it came.
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^duban_escalation_lag_seconds_count\\{kind="complaint"\\} ${BURST}$`, 'm'));
      expect(metrics).toMatch(/^duban_pending_clock_firings\{state="overdue"\} \d+$/m);
    } finally {
      for (const { app } of workers.splice(0)) await app.close();
      await redis.remove();
      redisUrl = sharedRedisUrl(); // nothing of this test's is left there to clean
    }
  });
});
