import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { DEMO_PASSWORD, SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { deadlineFindingBody, HAICHENG, HAICHENG_OUTLET } from '../support/demo-requests';

const DAY = 24 * 3600 * 1000;
const DAOXI = 'anshan-daoxi';
const NOTICE = Buffer.from('%PDF-1.7\n三季度服务检查评分表\n%%EOF\n');
const RANKING = {
  kind: 'ranking',
  reference: '/reports/scores?period=2026-Q3&unitId=anshan&level=outlet',
  rows: [
    { unitId: HAICHENG_OUTLET, rank: 11, score: 72.5 },
    { unitId: DAOXI, rank: 12, score: 70 },
  ],
};
const circularBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  kind: 'circular',
  title: '关于三季度服务检查后两名网点的通报',
  content: '三季度全辖网点服务检查评分中，海城支行营业室、道西支行居后两名，现予通报，请于十日内完成整改。',
  recipientUnitIds: [HAICHENG_OUTLET, DAOXI],
  ...overrides,
});

/**
 * Issue 19: circulars (通报), deadline notices (限期整改通知) and briefings (简报) as records —
 * drafted from a ranking, edited, issued by a supervisor with a file, acknowledged by each
 * recipient unit, listed and counted by period and kind with the findings' own deadline notices.
 */
