import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { HAICHENG, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

const DAOXI = 'anshan-daoxi';
const shanghai = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();

/** Reply within `reply` working days, one more working day per level up: the live policy and its candidates differ only there. */
const replyPolicies = (reply: string, warnAt?: number[]): Record<string, unknown> => ({
  defaultCalendar: 'cn-mainland',
  description: `reply within ${reply} working days`,
  policies: [
    {
      id: 'complaint',
      description: 'Reply to a complaint, with the escalation ladder',
      source: 'e2e test',
      match: { kind: 'complaint', type: ['complaint'] },
      clocks: [{ target: 'reply', duration: reply, basis: 'working_days', ...(warnAt && { warnAt }), escalation: { perLevel: 'P1D' }, stopOn: ['ComplaintReplied'] }],
    },
  ],
});
const RUNNING = replyPolicies('P3D');
const STRICTER = replyPolicies('P2D', [0.5]);
const LOOSER = replyPolicies('P5D');
const MARCH = { from: shanghai('2026-03-01 00:00'), to: shanghai('2026-04-01 00:00') };

type Outcome = {
  breaches: number;
  warnings: number;
  level: number;
  responsibleUnitId: string;
  repliedOnTime: boolean | null;
  escalations: { level: number; toUnitId: string; at: string; automatic: boolean }[];
};
type CaseResult = { caseId: string; unitId: string; repliedAt: string | null; candidate: Outcome; actual: Outcome };

/**
 * The hand-worked week of libs/sla's back-test spec, recorded for real: received Fri 2026-03-06
 * 10:00 under "reply within 3 working days" (due Wed 03-11 17:00), the worker enforcing the breaches
 * at Wed 17:00:30, then simulated on Thu 03-12 12:00 under 2 and 5 working days.
 */

describe('POST /sla/simulate: back-testing candidate SLA policies on recorded cases', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let supervisorHq: ApiClient;
  let ids: { late: string; onTime: string; daoxi: string; headOffice: string };

  const setNow = (local: string): void => api.clock.advanceMs(Date.parse(shanghai(local)) - api.clock.now().getTime());
  const reply = async (as: ApiClient, id: string): Promise<void> => {
    await as.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已向客户解释', channel: 'phone' }).expect(200);
  };
  const simulate = async (as: ApiClient, policySet: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    (await as.post('/sla/simulate', { policySet, ...MARCH, ...extra }).expect(200)).body;
  const byCase = (cases: CaseResult[]): Record<string, CaseResult> => Object.fromEntries(cases.map((result) => [result.caseId, result]));

  beforeAll(async () => {
    api = await startApiTestApp({ start: new Date(shanghai('2026-03-06 10:00')), slaPolicyFile: SHIPPED_SLA_POLICIES, env: { SLA_SIMULATION_MAX_CASES: '4' } });
    store = api.app.get<EventStore>(EVENT_STORE);
    supervisorHq = await api.as('supervisor.hq');
    const handler = await api.as('handler.haicheng');
    const handlerDaoxi = await api.as('handler.daoxi');
    await (await api.as('admin')).put('/sla/policies', RUNNING).expect(200);

    ids = {
      late: await registerComplaint(handler),
      onTime: await registerComplaint(handler),
      daoxi: await registerComplaint(handlerDaoxi, { unitId: DAOXI }),
      headOffice: await registerComplaint(supervisorHq, { unitId: 'hq' }),
    };
    setNow('2026-03-09 10:00');
    await reply(handler, ids.onTime);
    setNow('2026-03-11 17:00');
    api.clock.advanceMs(30_000);
    const enforcer = api.app.get(DeadlineEnforcer);
    for (const id of Object.values(ids)) await enforcer.enforceDeadlines('complaint', id);
    setNow('2026-03-12 11:00');
    await reply(handler, ids.late);
    setNow('2026-03-12 12:00');
  });
  afterAll(() => api.close());

  it('replays the stricter candidate next to what was recorded, per case, writing nothing', async () => {
    const headBefore = await store.headPosition();
    const report = await simulate(supervisorHq, STRICTER);
    expect(await store.headPosition()).toBe(headBefore);

    expect(report).toMatchObject({ ...MARCH, horizon: shanghai('2026-03-12 12:00'), candidate: { policySetVersion: 3, calendars: { 'cn-mainland': 1 } } });
    const cases = byCase(report.cases);
    expect(Object.keys(cases).sort()).toEqual(Object.values(ids).sort());

    // Reply due Tue 17:00 (not Wed): breach → 海城支行, reply@L1 due Wed 17:00 → breach → 鞍山分行; Thursday's reply meets reply@L2.
    const late = cases[ids.late];
    expect(late.repliedAt).toBe(shanghai('2026-03-12 11:00'));
    expect(late.candidate).toMatchObject({ warnings: 2, breaches: 2, level: 2, responsibleUnitId: 'anshan', repliedOnTime: false });
    expect(late.candidate.escalations.map((escalation) => [escalation.level, escalation.toUnitId, escalation.at, escalation.automatic])).toEqual([
      [1, HAICHENG, shanghai('2026-03-10 17:00'), true],
      [2, 'anshan', shanghai('2026-03-11 17:00'), true],
    ]);
    // Recorded: one breach at Wed 17:00:30 and the worker's escalation to 海城支行.
    expect(late.actual).toMatchObject({ warnings: 0, breaches: 1, level: 1, responsibleUnitId: HAICHENG, repliedOnTime: false });
    expect(late.actual.escalations.map((escalation) => [escalation.toUnitId, escalation.at, escalation.automatic])).toEqual([
      [HAICHENG, new Date(Date.parse(shanghai('2026-03-11 17:00')) + 30_000).toISOString(), true],
    ]);

    expect(cases[ids.onTime]).toMatchObject({ candidate: { breaches: 0, warnings: 0, repliedOnTime: true }, actual: { breaches: 0, repliedOnTime: true } });
    // Never replied: 道西支行 → 鞍山分行 (Tue) → 总行 (Wed); reply@L2 is due Thu 17:00, after the horizon.
    expect(cases[ids.daoxi].candidate.escalations.map((escalation) => escalation.toUnitId)).toEqual(['anshan', 'hq']);
    expect(cases[ids.daoxi]).toMatchObject({ candidate: { breaches: 2, warnings: 2, repliedOnTime: null }, actual: { breaches: 1, level: 1 } });
    // At head office a breach escalates nowhere.
    expect(cases[ids.headOffice]).toMatchObject({ candidate: { breaches: 1, warnings: 1, escalations: [] }, actual: { breaches: 1, escalations: [] } });

    expect(report.totals.overall).toEqual({
      unitId: 'hq',
      cases: 4,
      replied: 2,
      repliedOnTime: { candidate: 1, actual: 1 },
      breachedCases: { candidate: 3, actual: 3 },
      breaches: { candidate: 5, actual: 3 },
      warnings: { candidate: 5, actual: 0 },
      escalationsByLevel: { candidate: { 1: 2, 2: 2 }, actual: { 1: 2 } },
      automaticEscalations: { candidate: 4, actual: 2 },
    });
    expect(report.totals.byUnit.map((totals: { unitId: string; cases: number }) => [totals.unitId, totals.cases])).toEqual([
      [DAOXI, 1],
      [HAICHENG_OUTLET, 2],
      ['hq', 1],
    ]);
  });

  it('replays the looser candidate: the late reply would have been on time and nothing would have escalated', async () => {
    const report = await simulate(supervisorHq, LOOSER);
    expect(report.totals.overall).toMatchObject({
      cases: 4,
      repliedOnTime: { candidate: 2, actual: 1 },
      breaches: { candidate: 0, actual: 3 },
      escalationsByLevel: { candidate: {}, actual: { 1: 2 } },
    });
  });

  it("keeps a branch supervisor to the branch's subtree and rolls totals up to the requested level", async () => {
    const report = await simulate(await api.as('supervisor.anshan'), STRICTER, { groupBy: 'sub_branch' });
    expect(report.cases.map((result: CaseResult) => result.caseId).sort()).toEqual([ids.late, ids.onTime, ids.daoxi].sort());
    expect(report.totals.overall).toMatchObject({ unitId: 'anshan', cases: 3, breaches: { candidate: 4, actual: 2 } });
    expect(report.totals.byGroup.map((totals: { unitId: string; cases: number; breaches: object }) => [totals.unitId, totals.cases, totals.breaches])).toEqual([
      [DAOXI, 1, { candidate: 2, actual: 1 }],
      [HAICHENG, 2, { candidate: 2, actual: 1 }],
    ]);
  });

  it('lets auditors simulate and refuses handlers and unit heads (403)', async () => {
    expect((await simulate(await api.as('auditor'), LOOSER)).cases).toHaveLength(4);
    for (const user of ['handler.haicheng', 'head.haicheng'] as const) {
      const refused = await (await api.as(user)).post('/sla/simulate', { policySet: LOOSER, ...MARCH });
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('names the bad field of a candidate policy set, calendar or range (400)', async () => {
    const badPolicy = replyPolicies('P2X');
    const refused = await supervisorHq.post('/sla/simulate', { policySet: badPolicy, ...MARCH });
    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['policySet.policies[0].clocks[0].duration']);

    const badCalendar = await supervisorHq.post('/sla/simulate', { policySet: STRICTER, calendars: [{ id: 'cn-mainland', timezone: 'Mars/Olympus' }], ...MARCH });
    expect(badCalendar.status).toBe(400);
    expect(badCalendar.body.errors.map((error: { field: string }) => error.field)).toContain('calendars[0].timezone');

    const tooLong = await supervisorHq.post('/sla/simulate', { policySet: STRICTER, from: MARCH.from, to: shanghai('2027-03-05 00:00') });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'to' })]);

    const unknownField = await supervisorHq.post('/sla/simulate', { policySet: STRICTER, ...MARCH, dryRun: false });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors.map((error: { field: string }) => error.field)).toEqual(['dryRun']);
  });

  it('refuses a range with more cases than one simulation replays (422), appending nothing', async () => {
    await registerComplaint(await api.as('handler.haicheng'));
    const headBefore = await store.headPosition();
    const refused = await supervisorHq.post('/sla/simulate', { policySet: STRICTER, ...MARCH });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ cases: 5, limit: 4 });
    expect(await store.headPosition()).toBe(headBefore);
  });
});
