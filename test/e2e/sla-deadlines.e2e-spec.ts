import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeadlineEnforcer, type EnforcementResult } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG, registerComplaint } from '../support/demo-requests';

type ClockView = {
  clockId: string;
  target: string;
  state: string;
  level: number;
  version: number;
  dueAt: string;
  startedAt: string;
  remaining: { ms: number; iso: string };
  policyVersion: number;
  warningsRaised: number[];
  extensions: number;
};
type HistoryEntry = { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };

const SECOND = 1000;
const CALENDARS_DIR = join(__dirname, '../../config/sla/calendars');

/** Seconds-long clocks so the ladder can be climbed in a test; calendar basis, so business hours do not interfere. */
const SHORT_POLICIES = {
  defaultCalendar: 'cn-mainland',
  description: 'e2e: seconds-long clocks',
  policies: [
    {
      id: 'complaint-short',
      description: 'Reply within 5 s, one more level every 5 s',
      source: 'e2e test',
      match: { kind: 'complaint', type: ['complaint'] },
      clocks: [
        { target: 'reply', duration: 'PT5S', basis: 'calendar', warnAt: [0.5], escalation: { perLevel: 'PT5S' }, extensions: ['PT1M', 'PT2M'], stopOn: ['ComplaintReplied'] },
      ],
    },
    {
      id: 'investigation-short',
      description: 'Investigation requests: reply within 20 s',
      source: 'e2e test',
      match: { kind: 'complaint', type: ['investigation'] },
      clocks: [{ target: 'reply', duration: 'PT20S', basis: 'calendar', escalation: { perLevel: 'PT5S' }, stopOn: ['ComplaintReplied'] }],
    },
  ],
};

const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

