import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { HAICHENG, HAICHENG_OUTLET } from '../support/demo-requests';

type Item = { id: string; points: number; raisesFinding: boolean };
type Checklist = { id: string; version: number; name: string; sections: { id: string; title: string; items: Item[] }[] };

describe('Checklist templates and inspections scored item by item, over HTTP', () => {
  let api: ApiTestApp;
  let headOffice: ApiClient;
  let inspector: ApiClient;
  let handler: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp();
    headOffice = await api.as('supervisor.hq');
    inspector = await api.as('inspector.anshan');
    handler = await api.as('handler.haicheng');
    // Generous: start-up outran the 5 s default on a machine shared with other suites.
  }, 60_000);
  afterAll(() => api.close());

  const shipped = async (): Promise<Checklist> => (await inspector.get('/checklists/counter-service').expect(200)).body as Checklist;
  const bodyOf = ({ id: _id, version: _version, ...body }: Checklist): Omit<Checklist, 'id' | 'version'> => body;

  it('serves the shipped counter checklist as version 1: 100 points in four sections', async () => {
    const response = await handler.get('/checklists/counter-service').expect(200);
    expect(response.headers.etag).toBe('"1"');
    const checklist = response.body as Checklist;
    expect(checklist.sections.map((section) => section.title)).toEqual(['环境设施', '服务礼仪', '业务流程', '内控合规']);
    expect(checklist.sections.flatMap((section) => section.items).reduce((sum, item) => sum + item.points, 0)).toBe(100);
    await handler.get('/checklists/no-such-template').expect(404);
  });

  it('publishes versions at head office only, against the version edited, and names every bad field', async () => {
    const current = await shipped();
    const edited = { ...bodyOf(current), name: '服务工作检查记录表（柜面，2026版）' };
    await inspector.put('/checklists/counter-service', edited).expect(403);
    const published = await headOffice.put('/checklists/counter-service', edited).set('If-Match', `"${current.version}"`).expect(200);
    expect(published.body).toMatchObject({ id: 'counter-service', version: current.version + 1, name: edited.name });
    expect(published.headers.etag).toBe(`"${current.version + 1}"`);
    await headOffice.put('/checklists/counter-service', edited).set('If-Match', `"${current.version}"`).expect(412);

    const [section] = current.sections;
    const invalid = await headOffice
      .put('/checklists/counter-service', { name: 'x', sections: [{ ...section, items: [{ ...section.items[0], points: 0, category: 'weather' }] }] })
      .expect(422);
    expect(invalid.body.errors).toEqual([
      expect.objectContaining({ field: 'sections[0].items[0].category', message: expect.stringContaining('须为下列之一') }),
      expect.objectContaining({ field: 'sections[0].items[0].points', message: '「sections[0].items[0].points」须为 1 至 100 的整数' }),
    ]);
    expect((await shipped()).version).toBe(current.version + 1);
  });

  it('lists every template at its current version for forms to pick from, shipped and published alike', async () => {
    const current = await shipped();
    await headOffice.put('/checklists/lobby-walkthrough', { ...bodyOf(current), name: '大堂巡检表' }).expect(200);
    expect((await handler.get('/checklists').expect(200)).body.items).toEqual([
      { id: 'counter-service', version: current.version, name: current.name },
      { id: 'lobby-walkthrough', version: 1, name: '大堂巡检表' },
    ]);
  });

  it('scores an inspection item by item: two failures in one request, the one that raises a finding raises it, and a retry raises nothing more', async () => {
    const checklist = await shipped();
    const opened = await inspector.post('/inspections', { kind: 'offsite', unitId: HAICHENG_OUTLET, scope: '调看录像：柜面服务', checklistId: 'counter-service' }).expect(201);
    const url = `/inspections/${opened.body.id}`;
    expect(opened.body).toMatchObject({
      checklist: { id: 'counter-service', version: checklist.version },
      results: [],
      score: { possible: 0, percent: null, recorded: 0, total: 14 },
    });
    expect(opened.body.allowedCommands).toContain('record-results');

    const results = {
      results: [
        { itemId: 'hall-clean', outcome: 'pass' },
        { itemId: 'greeting', outcome: 'fail', deducted: 3, note: '未起身迎接' },
        { itemId: 'one-metre-line', outcome: 'fail', note: '一米线标识缺失', severity: 'major', dueAt: '2025-04-03T00:00:00Z' },
        { itemId: 'self-service', outcome: 'not_applicable' },
      ],
    };
    const recorded = await inspector.post(`${url}/results`, results).set('Idempotency-Key', 'results-1').expect(200);
    // 8 + 8 + 8 points passed or failed, 3 + 8 deducted; the machine not applicable counts for nothing.
    expect(recorded.body.score).toEqual({ earned: 13, possible: 24, percent: 54.2, recorded: 4, total: 14 });
    expect(recorded.body.results).toEqual([
      { itemId: 'hall-clean', outcome: 'pass', deducted: 0, note: null, findingId: null },
      { itemId: 'greeting', outcome: 'fail', deducted: 3, note: '未起身迎接', findingId: null },
      { itemId: 'one-metre-line', outcome: 'fail', deducted: 8, note: '一米线标识缺失', findingId: expect.any(String) },
      { itemId: 'self-service', outcome: 'not_applicable', deducted: 0, note: null, findingId: null },
    ]);
    const findingId = recorded.body.results[2].findingId as string;
    expect(recorded.body.findingIds).toEqual([findingId]);

    const finding = await handler.get(`/findings/${findingId}`).expect(200);
    expect(finding.body).toMatchObject({
      inspectionId: opened.body.id,
      unitId: HAICHENG_OUTLET,
      category: 'environment',
      severity: 'major',
      mode: 'deadline',
      description: '设置一米线或一米线标识：一米线标识缺失',
      state: 'received',
    });

    const again = await inspector.post(`${url}/results`, results).set('Idempotency-Key', 'results-1').expect(200);
    expect(again.body.findingIds).toEqual([findingId]);
    const history = (await inspector.get(`${url}/history`).expect(200)).body.items as { type: string; summary: { zh: string } }[];
    expect(history.map((entry) => entry.type)).toEqual(['InspectionOpened', 'InspectionItemsRecorded', 'InspectionFindingAdded']);
    expect(history[1].summary.zh).toBe('逐项检查 4 项，不合格 2 项，扣 11 分');

    const twice = await inspector.post(`${url}/results`, { results: [{ itemId: 'greeting', outcome: 'pass' }] }).expect(422);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'results[0].itemId', label: '检查项', message: '「检查项」已记录过 greeting' })]);
    await handler.post(`${url}/results`, { results: [{ itemId: 'dress', outcome: 'pass' }] }).expect(403);
  });

  it('keeps the version an inspection was opened with when a new one is published', async () => {
    const opened = await inspector.post('/inspections', { kind: 'mystery_shopper', unitId: HAICHENG_OUTLET, scope: '神秘人暗访', checklistId: 'counter-service' }).expect(201);
    const current = await shipped();
    await headOffice.put('/checklists/counter-service', { ...bodyOf(current), name: '又一版' }).expect(200);
    expect((await inspector.get(`/inspections/${opened.body.id}`).expect(200)).body.checklist).toMatchObject({ version: current.version, name: current.name });
  });

  it('refuses an unknown template when opening, and item results on a free-scope inspection', async () => {
    const unknown = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '现场检查', checklistId: 'no-such-template' }).expect(422);
    expect(unknown.body.errors).toEqual([{ field: 'checklistId', message: 'is not a checklist template (GET /checklists/{id})' }]);
    const free = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '现场检查' }).expect(201);
    expect(free.body).toMatchObject({ checklist: null, score: null });
    expect(free.body.allowedCommands).not.toContain('record-results');
    await inspector.post(`/inspections/${free.body.id}/results`, { results: [{ itemId: 'dress', outcome: 'pass' }] }).expect(409);
  });

  it("names a failed item's missing 限期 by the result that lacks it, and records nothing", async () => {
    const opened = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '现场检查', checklistId: 'counter-service' }).expect(201);
    const refused = await inspector
      .post(`/inspections/${opened.body.id}/results`, {
        results: [
          { itemId: 'dress', outcome: 'pass' },
          { itemId: 'one-metre-line', outcome: 'fail', note: '一米线标识缺失' },
        ],
      })
      .expect(422);
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['results[1].dueAt']);
    expect((await inspector.get(`/inspections/${opened.body.id}`).expect(200)).body.revision).toBe(opened.body.revision);
  });

  describe('GET /inspections', () => {
    type Listed = { id: string; inspectionKind: string; unitId: string; state: string; scorePercent: number | null; checklist: { id: string; version: number } | null };
    const listed = async (client: ApiClient, query = ''): Promise<Listed[]> => (await client.get(`/inspections${query}`).expect(200)).body.items as Listed[];
    let scored: string;
    let free: string;

    beforeAll(async () => {
      // Later than every inspection above, so that newest first puts these two on top.
      api.clock.advanceMinutes(1);
      scored = (await inspector.post('/inspections', { kind: 'thematic', unitId: HAICHENG, scope: '专项检查：内控', checklistId: 'counter-service' }).expect(201)).body.id;
      await inspector
        .post(`/inspections/${scored}/results`, {
          results: [
            { itemId: 'password-cover', outcome: 'fail', deducted: 2, dueAt: '2025-04-03T00:00:00Z' },
            { itemId: 'dress', outcome: 'pass' },
          ],
        })
        .expect(200);
      api.clock.advanceMinutes(1);
      free = (await inspector.post('/inspections', { kind: 'thematic', unitId: HAICHENG_OUTLET, scope: '专项检查：环境' }).expect(201)).body.id;
      await inspector.post(`/inspections/${free}/close`, { summary: '一米线问题在多个网点重复出现' }).expect(200);
    });

    it('lists the inspections in your units, newest first, with kind, state and score', async () => {
      const all = await listed(inspector);
      expect(all.slice(0, 2).map((item) => item.id)).toEqual([free, scored]);
      expect(all.find((item) => item.id === scored)).toMatchObject({
        inspectionKind: 'thematic',
        unitId: HAICHENG,
        state: 'open',
        scorePercent: 85.7,
        checklist: { id: 'counter-service' },
      });
      expect(all.find((item) => item.id === free)).toMatchObject({ state: 'closed', scorePercent: null, checklist: null });
    });

    it('filters by unit subtree, kind, state, period and score range', async () => {
      const quarter = `${api.clock.now().getUTCFullYear()}-Q${Math.ceil((api.clock.now().getUTCMonth() + 1) / 3)}`;
      const ids = async (query: string): Promise<string[]> => (await listed(inspector, query)).map((item) => item.id);
      expect(await ids('?kind=thematic')).toEqual([free, scored]);
      expect(await ids(`?kind=thematic&unitId=${HAICHENG_OUTLET}`)).toEqual([free]);
      expect(await ids('?kind=thematic&state=open')).toEqual([scored]);
      expect(await ids(`?kind=thematic&period=${quarter}`)).toEqual([free, scored]);
      expect(await ids('?kind=thematic&period=1999')).toEqual([]);
      expect(await ids('?kind=thematic&scoreMin=80&scoreMax=90')).toEqual([scored]);
      expect(await ids('?kind=thematic&scoreMin=90')).toEqual([]);
    });

    it('shows a unit only its subtree, and answers 404 for a unit outside it and 400 for a bad filter', async () => {
      const outlet = await listed(handler);
      expect(outlet.map((item) => item.unitId).every((unitId) => unitId === HAICHENG_OUTLET)).toBe(true);
      expect(outlet.map((item) => item.id)).toContain(free);
      expect(outlet.map((item) => item.id)).not.toContain(scored);
      const otherBranch = await api.as('head.zengdu');
      expect((await listed(otherBranch)).map((item) => item.id)).not.toContain(scored);
      await otherBranch.get(`/inspections?unitId=${HAICHENG}`).expect(404);
      const bad = await inspector.get('/inspections?period=2026-Q5').expect(400);
      expect(JSON.stringify(bad.body)).toContain('period');
    });
  });
});
