import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { loadConfig, type AppConfig } from '@duban/config';
import { startPrivateRedis, type PrivateRedis } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

/**
 * The whole deadline path on real time: the API records clocks and schedules BullMQ delayed jobs,
 * real worker modules fire them against the same SQLite file and Redis. Reply clocks last 2 s and
 * each escalation level 2 s more (test/fixtures/sla-policies.seconds.json).
 */
// Each ladder takes about 8 s of real time, and then 3 s of watching that nothing else happens.
jest.setTimeout(60_000);

const SECONDS_POLICIES = join(__dirname, '../fixtures/sla-policies.seconds.json');
const LADDER = ['anshan-haicheng-yys', 'anshan-haicheng', 'anshan', 'hq'];

type HistoryEntry = { type: string; data: Record<string, unknown> };
type View = { escalationLevel: number; responsibleUnitId: string; clocks: { clockId: string; state: string; level: number }[] };

async function startWorker(config: AppConfig, overrides: Record<string, string> = {}): Promise<INestApplicationContext> {
  const workerConfig = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: config.DATA_DIR,
    REDIS_URL: config.REDIS_URL,
    REDIS_AUTOSTART: 'false',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    SLA_POLICY_FILE: config.SLA_POLICY_FILE,
    SLA_CALENDARS_DIR: config.SLA_CALENDARS_DIR,
    QUEUE_PREFIX: config.QUEUE_PREFIX,
    SWEEP_INTERVAL_MS: '60000',
    ...overrides,
  });
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(workerConfig)] }).compile();
  moduleRef.useLogger(['error']);
  return moduleRef.init();
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('deadlines fired by the worker through BullMQ (real Redis, real time)', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let auditor: ApiClient;
  const workers: INestApplicationContext[] = [];

  const viewOf = async (id: string): Promise<View> => (await handler.get(`/complaints/${id}`).expect(200)).body as View;
  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await auditor.get(`/complaints/${id}/history?limit=100`).expect(200)).body.items as HistoryEntry[];
  const escalationsOf = async (id: string) => (await historyOf(id)).filter((event) => event.type === 'ComplaintEscalated');

  async function expectClimbedToHeadOfficeOnce(id: string): Promise<void> {
    await waitFor(
      () => viewOf(id),
      (view) => view.responsibleUnitId === 'hq',
      'the complaint to reach head office',
    );
    // Another level's worth of time: nothing may move past head office or happen twice.
    await sleep(3_000);
    const escalations = await escalationsOf(id);
    expect(escalations.map((event) => [event.data.fromUnitId, event.data.toUnitId])).toEqual(LADDER.slice(0, -1).map((unit, index) => [unit, LADDER[index + 1]]));
    expect(escalations.every((event) => event.data.automatic === true)).toBe(true);
    const view = await viewOf(id);
    expect(view).toMatchObject({ escalationLevel: 3, responsibleUnitId: 'hq' });
    const breaches = (await historyOf(id)).filter((event) => event.type === 'ClockBreached').map((event) => event.data.clockId);
    expect(breaches).toEqual(['reply', 'reply@L1', 'reply@L2', 'reply@L3']);
  }

  describe('on the run’s Redis', () => {
    beforeAll(async () => {
      api = await startApiTestApp({ slaPolicyFile: SECONDS_POLICIES, realTime: true });
      handler = await api.as('handler.haicheng');
      auditor = await api.as('auditor');
    });
    afterEach(async () => {
      for (const worker of workers.splice(0)) await worker.close();
    });
    afterAll(() => api.close());

    it('climbs a complaint nobody answers from the outlet to head office, one level per breach, and stops there', async () => {
      workers.push(await startWorker(api.config));
      const id = await registerComplaint(handler);
      await expectClimbedToHeadOfficeOnce(id);
    });

    it('a reply in time stops the clock, and its pending jobs change nothing', async () => {
      workers.push(await startWorker(api.config));
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已当面解释。', channel: 'phone' }).expect(200);
      await sleep(3_000);
      const view = await viewOf(id);
      expect(view.escalationLevel).toBe(0);
      expect(view.clocks.find((clock) => clock.clockId === 'reply')?.state).toBe('met');
      expect((await historyOf(id)).filter((event) => event.type.startsWith('Clock') && event.type !== 'ClockStarted').map((event) => event.type)).toEqual(['ClockStopped']);
    });

    it('two workers running at once never double-escalate', async () => {
      workers.push(await startWorker(api.config), await startWorker(api.config));
      const ids = await Promise.all([1, 2, 3].map(() => registerComplaint(handler)));
      await Promise.all(ids.map(expectClimbedToHeadOfficeOnce));
    });
  });

  describe('when Redis loses everything or goes away while clocks are pending (a private redis-server)', () => {
    let redis: PrivateRedis;
    beforeAll(async () => {
      redis = await startPrivateRedis();
      api = await startApiTestApp({ slaPolicyFile: SECONDS_POLICIES, realTime: true, redisUrl: redis.url });
      handler = await api.as('handler.haicheng');
      auditor = await api.as('auditor');
    });
    afterEach(async () => {
      for (const worker of workers.splice(0)) await worker.close();
    });
    afterAll(async () => {
      await api.close();
      await redis.remove();
    });

    const flushAll = async (): Promise<void> => {
      const client = new Redis(redis.url);
      expect(await client.dbsize()).toBeGreaterThan(0); // the API scheduled the jobs
      await client.flushall();
      client.disconnect();
    };

    /**
     * Registers complaints one after another until `stop` resolves; every registration answers
     * 201 (never a failure or a hang because Redis is away) and is then in the store.
     */
    async function registerUntil(stop: Promise<unknown>): Promise<string[]> {
      let stopped = false;
      void stop.then(() => (stopped = true));
      const ids: string[] = [];
      do ids.push(await registerComplaint(handler));
      while (!stopped);
      return ids;
    }

    it('a worker restarted after FLUSHALL and a Redis restart still makes every due escalation happen exactly once, commands sent meanwhile included', async () => {
      const before = await Promise.all([1, 2].map(() => registerComplaint(handler)));
      const during = await registerUntil(
        (async () => {
          await flushAll();
          await redis.stop();
          await sleep(300);
          await redis.restart();
        })(),
      );
      // The worker was down and the jobs are gone; the deadlines pass meanwhile.
      await sleep(2_500);
      workers.push(await startWorker(api.config, { SWEEP_INTERVAL_MS: '500' }));
      await Promise.all([...before, ...during].map(expectClimbedToHeadOfficeOnce));
    });

    it('FLUSHALL under a running worker: the sweeps go on and every due escalation happens exactly once', async () => {
      workers.push(await startWorker(api.config, { SWEEP_INTERVAL_MS: '500' }));
      const ids = await Promise.all([1, 2].map(() => registerComplaint(handler)));
      await flushAll();
      await Promise.all(ids.map(expectClimbedToHeadOfficeOnce));
    });

    it('Redis down: commands still succeed, /health/ready is degraded, and the escalations catch up once Redis is back', async () => {
      workers.push(await startWorker(api.config, { SWEEP_INTERVAL_MS: '500' }));
      await redis.stop();
      const ids = await registerUntil(sleep(1_000));
      const health = await api.anonymous().get('/health/ready').expect(200);
      expect(health.body).toMatchObject({ status: 'degraded', checks: { store: { status: 'up' }, redis: { status: 'down' } } });
      // Past the first deadlines while Redis is still away.
      await sleep(2_500);
      expect((await viewOf(ids[0])).escalationLevel).toBe(0);
      await redis.restart();
      await Promise.all(ids.map(expectClimbedToHeadOfficeOnce));
      // Redis is back; the status itself may stay degraded for another reason (a calendar near its horizon on the real date).
      expect((await api.anonymous().get('/health/ready').expect(200)).body.checks.redis).toEqual({ status: 'up' });
    });
  });
});