describe('SLA clocks, deadline enforcement and SLA rules over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;
  let admin: ApiClient;
  let enforcer: DeadlineEnforcer;

  const clocksOf = async (id: string): Promise<ClockView[]> => (await handler.get(`/complaints/${id}`).expect(200)).body.clocks as ClockView[];
  const clockOf = async (id: string, clockId: string): Promise<ClockView> => (await clocksOf(id)).find((clock) => clock.clockId === clockId)!;
  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await admin.get(`/complaints/${id}/history?limit=100`).expect(200)).body.items as HistoryEntry[];
  const enforce = (id: string): Promise<EnforcementResult> => enforcer.enforceDeadlines('complaint', id);
  const now = (): string => api.clock.now().toISOString();

  beforeAll(async () => {
    // Appends wait a little, so that parallel enforcements really load the same revision.
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, interleaveAppends: true });
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
    admin = await api.as('admin');
    enforcer = api.app.get(DeadlineEnforcer);
  });
  afterAll(() => api.close());

  it('documents the SLA routes in OpenAPI', async () => {
    const paths = Object.keys((await api.anonymous().get('/docs-json').expect(200)).body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/sla/policies',
        '/calendars/{id}',
        '/calendars/{id}/import',
        '/complaints/{id}/clocks/{clockId}/pause',
        '/complaints/{id}/clocks/{clockId}/extend',
        '/findings/{id}/clocks/{clockId}/resume',
        '/findings/{id}/clocks/{clockId}/reset',
      ]),
    );
  });

  describe('the shipped defaults (version 1)', () => {
    it('start acknowledge, reply and decide with the registration, in the same append, recording policy and calendar versions', async () => {
      const registered = await handler.post('/complaints', complaintBody()).expect(201);
      expect(registered.body.revision).toBe(3);
      expect(registered.body.clocks.map((clock: ClockView) => [clock.clockId, clock.state, clock.policyVersion])).toEqual([
        ['acknowledge', 'running', 1],
        ['reply', 'running', 1],
        ['decide', 'running', 1],
      ]);
      // Registered Mon 2025-03-03 09:00 Shanghai: reply by close of business of the 3rd working day, decide 15 calendar days later.
      const byTarget = Object.fromEntries((registered.body.clocks as ClockView[]).map((clock) => [clock.target, clock]));
      expect(byTarget.reply.dueAt).toBe('2025-03-06T09:00:00.000Z');
      expect(byTarget.decide.dueAt).toBe('2025-03-18T01:00:00.000Z');
      expect(byTarget.decide.remaining).toEqual({ ms: 15 * 24 * 3600 * SECOND, iso: 'P15D' });

      const history = await historyOf(registered.body.id as string);
      expect(history.map((event) => event.type)).toEqual(['ComplaintRegistered', 'ClockStarted', 'ClockStarted', 'ClockStarted']);
      expect(history[1].data).toMatchObject({ policyId: 'complaint', policyVersion: 1, calendarId: 'cn-mainland', calendarVersion: 1, actorId: 'system' });
      // Recorded with the command: the clock events carry the registering request's metadata.
      expect(history[1].metadata).toMatchObject({ actorId: 'handler.haicheng', causationId: history[0].metadata.causationId });
    });

    it('give a complaint answered on the spot no clock at all', async () => {
      const onSpot = complaintBody({ resolvedOnSpot: { reply: { responsibility: 'customer', text: '已当面解释', channel: 'in_person' } } });
      const registered = await handler.post('/complaints', onSpot).expect(201);
      expect(registered.body).toMatchObject({ state: 'replied', revision: 1, clocks: [] });
    });
  });

  describe('PUT /sla/policies', () => {
    it('is refused to handlers, branch supervisors and auditors, appending nothing', async () => {
      for (const user of ['handler.haicheng', 'supervisor.anshan', 'auditor'] as const) {
        const response = await (await api.as(user)).put('/sla/policies', SHORT_POLICIES);
        expect(response.status).toBe(403);
      }
      expect((await handler.get('/sla/policies').expect(200)).body.version).toBe(1);
    });

    it('names every invalid field (422) and refuses a stale If-Match (412)', async () => {
      const invalid = { ...SHORT_POLICIES, policies: [{ ...SHORT_POLICIES.policies[0], clocks: [{ target: 'reply', basis: 'fortnights' }] }] };
      const refused = await admin.put('/sla/policies', invalid);
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors.map((issue: { field: string }) => issue.field)).toEqual(expect.arrayContaining(['policies[0].clocks[0].basis', 'policies[0].clocks[0]']));
      const stale = await admin.put('/sla/policies', SHORT_POLICIES).set('If-Match', '"7"');
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ expectedVersion: 7, currentVersion: 1 });
    });

    it('publishes the next version for an admin; GET shows it and later cases record it', async () => {
      const published = await admin.put('/sla/policies', SHORT_POLICIES).set('If-Match', '"1"').expect(200);
      expect(published.headers.etag).toBe('"2"');
      expect(published.body).toMatchObject({ version: 2, policies: [{ id: 'complaint-short' }, { id: 'investigation-short' }] });
      const fetched = await (await api.as('auditor')).get('/sla/policies').expect(200);
      expect(fetched.body.version).toBe(2);

      const id = await registerComplaint(handler);
      const [started] = (await historyOf(id)).filter((event) => event.type === 'ClockStarted');
      expect(started.data).toMatchObject({ clockId: 'reply', policyId: 'complaint-short', policyVersion: 2, duration: 'PT5S' });
    });

    it('lets a head-office supervisor publish too', async () => {
      const supervisor = await api.as('supervisor.hq');
      const published = await supervisor.put('/sla/policies', SHORT_POLICIES).expect(200);
      expect(published.body.version).toBe(3);
    });
  });

  describe('enforceDeadlines', () => {
    it('climbs outlet → sub-branch → branch → head office, one level per breach, and stops there', async () => {
      const id = await registerComplaint(handler);
      const receivedAt = now();
      const [reply] = await clocksOf(id);
      expect(reply).toMatchObject({ clockId: 'reply', state: 'running', level: 0, version: 1, dueAt: plus(receivedAt, 5 * SECOND), remaining: { ms: 5000, iso: 'PT5S' } });

      api.clock.advanceMs(2.5 * SECOND);
      const warned = await enforce(id);
      expect(warned).toMatchObject({ escalated: false, lateByMs: 0 });
      expect(warned.events.map((event) => event.type)).toEqual(['ClockWarningRaised']);

      api.clock.advanceMs(3 * SECOND);
      const first = await enforce(id);
      expect(first).toMatchObject({ escalated: true, lateByMs: 500 });
      expect(first.events.map((event) => event.type)).toEqual(['ClockBreached', 'ComplaintEscalated', 'ClockStarted']);
      let view = (await handler.get(`/complaints/${id}`).expect(200)).body;
      expect(view).toMatchObject({ state: 'escalated', responsibleUnitId: HAICHENG, escalationLevel: 1 });
      expect(view.clocks.map((clock: ClockView) => [clock.clockId, clock.state, clock.level, clock.dueAt])).toEqual([
        ['reply', 'breached', 0, plus(receivedAt, 5 * SECOND)],
        ['reply@L1', 'running', 1, plus(now(), 5 * SECOND)],
      ]);

      for (const [unit, level] of [
        ['anshan', 2],
        ['hq', 3],
      ] as const) {
        api.clock.advanceMs(6 * SECOND);
        // The level's warning (half-way) and breach fall due together; lateByMs is the breach's.
        expect(await enforce(id)).toMatchObject({ escalated: true, lateByMs: SECOND });
        view = (await admin.get(`/complaints/${id}`).expect(200)).body;
        expect(view).toMatchObject({ responsibleUnitId: unit, escalationLevel: level });
      }
      expect(view.atHeadOffice).toBe(true);

      api.clock.advanceMs(6 * SECOND);
      const atHeadOffice = await enforce(id);
      expect(atHeadOffice.escalated).toBe(false);
      expect(atHeadOffice.events.map((event) => [event.type, event.data.clockId])).toEqual([
        ['ClockWarningRaised', 'reply@L3'],
        ['ClockBreached', 'reply@L3'],
      ]);
      expect(await enforce(id)).toEqual({ escalated: false, events: [], lateByMs: 0, nextFirings: [] });

      const history = await historyOf(id);
      const escalations = history.filter((event) => event.type === 'ComplaintEscalated');
      expect(escalations.map((event) => [event.data.toUnitId, event.data.automatic, event.metadata.actorId])).toEqual([
        [HAICHENG, true, 'system'],
        ['anshan', true, 'system'],
        ['hq', true, 'system'],
      ]);
      expect(escalations[0].data.reason).toBe(`SLA breach: reply was due ${plus(receivedAt, 5 * SECOND)} (level 0, clock reply), missed by PT0.5S`);
      expect(history.filter((event) => event.type === 'ClockBreached').map((event) => event.data.lateByMs)).toEqual([500, SECOND, SECOND, SECOND]);
    });

    it('changes nothing once a reply in time has met the clock', async () => {
      const id = await registerComplaint(handler);
      api.clock.advanceMs(3 * SECOND);
      const replied = await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200);
      expect(replied.body.clocks).toEqual([expect.objectContaining({ clockId: 'reply', state: 'met', remaining: { ms: 2000, iso: 'PT2S' } })]);
      const revision = replied.body.revision as number;

      api.clock.advanceMs(60 * SECOND);
      expect(await enforce(id)).toEqual({ escalated: false, events: [], lateByMs: 0, nextFirings: [] });
      expect(await enforcer.nextFirings('complaint', id)).toEqual([]);
      expect((await handler.get(`/complaints/${id}`).expect(200)).body).toMatchObject({ revision, escalationLevel: 0 });
    });

    it('escalates exactly once when two enforcements of the same due case race', async () => {
      const id = await registerComplaint(handler);
      api.clock.advanceMs(6 * SECOND);
      const results = await Promise.all([enforce(id), enforce(id)]);
      expect(results.filter((result) => result.escalated)).toHaveLength(1);
      const history = await historyOf(id);
      expect(history.filter((event) => event.type === 'ComplaintEscalated')).toHaveLength(1);
      expect(history.filter((event) => event.type === 'ClockBreached')).toHaveLength(1);
      expect(history.filter((event) => event.type === 'ClockWarningRaised')).toHaveLength(1);
    });

    it('tells a scheduler what each open clock still owes', async () => {
      const id = await registerComplaint(handler);
      const receivedAt = now();
      expect(await enforcer.nextFirings('complaint', id)).toEqual([
        { stream: `complaint-${id}`, clockId: 'reply', version: 1, kind: 'warning', threshold: 0.5, at: plus(receivedAt, 2.5 * SECOND) },
        { stream: `complaint-${id}`, clockId: 'reply', version: 1, kind: 'breach', threshold: 1, at: plus(receivedAt, 5 * SECOND) },
      ]);
    });
  });

  it('recalculates on reclassification with a retroactive start from receipt', async () => {
    const id = await registerComplaint(handler, { type: 'investigation' });
    const receivedAt = now();
    expect(await clockOf(id, 'reply')).toMatchObject({ dueAt: plus(receivedAt, 20 * SECOND), version: 1 });

    api.clock.advanceMs(3 * SECOND);
    const reclassified = await handler.post(`/complaints/${id}/reclassify`, { type: 'complaint' }).expect(200);
    expect(reclassified.body.clocks).toEqual([
      expect.objectContaining({ clockId: 'reply', state: 'running', startedAt: receivedAt, dueAt: plus(receivedAt, 5 * SECOND), version: 2, remaining: { ms: 2000, iso: 'PT2S' } }),
    ]);
    const recalculated = (await historyOf(id)).find((event) => event.type === 'ClockRecalculated')!;
    expect(recalculated.data).toMatchObject({ policyId: 'complaint-short', duration: 'PT5S', startedAt: receivedAt });
  });

  describe('clock commands', () => {
    const clockUrl = (id: string, command: string): string => `/complaints/${id}/clocks/reply/${command}`;
    const extension = { reason: '案情复杂，需调取外部资料', customerNotifiedAt: '2025-03-03T01:00:00.000Z' };

    it('pause, resume, extend (by a higher unit only) and reset move the due time', async () => {
      // Opened at the sub-branch, so its own unit head is not above it.
      const id = await registerComplaint(head, { unitId: HAICHENG });
      const receivedAt = now();

      api.clock.advanceMs(SECOND);
      const paused = await head.post(clockUrl(id, 'pause'), { reason: 'awaiting_customer' }).set('Idempotency-Key', 'pause-1').expect(200);
      expect(paused.body.clocks[0]).toMatchObject({ state: 'paused', remaining: { ms: 4000 } });
      const again = await head.post(clockUrl(id, 'pause'), { reason: 'awaiting_customer' }).set('Idempotency-Key', 'pause-1').expect(200);
      expect(again.body.revision).toBe(paused.body.revision);
      const twice = await head.post(clockUrl(id, 'pause'), { reason: 'awaiting_customer' });
      expect(twice.status).toBe(409);
      expect(twice.body).toMatchObject({ type: expect.stringMatching(/clock-command-rejected$/), clockId: 'reply', command: 'pause' });

      api.clock.advanceMs(10 * SECOND);
      expect(await enforce(id)).toMatchObject({ events: [] });
      const resumed = await head.post(clockUrl(id, 'resume')).expect(200);
      expect(resumed.body.clocks[0]).toMatchObject({ state: 'running', version: 2, dueAt: plus(receivedAt, 15 * SECOND), remaining: { ms: 4000 } });

      const byOwnUnit = await head.post(clockUrl(id, 'extend'), extension);
      expect(byOwnUnit.status).toBe(403);
      expect(byOwnUnit.body.type).toMatch(/clock-command-forbidden$/);
      const supervisor = await api.as('supervisor.anshan');
      const wrongStep = await supervisor.post(clockUrl(id, 'extend'), { ...extension, duration: 'PT2M' });
      expect(wrongStep.status).toBe(422);
      expect(wrongStep.body.errors).toEqual([expect.objectContaining({ field: 'duration' })]);
      const stale = await supervisor.post(clockUrl(id, 'extend'), extension).set('If-Match', `"${paused.body.revision}"`);
      expect(stale.status).toBe(412);

      const extended = await supervisor.post(clockUrl(id, 'extend'), { ...extension, duration: 'PT1M' }).expect(200);
      // One minute in total from receipt, plus the 10 s paused.
      expect(extended.body.clocks[0]).toMatchObject({ state: 'running', version: 3, extensions: 1, dueAt: plus(receivedAt, 70 * SECOND) });
      const extendedEvent = (await historyOf(id)).find((event) => event.type === 'ClockExtended')!;
      expect(extendedEvent).toMatchObject({
        metadata: { actorId: 'supervisor.anshan' },
        data: { approverId: 'supervisor.anshan', approverUnitId: 'anshan', customerNotifiedAt: extension.customerNotifiedAt },
      });

      api.clock.advanceMs(SECOND);
      const reset = await head.post(clockUrl(id, 'reset'), { reason: '客户补充了新的事实' }).expect(200);
      expect(reset.body.clocks[0]).toMatchObject({ version: 4, startedAt: now(), dueAt: plus(now(), 5 * SECOND), extensions: 0 });
      expect((await head.post(`/complaints/${id}/clocks/nothing/pause`, { reason: 'awaiting_customer' })).status).toBe(404);
      expect((await (await api.as('auditor')).post(clockUrl(id, 'pause'), { reason: 'awaiting_customer' })).status).toBe(403);
    });

    it("starts the next level's own target on a manual escalation; the lower level's breach then escalates no further", async () => {
      const id = await registerComplaint(handler);
      api.clock.advanceMs(SECOND);
      const escalated = await head.post(`/complaints/${id}/escalate`, { reason: '客户要求支行答复' }).expect(200);
      expect(escalated.body.clocks.map((clock: ClockView) => [clock.clockId, clock.level, clock.dueAt])).toEqual([
        ['reply', 0, plus(now(), 4 * SECOND)],
        ['reply@L1', 1, plus(now(), 5 * SECOND)],
      ]);
      api.clock.advanceMs(4.5 * SECOND);
      const lowerBreach = await enforce(id);
      expect(lowerBreach.escalated).toBe(false);
      expect(lowerBreach.events.map((event) => [event.type, event.data.clockId])).toContainEqual(['ClockBreached', 'reply']);
      expect((await handler.get(`/complaints/${id}`).expect(200)).body.escalationLevel).toBe(1);
    });
  });

  describe('calendars', () => {
    const ics = readFileSync(join(CALENDARS_DIR, 'cn-mainland-2026.ics'), 'utf8');
    const shipped = JSON.parse(readFileSync(join(CALENDARS_DIR, 'cn-mainland-2026.json'), 'utf8')) as { holidays: string[]; workdays: string[] };

    it('serves the shipped calendar as version 1 to anyone, and refuses edits by auditors and handlers', async () => {
      const auditor = await api.as('auditor');
      const fetched = await auditor.get('/calendars/cn-mainland').expect(200);
      expect(fetched.headers.etag).toBe('"1"');
      expect(fetched.body).toMatchObject({ id: 'cn-mainland', version: 1, timezone: 'Asia/Shanghai' });
      expect((await auditor.put('/calendars/cn-mainland', fetched.body)).status).toBe(403);
      expect((await handler.put('/calendars/cn-mainland', fetched.body)).status).toBe(403);
      expect((await auditor.get('/calendars/nowhere')).status).toBe(404);
    });

    it('imports the shipped .ics as the next version, with the same days as the shipped JSON', async () => {
      const wrongType = await admin.post('/calendars/cn-mainland/import', { ics });
      expect(wrongType.status).toBe(415);
      const imported = await admin.post('/calendars/cn-mainland/import').set('Content-Type', 'text/calendar').send(ics).expect(200);
      expect(imported.headers.etag).toBe('"2"');
      expect(imported.body).toMatchObject({ version: 2, holidays: shipped.holidays, workdays: shipped.workdays });
      expect((await handler.get('/calendars/cn-mainland').expect(200)).body.version).toBe(2);
    });

    it('publishes an edited calendar (If-Match on its version) and names invalid fields', async () => {
      const current = (await admin.get('/calendars/cn-mainland').expect(200)).body;
      const invalid = await admin.put('/calendars/cn-mainland', { ...current, hours: [['17:00', '09:00']] });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'hours[0]' })]);
      expect((await admin.put('/calendars/cn-mainland', current).set('If-Match', '"1"')).status).toBe(412);

      const edited = await admin
        .put('/calendars/cn-mainland', { ...current, holidays: [...current.holidays, '2027-01-01'] })
        .set('If-Match', `"${current.version}"`)
        .expect(200);
      expect(edited.body).toMatchObject({ id: 'cn-mainland', version: current.version + 1 });
      expect(edited.body.holidays).toContain('2027-01-01');
      const created = await admin.put('/calendars/hk', { timezone: 'Asia/Hong_Kong', workweek: [1, 2, 3, 4, 5], hours: [['09:00', '17:00']] }).expect(200);
      expect(created.body).toMatchObject({ id: 'hk', version: 1 });
    });
  });
});