describe('Circulars, deadline notices and briefings over HTTP', () => {
  let api: ApiTestApp;
  let supervisor: ApiClient;
  let inspector: ApiClient;
  let outletHandler: ApiClient;
  let subBranchHead: ApiClient;
  let daoxiHandler: ApiClient;
  let zengduHandler: ApiClient;
  let auditor: ApiClient;

  const year = (): string => String(new Date(api.clock.now().getTime() + 8 * 3600 * 1000).getUTCFullYear());
  const draft = async (overrides: Record<string, unknown> = {}): Promise<string> => (await supervisor.post('/circulars', circularBody(overrides)).expect(201)).body.id as string;
  const listedIds = async (client: ApiClient, query = ''): Promise<string[]> =>
    ((await client.get(`/circulars${query}`).expect(200)).body.items as { id: string }[]).map((item) => item.id);

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES });
    [supervisor, inspector, outletHandler, subBranchHead, daoxiHandler, zengduHandler, auditor] = await Promise.all(
      (['supervisor.anshan', 'inspector.anshan', 'handler.haicheng', 'head.haicheng', 'handler.daoxi', 'handler.zengdu', 'auditor'] as const).map((user) => api.as(user)),
    );
  });
  afterAll(() => api.close());

  it('drafts from a ranking, edits and files the draft unseen by its recipients, then issues it: each recipient unit acknowledges once', async () => {
    const drafted = await inspector.post('/circulars', circularBody({ source: RANKING })).expect(201);
    const id = drafted.body.id as string;
    expect(drafted.headers.location).toBe(`/circulars/${id}`);
    expect(drafted.body).toMatchObject({
      kind: 'circular',
      circularKind: 'circular',
      number: expect.stringMatching(/^TB-\d{4}-\d{6}$/),
      state: 'draft',
      unitId: 'anshan',
      draftedBy: 'inspector.anshan',
      source: RANKING,
      allowedCommands: ['edit', 'attach-evidence'],
    });
    // A draft is its issuing unit's: the recipients do not see it yet.
    await outletHandler.get(`/circulars/${id}`).expect(404);
    expect(await listedIds(outletHandler)).not.toContain(id);

    await inspector.post(`/circulars/${id}/edit`, { title: '关于三季度服务检查排名的通报' }).expect(200);
    const token = (await api.anonymous().post('/auth/token').send({ username: 'inspector.anshan', password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    const filed = await api
      .anonymous()
      .post(`/circulars/${id}/attachments`)
      .query({ fileName: '三季度评分表.pdf', evidenceKind: 'other', personalData: 'false' })
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/pdf')
      .send(NOTICE)
      .expect(200);
    expect(filed.body.attachments).toEqual([expect.objectContaining({ fileName: '三季度评分表.pdf', contentType: 'application/pdf' })]);

    // Only a supervisor issues (归口管理).
    await inspector.post(`/circulars/${id}/issue`).expect(403);
    const issued = await supervisor.post(`/circulars/${id}/issue`).expect(200);
    expect(issued.body).toMatchObject({
      state: 'issued',
      title: '关于三季度服务检查排名的通报',
      issue: { actorId: 'supervisor.anshan' },
      awaitingUnitIds: [HAICHENG_OUTLET, DAOXI],
    });
    await inspector.post(`/circulars/${id}/edit`, { title: '再改' }).expect(409);

    // The outlet reads it with its file and acknowledges for its unit; once is enough.
    const seen = await outletHandler.get(`/circulars/${id}`).expect(200);
    expect(seen.body.allowedCommands).toEqual(['acknowledge']);
    const fileHash = seen.body.attachments[0].sha256 as string;
    await outletHandler.get(`/circulars/${id}/attachments/${fileHash}`).expect(200);
    const acknowledged = await outletHandler.post(`/circulars/${id}/acknowledge`).expect(200);
    expect(acknowledged.body).toMatchObject({ receipts: [{ unitId: HAICHENG_OUTLET, actorId: 'handler.haicheng' }], awaitingUnitIds: [DAOXI], allowedCommands: [] });
    const again = await outletHandler.post(`/circulars/${id}/acknowledge`).expect(403);
    expect(again.body).toMatchObject({ type: expect.stringContaining('not-a-recipient') });
    expect(again.body.detail).toContain('签收');

    // The sub-branch above the outlet reads it (辖内) but signs for no one; another branch does not see it.
    const above = await subBranchHead.get(`/circulars/${id}`).expect(200);
    expect(above.body.allowedCommands).toEqual([]);
    await subBranchHead.post(`/circulars/${id}/acknowledge`).expect(403);
    await zengduHandler.get(`/circulars/${id}`).expect(404);
    await daoxiHandler.post(`/circulars/${id}/acknowledge`).expect(200);

    const history = (await supervisor.get(`/circulars/${id}/history?limit=50`).expect(200)).body.items as { type: string; summary: { zh: string } }[];
    expect(history.map((entry) => entry.summary.zh)).toEqual([
      expect.stringContaining('起草通报'),
      '修改草稿：标题',
      expect.stringContaining('其他材料'),
      '下发至海城支行营业室、道西支行',
      '海城支行营业室签收',
      '道西支行签收',
    ]);
    const pack = await auditor.get(`/circulars/${id}/audit-pack`).expect(200);
    expect(pack.body).toMatchObject({ kind: 'circular', id, verification: { valid: true } });
    expect(pack.body.steps.at(-1).view).toMatchObject({ state: 'issued', awaitingUnitIds: [] });
  });

  it('refuses a draft naming units outside your subtree (403), unknown or repeated units (422), or without a title (400), and from a handler (403)', async () => {
    await supervisor.post('/circulars', circularBody({ recipientUnitIds: ['suizhou-zengdu'] })).expect(403);
    const unknown = await supervisor.post('/circulars', circularBody({ recipientUnitIds: [HAICHENG, 'nowhere', HAICHENG] })).expect(422);
    expect(unknown.body.errors.map((error: { field: string }) => error.field)).toEqual(['recipientUnitIds[1]', 'recipientUnitIds[2]']);
    const untitled = await supervisor.post('/circulars', circularBody({ title: '' })).expect(400);
    expect(untitled.body.errors).toEqual([expect.objectContaining({ field: 'title', message: expect.stringContaining('「标题」') })]);
    const badRow = await supervisor.post('/circulars', circularBody({ source: { ...RANKING, rows: [{ nested: { rank: 1 } }] } })).expect(422);
    expect(badRow.body.errors).toEqual([expect.objectContaining({ field: 'source.rows[0]' })]);
    await outletHandler.post('/circulars', circularBody()).expect(403);
  });

  it("lists what you issued or received and counts what was issued in the period by kind, a finding's deadline notice included and a withdrawn circular not", async () => {
    const before = (await supervisor.get(`/circulars/counts?period=${year()}`).expect(200)).body.counts as { kind: string; count: number }[];
    const countOf = (counts: { kind: string; count: number }[], kind: string): number => counts.find((row) => row.kind === kind)!.count;

    const briefing = await draft({ kind: 'briefing', title: '服务工作简报第13期', recipientUnitIds: [HAICHENG] });
    await supervisor.post(`/circulars/${briefing}/issue`).expect(200);
    const withdrawn = await draft({ recipientUnitIds: [DAOXI] });
    await supervisor.post(`/circulars/${withdrawn}/issue`).expect(200);
    const refused = await supervisor.post(`/circulars/${withdrawn}/withdraw`, { reason: '' }).expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    // Corrected by a new circular (更正), once the wrong one is withdrawn.
    const early = await supervisor.post('/circulars', circularBody({ recipientUnitIds: [DAOXI], correctsId: withdrawn })).expect(422);
    expect(early.body.errors).toEqual([expect.objectContaining({ field: 'correctsId' })]);
    await supervisor.post(`/circulars/${withdrawn}/withdraw`, { reason: '排名数据有误，另行通报' }).expect(200);
    const correction = await supervisor.post('/circulars', circularBody({ recipientUnitIds: [DAOXI], correctsId: withdrawn })).expect(201);
    expect(correction.body).toMatchObject({ state: 'draft', correctsId: withdrawn });
    const stillDraft = await draft({ kind: 'briefing', title: '服务工作简报第14期' });

    // A finding that goes overdue gets its notice from the SLA, on the finding: the register reads it there.
    const inspectionId = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '柜面服务' }).expect(201)).body.id as string;
    const dueAt = new Date(api.clock.now().getTime() + 2 * DAY).toISOString();
    const findingId = (await inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody({ dueAt })).expect(201)).body.id as string;
    api.clock.advanceMs(3 * DAY);
    await api.app.get(DeadlineEnforcer).enforceDeadlines('finding', findingId);

    const after = (await supervisor.get(`/circulars/counts?period=${year()}`).expect(200)).body.counts as { kind: string; count: number; label: { zh: string } }[];
    expect(after.map((row) => row.label.zh)).toEqual(['通报', '限期整改通知', '简报']);
    expect(countOf(after, 'briefing') - countOf(before, 'briefing')).toBe(1);
    expect(countOf(after, 'deadline_notice') - countOf(before, 'deadline_notice')).toBe(1);
    expect(countOf(after, 'circular') - countOf(before, 'circular')).toBe(0);
    expect((await supervisor.get('/circulars/counts?period=1999').expect(200)).body.counts.map((row: { count: number }) => row.count)).toEqual([0, 0, 0]);
    const badPeriod = await supervisor.get('/circulars/counts?period=2026-Q5').expect(400);
    expect(badPeriod.body.errors).toEqual([expect.objectContaining({ field: 'period' })]);

    const notices = (await outletHandler.get('/circulars?kind=deadline_notice').expect(200)).body.items as { id: string; findingId: string | null; recipientUnitIds: string[] }[];
    expect(notices).toContainEqual(expect.objectContaining({ id: `${findingId}/rectify`, findingId, recipientUnitIds: [HAICHENG_OUTLET], state: 'issued' }));

    // The sub-branch sees the briefing addressed to it, not the draft; Daoxi sees its withdrawn circular; another branch sees none of them.
    const haicheng = await listedIds(subBranchHead);
    expect(haicheng).toContain(briefing);
    expect(haicheng).not.toContain(stillDraft);
    expect(await listedIds(daoxiHandler, '?state=withdrawn')).toEqual([withdrawn]);
    const zengdu = await listedIds(zengduHandler);
    expect(zengdu.filter((id) => [briefing, withdrawn, stillDraft].includes(id))).toEqual([]);
    expect(await listedIds(supervisor, `?kind=briefing&state=draft&unitId=anshan&period=${year()}`)).toEqual([stillDraft]);
    await zengduHandler.get('/circulars?unitId=anshan').expect(404);
  });

  it("draws the circular's statechart", async () => {
    const workflow = (await supervisor.get('/workflows/circular').set('Accept', 'application/json').expect(200)).body;
    expect(workflow.states).toEqual(['draft', 'issued', 'withdrawn']);
    expect(workflow.commands).toContainEqual({ command: 'acknowledge', roles: ['supervisor', 'unit_head', 'handler', 'inspector'], events: ['CircularAcknowledged'] });
  });
});
