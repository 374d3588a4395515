import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { CLOCK } from '@duban/command-handling';
import { loadConfig } from '@duban/config';
import { createRedisConnection } from '@duban/redis';
import { QUEUES } from '@duban/scheduling';
import { DeadlineEnforcer, EventSourcedSlaRules } from '@duban/sla-enforcement';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { waitFor } from '../support/crash-scenarios';
import { registerComplaint } from '../support/demo-requests';

type ClockView = { clockId: string; state: string; dueAt: string; provisional: boolean; calendarVersion: number; version: number };
type HistoryEntry = { type: string; data: Record<string, unknown> };

/** The State Council's 2027 notice as it might read: 元旦 1–4 January, so Monday the 4th is off. */
const NOTICE_2027 = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20270101',
  'DTEND;VALUE=DATE:20270105',
  'SUMMARY:元旦 放假',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const RECEIVED = '2026-12-29T10:00:00+08:00';
const PROVISIONAL_DUE = '2027-01-04T09:00:00.000Z'; // 17:00 in Shanghai
const RECALCULATED_DUE = '2027-01-05T09:00:00.000Z';

describe('calendars that never run out: a deadline across the 2026 horizon', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let admin: ApiClient;

  const clockOf = async (id: string, clockId: string): Promise<ClockView> =>
    ((await handler.get(`/complaints/${id}`).expect(200)).body.clocks as ClockView[]).find((clock) => clock.clockId === clockId)!;
  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await admin.get(`/complaints/${id}/history?limit=100`).expect(200)).body.items as HistoryEntry[];
  const moveClockTo = (instant: string): void => api.clock.advanceMs(Date.parse(instant) - api.clock.now().getTime());
  const due = (query: Record<string, string>) => handler.get('/calendars/cn-mainland/due').query(query);

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, start: new Date(RECEIVED) });
    handler = await api.as('handler.haicheng');
    admin = await api.as('admin');
  });
  afterAll(() => api.close());

  it('the calculator counts 3 working days from 29 December 2026 past 元旦 and the weekend, provisionally', async () => {
    const answer = await due({ from: RECEIVED, duration: 'P3D', basis: 'working_days' }).expect(200);
    expect(answer.body).toEqual({ dueAt: PROVISIONAL_DUE, provisional: true, calendarVersion: 1 });
    // Inside the horizon the answer is firm.
    expect((await due({ from: RECEIVED, duration: 'P1D', basis: 'working_days' }).expect(200)).body).toEqual({
      dueAt: '2026-12-30T09:00:00.000Z',
      provisional: false,
      calendarVersion: 1,
    });
  });

  it('the calculator refuses what it cannot count, naming the field', async () => {
    const badBasis = await due({ from: RECEIVED, duration: 'P3D', basis: 'fortnights' }).expect(400);
    expect(JSON.stringify(badBasis.body.errors)).toContain('basis');
    const badFrom = await due({ from: '2026-12-29', duration: 'P3D', basis: 'working_days' }).expect(400);
    expect(JSON.stringify(badFrom.body.errors)).toContain('from');
    const hoursOnDays = await due({ from: RECEIVED, duration: 'PT4H', basis: 'working_days' }).expect(422);
    expect(JSON.stringify(hoursOnDays.body.errors)).toContain('whole days');
    await handler.get('/calendars/nowhere/due').query({ from: RECEIVED, duration: 'P3D', basis: 'working_days' }).expect(404);
  });

  it('health says the calendar runs out in 2 days, and metrics carry the days left', async () => {
    const health = await api.anonymous().get('/health/ready').expect(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      checks: { redis: { status: 'up' }, 'calendar-horizon': { status: 'degraded', reason: 'calendar cn-mainland v1 is known until 2026-12-31 (2 days left)' } },
      calendars: [{ calendarId: 'cn-mainland', version: 1, horizon: '2026-12-31', daysLeft: 2 }],
    });
    const metrics = await api.anonymous().get('/metrics').expect(200);
    expect(metrics.text).toContain('duban_calendar_horizon_days_left{calendar="cn-mainland"} 2');
  });

  it('a case registered then is due 4 January 17:00 (provisional); the 2027 notice moves it to the 5th with an event, and its job with it', async () => {
    const id = await registerComplaint(handler);
    expect(await clockOf(id, 'reply')).toMatchObject({ state: 'running', dueAt: PROVISIONAL_DUE, provisional: true, calendarVersion: 1, version: 1 });

    const imported = await admin.post('/calendars/cn-mainland/import').set('Content-Type', 'text/calendar').send(NOTICE_2027).expect(200);
    expect(imported.body).toMatchObject({ version: 2, horizon: '2027-12-31' });
    expect((await api.anonymous().get('/health/ready').expect(200)).body).toMatchObject({ status: 'ready', checks: { 'calendar-horizon': { status: 'up' } } });

    expect(await clockOf(id, 'reply')).toMatchObject({ state: 'running', dueAt: RECALCULATED_DUE, provisional: false, calendarVersion: 2, version: 2 });
    const recalculated = (await historyOf(id)).filter((event) => event.type === 'ClockRecalculated').map((event) => event.data);
    expect(recalculated).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clockId: 'reply', previousDueAt: PROVISIONAL_DUE, dueAt: RECALCULATED_DUE, calendarVersion: 2, reason: 'calendar cn-mainland v2 published' }),
      ]),
    );

    // Rescheduled: the deadline queue holds a job for the new due instant (this suite's queue prefix, so only this case's).
    const connection = createRedisConnection(api.config.REDIS_URL, 'producer', 'duban-calendar-horizon-test');
    const queue = new Queue(QUEUES.deadlines, { connection, prefix: api.config.QUEUE_PREFIX });
    try {
      const dueInstants = (await queue.getDelayed()).map((job) => (job.data as { dueAt?: string }).dueAt);
      expect(dueInstants).toContain(RECALCULATED_DUE);
    } finally {
      await queue.close();
      connection.disconnect();
    }

    // Enforced under the controlled clock: nothing breaches on the 4th, the breach comes on the 5th.
    const enforcer = api.app.get(DeadlineEnforcer);
    moveClockTo('2027-01-04T09:00:01.000Z');
    const onThe4th = await enforcer.enforceDeadlines('complaint', id);
    expect(onThe4th.events.filter((event) => event.type === 'ClockBreached' && event.data.clockId === 'reply')).toEqual([]);
    expect(onThe4th.nextFirings.find((firing) => firing.clockId === 'reply' && firing.kind === 'breach')).toMatchObject({ version: 2, at: RECALCULATED_DUE });
    moveClockTo('2027-01-05T09:00:01.000Z');
    const onThe5th = await enforcer.enforceDeadlines('complaint', id);
    expect(onThe5th.events.map((event) => [event.type, event.data.clockId])).toContainEqual(['ClockBreached', 'reply']);
  });

  it('a case registered after the import counts on the new version from the start', async () => {
    const id = await registerComplaint(handler);
    expect(await clockOf(id, 'reply')).toMatchObject({ calendarVersion: 2, provisional: false });
    expect((await historyOf(id)).filter((event) => event.type === 'ClockRecalculated')).toEqual([]);
  });

  it("a worker's start-up sweep recounts clocks a publish left on the old version (the API gone before its recount)", async () => {
    const id = await registerComplaint(handler); // received 5 January 17:00:01: due the 8th
    expect(await clockOf(id, 'reply')).toMatchObject({ dueAt: '2027-01-08T09:00:00.000Z', calendarVersion: 2 });
    // Published straight into the store, as a process that died before recounting would leave it: 8 January off.
    const rules = api.app.get(EventSourcedSlaRules);
    const { id: _id, version: _version, ...current } = await rules.calendar('cn-mainland');
    const system = { actor: { id: 'system', role: 'system' as const, unitId: '' }, correlationId: 'calendar-e2e', causationId: 'calendar-e2e' };
    await rules.publishCalendar('cn-mainland', { ...current, holidays: [...current.holidays, '2027-01-08'] }, system);
    expect(await clockOf(id, 'reply')).toMatchObject({ dueAt: '2027-01-08T09:00:00.000Z', calendarVersion: 2 });

    const shared = (['DATA_DIR', 'REDIS_URL', 'SLA_POLICY_FILE', 'SLA_CALENDARS_DIR', 'QUEUE_PREFIX'] as const).map((key) => [key, String(api.config[key])]);
    const config = loadConfig({ NODE_ENV: 'test', REDIS_AUTOSTART: 'false', SQLITE_SYNCHRONOUS: 'NORMAL', SWEEP_INTERVAL_MS: '60000', ...Object.fromEntries(shared) });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
      .overrideProvider(CLOCK)
      .useValue(api.clock)
      .compile();
    moduleRef.useLogger(['error']);
    const worker: INestApplicationContext = await moduleRef.init();
    try {
      // The start-up reconcile is a job queued once the worker is up, so the recount follows start-up.
      await waitFor(async () => (await clockOf(id, 'reply')).calendarVersion === 3, 'the start-up recount', 15_000);
      expect(await clockOf(id, 'reply')).toMatchObject({ dueAt: '2027-01-11T09:00:00.000Z', calendarVersion: 3, provisional: false });
      const recounted = (await historyOf(id)).filter((event) => event.type === 'ClockRecalculated').map((event) => event.data);
      expect(recounted).toContainEqual(expect.objectContaining({ clockId: 'reply', previousDueAt: '2027-01-08T09:00:00.000Z', dueAt: '2027-01-11T09:00:00.000Z' }));
    } finally {
      await worker.close();
    }
  });
});
