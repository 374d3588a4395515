import type { Response } from 'supertest';
import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { DEMO_PASSWORD, SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { HAICHENG, HAICHENG_OUTLET } from '../support/demo-requests';

const DAY_MS = 24 * 3600 * 1000;

describe('Rectification tracked to its lessons (issue 19), over HTTP', () => {
  let api: ApiTestApp;
  let inspector: ApiClient;
  let unitHead: ApiClient;
  let handler: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES });
    inspector = await api.as('inspector.anshan');
    unitHead = await api.as('head.haicheng');
    handler = await api.as('handler.haicheng');
  }, 60_000);
  afterAll(() => api.close());

  /** An evidence upload's answer: the body is the file itself, which ApiClient (JSON bodies) does not send. */
  const uploadAs = async (user: DemoUser, path: string, query: Record<string, string>, content: string): Promise<Response> => {
    const token = (await api.anonymous().post('/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    return api.anonymous().post(path).query(query).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/plain').send(content);
  };
  const daysAhead = (days: number): string => new Date(api.clock.now().getTime() + days * DAY_MS).toISOString();

  describe('evidence on checklist item results', () => {
    it('files a CCTV note against a recorded item result, lists it on the view and serves it back; an unrecorded item is 422', async () => {
      const opened = await inspector.post('/inspections', { kind: 'offsite', unitId: HAICHENG_OUTLET, scope: '调看录像', checklistId: 'counter-service' }).expect(201);
      const url = `/inspections/${opened.body.id}`;
      await inspector.post(`${url}/results`, { results: [{ itemId: 'greeting', outcome: 'fail', deducted: 2, note: '未起身迎接' }] }).expect(200);
      const note = '2026-03-01 10:00-10:30 监控显示柜员未起身迎客。';
      const upload = (itemId: string) =>
        uploadAs('inspector.anshan', `${url}/attachments`, { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false', itemId }, note);

      const unrecorded = await upload('dress');
      expect(unrecorded.status).toBe(422);
      expect(unrecorded.body.errors).toEqual([expect.objectContaining({ field: 'itemId', message: expect.stringContaining('不是本次检查已记录结果的检查项') })]);
      const filed = await upload('greeting');
      expect(filed.status).toBe(200);
      expect(filed.body.attachments).toEqual([
        expect.objectContaining({ itemId: 'greeting', fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', actorId: 'inspector.anshan' }),
      ]);
      const { sha256 } = filed.body.attachments[0] as { sha256: string };
      const served = await handler.get(`${url}/attachments/${sha256}`).responseType('blob').expect(200);
      expect((served.body as Buffer).toString()).toBe(note);
      const history = (await inspector.get(`${url}/history`).expect(200)).body.items as { type: string }[];
      expect(history.map((entry) => entry.type)).toEqual(['InspectionOpened', 'InspectionItemsRecorded', 'EvidenceAttached']);
      expect((await uploadAs('handler.haicheng', `${url}/attachments`, { fileName: '说明.txt', evidenceKind: 'other', personalData: 'false' }, '说明')).status).toBe(403);
    });

    it('refuses an item on complaint evidence', async () => {
      const finding = await inspector
        .post(`/inspections/${(await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '现场检查' }).expect(201)).body.id}/findings`, {
          unitId: HAICHENG_OUTLET,
          category: 'environment',
          description: '一米线未设置',
          severity: 'minor',
          mode: 'deadline',
          dueAt: daysAhead(30),
        })
        .expect(201);
      const refused = await uploadAs(
        'inspector.anshan',
        `/findings/${finding.body.id}/attachments`,
        { fileName: '照片.txt', evidenceKind: 'photo', personalData: 'false', itemId: 'greeting' },
        '一米线照片',
      );
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'itemId' })]);
    });
  });

  describe('progress notes (落实情况) against milestones, each milestone a clock', () => {
    type ClockView = { clockId: string; state: string; dueAt: string };
    const clocksOf = async (id: string): Promise<ClockView[]> => (await inspector.get(`/findings/${id}`).expect(200)).body.clocks as ClockView[];

    it('starts a clock per milestone of the plan in force, stops it when a note completes it, and shows a late one as breached with no deadline notice', async () => {
      const inspectionId = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '营业环境' }).expect(201)).body.id as string;
      const finding = await inspector
        .post(`/inspections/${inspectionId}/findings`, {
          unitId: HAICHENG,
          category: 'environment',
          description: '一米线未设置',
          severity: 'minor',
          mode: 'deadline',
          dueAt: daysAhead(30),
        })
        .expect(201);
      const url = `/findings/${finding.body.id}`;
      await unitHead.post(`${url}/progress`, { milestone: 1, note: '尚无方案', completed: false }).expect(409);
      const milestones = [
        { text: '采购一米线', dueAt: daysAhead(3) },
        { text: '张贴一米线标识并培训', dueAt: daysAhead(10) },
      ];
      const planned = await unitHead.post(`${url}/plan`, { measures: ['设置一米线'], ownerId: 'head.haicheng', dueAt: daysAhead(20), milestones }).expect(200);
      expect(planned.body.allowedCommands).toContain('record-progress');
      expect(await clocksOf(finding.body.id)).toEqual([
        expect.objectContaining({ clockId: 'rectify', state: 'running' }),
        expect.objectContaining({ clockId: 'milestone-1', state: 'running', dueAt: milestones[0].dueAt }),
        expect.objectContaining({ clockId: 'milestone-2', state: 'running', dueAt: milestones[1].dueAt }),
      ]);

      const third = await unitHead.post(`${url}/progress`, { milestone: 3, note: '无此节点', completed: true }).expect(422);
      expect(third.body.errors).toEqual([expect.objectContaining({ field: 'milestone', message: expect.stringContaining('须为现行整改方案的时间节点序号（1 至 2）') })]);
      const noted = await unitHead.post(`${url}/progress`, { milestone: 1, note: '一米线已采购到位', completed: true }).expect(200);
      expect(noted.body.progress).toEqual([expect.objectContaining({ milestone: 1, note: '一米线已采购到位', completed: true, actorId: 'head.haicheng' })]);
      await unitHead.post(`${url}/progress`, { milestone: 1, note: '再次完成', completed: true }).expect(422);

      // The second milestone's date passes: its clock breaches, visible in the view; only the deadline brings a notice.
      api.clock.advanceMinutes(11 * 24 * 60);
      await api.app.get(DeadlineEnforcer).enforceDeadlines('finding', finding.body.id);
      const view = (await inspector.get(url).expect(200)).body;
      expect(view.clocks).toEqual([
        expect.objectContaining({ clockId: 'rectify', state: 'running' }),
        expect.objectContaining({ clockId: 'milestone-1', state: 'met' }),
        expect.objectContaining({ clockId: 'milestone-2', state: 'breached' }),
      ]);
      expect(view).toMatchObject({ state: 'planned', deadlineNotices: [], escalationLevel: 0 });
      const history = (await inspector.get(`${url}/history?limit=100`).expect(200)).body.items as { type: string; summary: { zh: string } }[];
      expect(history.map((entry) => entry.summary.zh)).toEqual(expect.arrayContaining(['落实情况：时间节点 1已完成', expect.stringContaining('时间节点 2')]));
      await handler.post(`${url}/progress`, { milestone: 2, note: '营业室不负责', completed: true }).expect(404);
    });
  });

  describe('repeats and 举一反三', () => {
    // Units of 鞍山 with staff to rectify in the demo organisation.
    const UNITS: Record<string, DemoUser> = { 'anshan-daoxi': 'handler.daoxi', 'anshan-haicheng': 'head.haicheng', 'anshan-haicheng-yys': 'handler.haicheng' };
    const OUTLETS = Object.keys(UNITS);
    const findingOf = (unitId: string, extra: Record<string, unknown> = {}) => ({
      unitId,
      category: 'environment',
      description: '一米线未设置',
      severity: 'minor',
      mode: 'deadline',
      dueAt: daysAhead(30),
      ...extra,
    });

    it('raises one parent and one linked finding per unit; the parent closes by itself when the last one closes', async () => {
      const inspectionId = (await inspector.post('/inspections', { kind: 'thematic', unitId: 'anshan', scope: '专项检查：营业环境' }).expect(201)).body.id as string;
      const parent = await inspector
        .post(`/inspections/${inspectionId}/findings`, findingOf('anshan', { unitIds: OUTLETS }))
        .set('Idempotency-Key', 'jyfs-1')
        .expect(201);
      expect(parent.body).toMatchObject({ state: 'coordinating', unitId: 'anshan', closedChildIds: [] });
      const children = parent.body.children as { findingId: string; unitId: string }[];
      expect(children.map((child) => child.unitId)).toEqual(OUTLETS);
      const again = await inspector
        .post(`/inspections/${inspectionId}/findings`, findingOf('anshan', { unitIds: OUTLETS }))
        .set('Idempotency-Key', 'jyfs-1')
        .expect(201);
      expect(again.body.id).toBe(parent.body.id);
      for (const child of children) {
        expect((await inspector.get(`/findings/${child.findingId}`).expect(200)).body).toMatchObject({
          parentId: parent.body.id,
          unitId: child.unitId,
          state: 'received',
          inspectionId,
        });
      }
      const history = (await inspector.get(`/findings/${parent.body.id}/history`).expect(200)).body.items as { type: string; summary: { zh: string } }[];
      expect(history[1].summary.zh).toBe('举一反三：向道西支行、海城支行、海城支行营业室各下发一项整改');
      await inspector.post(`/findings/${parent.body.id}/close`, {}).expect(403);

      // Each child rectified, re-inspected and closed; the parent follows the last, by itself.
      const supervisor = await api.as('supervisor.anshan');
      for (const [index, child] of children.entries()) {
        const url = `/findings/${child.findingId}`;
        const unit = await api.as(UNITS[child.unitId]);
        await unit.post(`${url}/plan`, { measures: ['设置一米线'], ownerId: UNITS[child.unitId], dueAt: daysAhead(10) }).expect(200);
        await unit.post(`${url}/report`, { text: '一米线已设置' }).expect(200);
        await inspector.post(`${url}/verify`, { passed: true }).expect(200);
        await supervisor.post(`${url}/close`, {}).expect(200);
        const after = (await inspector.get(`/findings/${parent.body.id}`).expect(200)).body;
        expect(after.closedChildIds).toHaveLength(index + 1);
        expect(after.state).toBe(index + 1 === children.length ? 'closed' : 'coordinating');
      }
      const closing = (await inspector.get(`/findings/${parent.body.id}/history?limit=100`).expect(200)).body.items as { type: string; actor: { id: string } }[];
      expect(
        closing
          .filter((entry) => entry.type.startsWith('Finding'))
          .slice(-2)
          .map((entry) => [entry.type, entry.actor.id]),
      ).toEqual([
        ['FindingChildClosed', 'system'],
        ['FindingClosed', 'system'],
      ]);
    });

    it('names the earlier finding a new one repeats, and refuses one you cannot see', async () => {
      const inspectionId = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '复查' }).expect(201)).body.id as string;
      const earlier = await inspector.post(`/inspections/${inspectionId}/findings`, findingOf(HAICHENG)).expect(201);
      const repeat = await inspector.post(`/inspections/${inspectionId}/findings`, findingOf(HAICHENG, { repeats: earlier.body.id })).expect(201);
      expect(repeat.body).toMatchObject({ repeats: earlier.body.id });
      // The earlier finding shows the link too: the findings that repeat it, read from the read models, in the reader's area only.
      const repeatedBy = `/findings?repeatOf=${earlier.body.id}&minPosition=${repeat.headers['x-duban-position']}`;
      expect((await inspector.get(repeatedBy).expect(200)).body.items).toEqual([expect.objectContaining({ id: repeat.body.id, repeatOf: earlier.body.id })]);
      expect((await (await api.as('handler.daoxi')).get(repeatedBy).expect(200)).body.items).toEqual([]);
      const rectification = await inspector.get(`/reports/rectification?unitId=${HAICHENG}&to=${daysAhead(1)}&minPosition=${repeat.headers['x-duban-position']}`).expect(200);
      expect(rectification.body.totals).toMatchObject({ repeated: 1 });
      const unknown = await inspector.post(`/inspections/${inspectionId}/findings`, findingOf(HAICHENG, { repeats: 'no-such-finding' })).expect(422);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'repeats' })]);
      const single = await inspector.post(`/inspections/${inspectionId}/findings`, findingOf(HAICHENG, { unitIds: [HAICHENG_OUTLET] })).expect(422);
      expect(single.body.errors).toEqual([expect.objectContaining({ field: 'unitIds' })]);
    });
  });

  describe('self-inspection (自查)', () => {
    it('is opened and scored by the unit head, reported up, seen by the unit above in GET /inspections and closed there with its lessons', async () => {
      const opened = await unitHead.post('/inspections', { kind: 'self', unitId: HAICHENG, scope: '支行自查：柜面服务', checklistId: 'counter-service' }).expect(201);
      const url = `/inspections/${opened.body.id}`;
      expect(opened.body).toMatchObject({ inspectionKind: 'self', reportsTo: 'anshan', selfReport: null, state: 'open' });
      expect(opened.body.allowedCommands).toEqual(['add-finding', 'record-results', 'attach-evidence', 'report']);

      const recorded = await unitHead.post(`${url}/results`, { results: [{ itemId: 'one-metre-line', outcome: 'fail', note: '一米线未设置', dueAt: daysAhead(20) }] }).expect(200);
      const [findingId] = recorded.body.findingIds as string[];
      expect((await unitHead.get(`/findings/${findingId}`).expect(200)).body).toMatchObject({ unitId: HAICHENG, inspectionId: opened.body.id, state: 'received' });
      await unitHead.post(`${url}/close`, {}).expect(409);

      const reported = await unitHead.post(`${url}/report`, { report: '自查柜面服务，一米线未设置 1 项，已列入整改' }).expect(200);
      expect(reported.body).toMatchObject({
        state: 'reported',
        selfReport: { report: '自查柜面服务，一米线未设置 1 项，已列入整改', actorId: 'head.haicheng' },
        allowedCommands: [],
      });
      const history = (await unitHead.get(`${url}/history`).expect(200)).body.items as { type: string; summary: { zh: string; en: string } }[];
      expect(history.at(-1)).toMatchObject({ type: 'InspectionReported', summary: { zh: '自查结果上报鞍山分行', en: 'Self-inspection reported to Anshan Branch' } });

      const awaiting = (await inspector.get('/inspections?state=reported&kind=self').expect(200)).body.items as { id: string; reportsTo: string }[];
      expect(awaiting).toEqual([expect.objectContaining({ id: opened.body.id, reportsTo: 'anshan', state: 'reported' })]);
      expect((await inspector.get(url).expect(200)).body.allowedCommands).toEqual(['close']);
      const closed = await inspector.post(`${url}/close`, { summary: '一米线问题多发，全辖排查' }).expect(200);
      expect(closed.body).toMatchObject({ state: 'closed', closure: { summary: '一米线问题多发，全辖排查' } });
    });

    it('is the unit head’s own unit only; other kinds stay with inspectors; a handler opens none', async () => {
      const elsewhere = await unitHead.post('/inspections', { kind: 'self', unitId: HAICHENG_OUTLET, scope: '营业室自查' }).expect(422);
      expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'unitId', message: expect.stringContaining('自查由本机构开展') })]);
      const onsite = await unitHead.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '现场检查' }).expect(403);
      expect(onsite.body.type).toMatch(/not-responsible-unit$/);
      await handler.post('/inspections', { kind: 'self', unitId: HAICHENG_OUTLET, scope: '营业室自查' }).expect(403);

      const byInspector = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '现场检查' }).expect(201);
      await unitHead.post(`/inspections/${byInspector.body.id}/close`, {}).expect(403);
      expect((await unitHead.get(`/inspections/${byInspector.body.id}`).expect(200)).body.allowedCommands).toEqual([]);
    });
  });
});
