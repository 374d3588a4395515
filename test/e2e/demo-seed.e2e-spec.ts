import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { planQuarter, type SeedStep } from '../../scripts/demo-seed/quarter-plan';
import { runPlan, type RunPlanResult } from '../../scripts/demo-seed/run-plan';
import { DEMO_PASSWORD, SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';

const ANCHOR = new Date('2026-06-30T09:30:00.000Z');
/** A reduced quarter (the demo seeds 75 a unit); this size still takes every storyline. */
const COMPLAINTS_PER_UNIT = 25;

type Row = { id: string; state: string; assigneeId: string | null; responsibility: string | null; replyOutcome: string | null; carryOverCount: number; escalationLevel: number };

describe('The demo seed', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let supervisor: ApiClient;
  let steps: SeedStep[];
  let seeded: RunPlanResult;
  const run = (): Promise<RunPlanResult> =>
    runPlan(steps, {
      baseUrl: `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`,
      anchor: ANCHOR,
      password: DEMO_PASSWORD,
      moveClockTo: (at) => api.clock.advanceMs(at.getTime() - api.clock.now().getTime()),
    });

  async function listAll(kind: 'complaints' | 'findings'): Promise<Row[]> {
    const minPosition = String(await store.headPosition());
    const rows: Row[] = [];
    let cursor: string | null = null;
    do {
      const page = await supervisor.get(`/${kind}?limit=100&minPosition=${minPosition}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200);
      rows.push(...(page.body.items as Row[]));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    return rows;
  }

  beforeAll(async () => {
    api = await startApiTestApp({ start: new Date(ANCHOR.getTime() - 100 * 86_400_000), slaPolicyFile: SHIPPED_SLA_POLICIES });
    await api.app.listen(0, '127.0.0.1');
    store = api.app.get<EventStore>(EVENT_STORE);
    supervisor = await api.as('supervisor.hq');
    steps = planQuarter({ anchor: ANCHOR, complaintsPerUnit: COMPLAINTS_PER_UNIT });
    seeded = await run();
  }, 120_000);
  afterAll(() => api.close());

  it('spreads the complaints over the quarter, in every state the complaint statechart has', async () => {
    const complaints = await listAll('complaints');
    // …and the five of the process showcase, the five of the follow-up one and the three of the responsibility one.
    expect(complaints).toHaveLength(4 * COMPLAINTS_PER_UNIT + 5 + 5 + 3);
    expect(new Set(complaints.map((row) => row.state))).toEqual(new Set(['received', 'escalated', 'replied', 'decisionReview', 'verified', 'closed', 'withdrawn']));
    expect(complaints.some((row) => row.state === 'received' && row.assigneeId !== null)).toBe(true);
    expect(new Set(complaints.map((row) => row.responsibility))).toEqual(new Set([null, 'valid', 'customer']));
    // Answered on the spot, on time and late: the SLA report and the ranking have something to tell.
    for (const outcome of ['on_spot', 'met', 'breached']) expect(complaints.some((row) => row.replyOutcome === outcome)).toBe(true);
  });

  it('shows each step of the complaint process: hand-over with a promise, an anonymous comment-book entry, an outlet call, a transfer, a referral', async () => {
    const view = async (key: string) => (await supervisor.get(`/complaints/${seeded.ids.get(key)}`).expect(200)).body;
    expect(await view('showcase-hand-over')).toMatchObject({ state: 'received', assigneeId: 'manager.haicheng', promisedReplyBy: expect.any(String) });
    expect(await view('showcase-comment-book')).toMatchObject({ state: 'closed', anonymous: true, followUps: [] });
    expect(await view('showcase-outlet-phone')).toMatchObject({ state: 'received', channel: 'outlet_phone' });
    expect(await view('showcase-transfer')).toMatchObject({ unitId: 'anshan-daoxi', transfers: [expect.objectContaining({ toUnitId: 'anshan-daoxi' })] });
    expect(await view('showcase-referral')).toMatchObject({ state: 'escalated', responsibleUnitId: 'hq', notes: [expect.objectContaining({ actorId: 'handler.zengdu' })] });
  });

  it('shows each follow-up outcome: unreachable, signed off, decision maintained, awaiting approval, refused and reopened', async () => {
    const view = async (key: string) => (await supervisor.get(`/complaints/${seeded.ids.get(key)}`).expect(200)).body;
    expect(await view('showcase-unreachable')).toMatchObject({ state: 'verified', unreachable: { failedAttempts: 3 } });
    expect(await view('showcase-signed-off')).toMatchObject({ state: 'closed', unreachable: { failedAttempts: 3 } });
    expect(await view('showcase-decision-maintained')).toMatchObject({ state: 'verified', decisionMaintained: { actorId: 'supervisor.anshan' } });
    expect(await view('showcase-decision-pending')).toMatchObject({ state: 'decisionReview', decisionMaintenanceRequest: { actorId: 'handler.haicheng' } });
    expect(await view('showcase-reopened')).toMatchObject({ state: 'received', decisionMaintenanceRequest: null, followUps: [expect.objectContaining({ satisfied: false })] });
  });

  it('shows responsibility decided by head office: a proposal confirmed, one overridden with its finding cancelled, one overridden raising a finding', async () => {
    const view = async (key: string) => (await supervisor.get(`/complaints/${seeded.ids.get(key)}`).expect(200)).body;
    expect(await view('showcase-responsibility-confirmed')).toMatchObject({
      responsibility: 'customer',
      responsibilityDecisions: [{ proposed: 'customer', responsibility: 'customer' }],
    });
    const cancelled = await view('showcase-responsibility-cancelled');
    expect(cancelled).toMatchObject({ responsibility: 'customer', cancelledFindingIds: cancelled.linkedFindingIds });
    expect((await supervisor.get(`/findings/${cancelled.linkedFindingIds[0]}`).expect(200)).body.state).toBe('cancelled');
    const raised = await view('showcase-responsibility-raised');
    expect(raised).toMatchObject({ responsibility: 'valid', cancelledFindingIds: [], responsibilityDecisions: [{ complainedStaffId: 'E10001' }] });
    expect((await supervisor.get(`/findings/${raised.linkedFindingIds[0]}`).expect(200)).body.state).toBe('received');
  });

  it('leaves some complaints reopened after an unsatisfied follow-up visit', async () => {
    const reopened = steps.filter((step) => step.key.endsWith('-unsatisfied')).map((step) => step.key.replace(/-unsatisfied$/, ''));
    const states = await Promise.all(reopened.map(async (key) => (await supervisor.get(`/complaints/${seeded.ids.get(key)}`).expect(200)).body.state as string));
    expect(states).toContain('received');
  });

  it('issues a circular with its score sheet, acknowledged by one of its two recipients, and a briefing', async () => {
    const circular = (await supervisor.get(`/circulars/${seeded.ids.get('circular-q-scores')}`).expect(200)).body;
    expect(circular).toMatchObject({
      circularKind: 'circular',
      state: 'issued',
      receipts: [expect.objectContaining({ unitId: 'anshan-haicheng-yys', actorId: 'handler.haicheng' })],
      awaitingUnitIds: ['anshan-daoxi'],
      attachments: [expect.objectContaining({ fileName: '检查评分汇总.txt' })],
    });
    const counts = (await supervisor.get('/circulars/counts?period=2026-Q2&unitId=anshan').expect(200)).body.counts as { kind: string; count: number }[];
    expect(counts.find((row) => row.kind === 'circular')!.count).toBe(1);
    expect(counts.find((row) => row.kind === 'briefing')!.count).toBe(1);
  });

  it('keeps evidence on file for some complaints: a CCTV note, listed and downloadable', async () => {
    const filed = steps.filter((step) => step.key.endsWith('-evidence')).map((step) => step.key.replace(/-evidence$/, ''));
    expect(filed.length).toBeGreaterThan(0);
    const view = (await supervisor.get(`/complaints/${seeded.ids.get(filed[0])}`).expect(200)).body;
    expect(view.attachments).toEqual([expect.objectContaining({ evidenceKind: 'cctv_note', contentType: 'text/plain', fileName: '监控调阅记录.txt', erased: false })]);
    const file = await supervisor.get(`/complaints/${view.id}/attachments/${view.attachments[0].sha256}`).expect(200);
    expect(file.text).toContain('监控调阅记录');
  });

  it('rectifies findings from valid replies and from inspections, in every state, some carried over', async () => {
    const findings = await listAll('findings');
    // coordinating: the 举一反三 parent of issue 19, below.
    expect(new Set(findings.map((row) => row.state))).toEqual(new Set(['received', 'planned', 'escalated', 'replied', 'verified', 'closed', 'cancelled', 'coordinating']));
    expect(findings.some((row) => row.carryOverCount > 0 && row.state === 'planned')).toBe(true);
    const inspections = [...seeded.ids].filter(([key]) => /^inspection-\d-\d$/.test(key));
    expect(inspections).toHaveLength(6);
    const inspectionStates = await Promise.all(inspections.map(async ([, id]) => (await supervisor.get(`/inspections/${id}`).expect(200)).body.state as string));
    expect(new Set(inspectionStates)).toEqual(new Set(['open', 'closed']));
  });

  it('records progress (落实情况) against the milestones of rectification plans, each milestone a clock', async () => {
    const progressed = steps.find((step) => step.key.endsWith('-progress'))!;
    const findingId = seeded.ids.get(/\{(.+)\}/.exec(progressed.path)![1])!;
    const view = (await supervisor.get(`/findings/${findingId}`).expect(200)).body;
    expect(view.plan.milestones).toEqual([expect.objectContaining({ text: '完成专项培训' })]);
    expect(view.progress).toEqual([expect.objectContaining({ milestone: 1, note: '专项培训已完成，附培训签到表。', completed: true })]);
    expect(view.clocks).toEqual(expect.arrayContaining([expect.objectContaining({ clockId: 'milestone-1', state: expect.stringMatching(/^(met|breached)$/) })]));
  });

  it('scores each unit against the counter checklist every month, listed with their scores', async () => {
    const scored = ((await supervisor.get('/inspections?checklistId=counter-service').expect(200)).body.items as { unitId: string; scorePercent: number | null }[]).filter(
      (item) => item.scorePercent !== null,
    );
    // The four receiving units monthly, and every 鞍山 outlet once near the quarter's end.
    expect(new Set(scored.map((item) => item.unitId)).size).toBe(9);
    expect(scored.length).toBeGreaterThanOrEqual(8);
    expect(scored.every((item) => item.scorePercent! > 50 && item.scorePercent! <= 100)).toBe(true);
    expect(new Set(scored.map((item) => item.scorePercent)).size).toBeGreaterThan(1);
  });

  it("ranks every 鞍山 outlet by the quarter's score, each with an inspection part", async () => {
    const scores = await supervisor.get(`/reports/scores?unitId=anshan&period=2026-Q2&minPosition=${String(await store.headPosition())}`).expect(200);
    expect(scores.body.rows).toHaveLength(6);
    expect(
      scores.body.rows.every((row: { rank: number | null; parts: { inspection: { score: number | null } } }) => row.rank !== null && row.parts.inspection.score !== null),
    ).toBe(true);
    expect(scores.body.rows.map((row: { flag: string | null }) => row.flag)).toEqual(['reward', 'reward', 'reward', null, 'circular', 'circular']);
  });

  it('fills the reports by unit, month and ranking', async () => {
    const minPosition = String(await store.headPosition());
    const byMonth = await supervisor.get(`/reports/complaints?groupBy=month&from=2026-03&to=2026-07&minPosition=${minPosition}`).expect(200);
    expect(byMonth.body.rows.filter((row: { total: number }) => row.total > 0).length).toBeGreaterThanOrEqual(3);
    const ranking = await supervisor.get(`/reports/rankings?unitId=hq&from=2026-03&to=2026-07&minPosition=${minPosition}`).expect(200);
    const ranked = (ranking.body.rows as { unitId: string; rank: number | null }[]).filter((row) => row.rank !== null);
    expect(ranked.map((row) => row.unitId).sort()).toEqual(['anshan', 'suizhou']);
  });

  it("keeps a violations register with penalties, two appealed, and a repeat offender's service file", async () => {
    const register = (await supervisor.get('/violations').expect(200)).body.items as { state: string; appealed: boolean }[];
    expect(register).toHaveLength(5);
    expect(register.filter((violation) => violation.appealed).map((violation) => violation.state)).toEqual(['settled', 'settled']);
    const file = (await supervisor.get('/staff/E10001/service-file').expect(200)).body;
    expect(file).toMatchObject({ totals: { violations: 3, points: 4, amountFen: 20_000 }, repeatOffender: { flagged: true } });
  });

  it('holds a self-inspection reported up and closed, and a 举一反三 finding across three 鞍山 sub-branches (issue 19)', async () => {
    const selfInspections = (await supervisor.get('/inspections?kind=self').expect(200)).body.items as { unitId: string; state: string; reportsTo: string }[];
    expect(selfInspections).toEqual([expect.objectContaining({ unitId: 'anshan-haicheng', state: 'closed', reportsTo: 'anshan' })]);
    const parent = (await listAll('findings')).find((row) => row.state === 'coordinating')!;
    const view = (await supervisor.get(`/findings/${parent.id}`).expect(200)).body as { children: { unitId: string }[] };
    expect(view.children.map((child) => child.unitId)).toEqual(['anshan-daoxi-yys', 'anshan-tiedong-yys', 'anshan-jiefanglu-yys']);
  });

  it('writes nothing when it runs again', async () => {
    const before = await store.headPosition();
    const again = await run();
    expect(await store.headPosition()).toBe(before);
    expect(again.ids).toEqual(seeded.ids);
  }, 120_000);
});
