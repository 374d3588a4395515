import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { deadlineFindingBody, HAICHENG, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

const validReply = { responsibility: 'valid', text: '情况属实，已致歉', channel: 'phone' };

describe('Findings and inspections over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;
  let inspector: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
    inspector = await api.as('inspector.anshan');
  });
  afterAll(() => api.close());

  describe('a valid complaint reply', () => {
    it("opens exactly one finding, linked both ways, raised by the system in the reply's name", async () => {
      const complaintId = await registerComplaint(handler, { priority: 'urgent' });
      const replied = await handler.post(`/complaints/${complaintId}/reply`, validReply).set('X-Correlation-Id', 'reply-1').expect(200);
      const [findingId] = replied.body.linkedFindingIds as string[];

      const finding = await handler.get(`/findings/${findingId}`).expect(200);
      expect(finding.body).toMatchObject({
        id: findingId,
        complaintId,
        inspectionId: null,
        state: 'received',
        revision: 0,
        unitId: HAICHENG_OUTLET,
        category: 'attitude',
        severity: 'major',
        mode: 'deadline',
      });

      // Unsatisfied, reopened, replied valid again: still the one finding.
      await head.post(`/complaints/${complaintId}/verify`, { satisfied: false, note: '客户仍不满意' }).expect(200);
      const again = await handler.post(`/complaints/${complaintId}/reply`, validReply).expect(200);
      expect(again.body.linkedFindingIds).toEqual([findingId]);

      const complaintHistory = (await handler.get(`/complaints/${complaintId}/history`)).body.items as { id: string; type: string }[];
      const replyEvent = complaintHistory.find((event) => event.type === 'ComplaintReplied')!;
      const findingHistory = (await handler.get(`/findings/${findingId}/history`).expect(200)).body.items;
      expect(findingHistory).toHaveLength(1);
      expect(findingHistory[0]).toMatchObject({
        type: 'FindingRaised',
        data: { source: { kind: 'complaint', complaintId } },
        metadata: { actorId: 'system', role: 'system', causationId: replyEvent.id, correlationId: 'reply-1' },
      });
    });
  });

  describe('the finding story', () => {
    it('goes through plan, report, a failed re-inspection carried over, and closure', async () => {
      const complaintId = await registerComplaint(handler);
      const [findingId] = (await handler.post(`/complaints/${complaintId}/reply`, validReply).expect(200)).body.linkedFindingIds;
      const url = `/findings/${findingId}`;

      const planned = await handler.post(`${url}/plan`, { measures: ['晨会强调服务规范'], ownerId: 'head.haicheng', dueAt: '2025-03-20T00:00:00Z' });
      expect(planned.status).toBe(200);
      expect(planned.body).toMatchObject({ state: 'planned', plan: { ownerId: 'head.haicheng' } });
      await handler.post(`${url}/report`, { text: '已组织培训' }).expect(200);

      // The reporter cannot pass their own rectification; handlers cannot re-inspect at all.
      const ownCheck = await handler.post(`${url}/verify`, { passed: true });
      expect(ownCheck.status).toBe(403);

      const failed = await inspector.post(`${url}/verify`, { passed: false, note: '复查发现仍未落实' });
      expect(failed.body).toMatchObject({ state: 'planned', carryOverCount: 1 });
      // Carried over means rectified again: nothing to re-inspect until the next report.
      const nothingReported = await inspector.post(`${url}/verify`, { passed: true });
      expect(nothingReported.status).toBe(409);
      expect(nothingReported.body.state).toBe('planned');

      await head.post(`${url}/plan`, { measures: ['每日检查', '主管签字'], ownerId: 'head.haicheng', dueAt: '2025-03-30T00:00:00Z' }).expect(200);
      await head.post(`${url}/report`, { text: '已落实每日检查' }).expect(200);
      await inspector.post(`${url}/verify`, { passed: true }).expect(200);
      const closed = await head.post(`${url}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({ state: 'closed', carryOverCount: 1, revision: 7 });

      const types = (await handler.get(`${url}/history`)).body.items.map((event: { type: string }) => event.type);
      expect(types).toEqual(['FindingRaised', 'FindingPlanned', 'FindingReported', 'FindingCarriedOver', 'FindingPlanned', 'FindingReported', 'FindingVerified', 'FindingClosed']);
    });

    it('refuses a deadline that is not in the future with 422 naming the field', async () => {
      const complaintId = await registerComplaint(handler);
      const [findingId] = (await handler.post(`/complaints/${complaintId}/reply`, validReply)).body.linkedFindingIds;
      const response = await handler.post(`/findings/${findingId}/plan`, { measures: ['x'], ownerId: 'head.haicheng', dueAt: '2025-03-01T00:00:00Z' }).set('Accept-Language', 'en');
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([
        { field: 'dueAt', rule: 'invalidCommand', label: 'rectification deadline', message: '"rectification deadline" must be in the future' },
      ]);
    });

    it('escalates a finding one level up', async () => {
      const complaintId = await registerComplaint(handler);
      const [findingId] = (await handler.post(`/complaints/${complaintId}/reply`, validReply)).body.linkedFindingIds;
      const response = await head.post(`/findings/${findingId}/escalate`, { reason: '逾期未整改' });
      expect(response.body).toMatchObject({ state: 'escalated', responsibleUnitId: HAICHENG, escalationLevel: 1 });
    });
  });

  describe('inspections', () => {
    it('open, record findings (one on the spot), refuse findings once closed', async () => {
      const opened = await inspector.post('/inspections', { kind: 'mystery_shopper', unitId: HAICHENG, scope: '服务礼仪、环境设施' });
      expect(opened.status).toBe(201);
      const inspectionId = opened.body.id as string;
      expect(opened.headers.location).toBe(`/inspections/${inspectionId}`);
      expect(opened.body).toMatchObject({ state: 'open', inspectionKind: 'mystery_shopper', findingIds: [] });

      const raised = await inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody());
      expect(raised.status).toBe(201);
      const findingId = raised.body.id as string;
      expect(raised.headers.location).toBe(`/findings/${findingId}`);
      expect(raised.body).toMatchObject({ inspectionId, complaintId: null, state: 'received', revision: 0 });

      const onSpot = await inspector.post(
        `/inspections/${inspectionId}/findings`,
        deadlineFindingBody({ category: 'environment', description: '一米线未设置', severity: 'minor', mode: 'on_spot', report: '已现场设置一米线', dueAt: undefined }),
      );
      expect(onSpot.body).toMatchObject({ state: 'replied', revision: 1, report: { onSpot: true } });

      const inspection = await inspector.get(`/inspections/${inspectionId}`).expect(200);
      expect(inspection.body.findingIds).toEqual([findingId, onSpot.body.id]);
      expect((await inspector.get(`/findings/${findingId}/history`)).body.items[0].metadata).toMatchObject({ actorId: 'inspector.anshan' });

      await inspector.post(`/inspections/${inspectionId}/close`, { summary: '一米线问题多发' }).expect(200);
      const late = await inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody());
      expect(late.status).toBe(409);
      expect(late.body).toMatchObject({ state: 'closed', allowedCommands: [] });
      expect((await inspector.get(`/inspections/${inspectionId}/history`)).body.items).toHaveLength(4);
    });

    it('checks the finding before recording anything: a handler may not raise one, a bad payload is 422', async () => {
      const inspectionId = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '核库' })).body.id;
      expect((await handler.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody())).status).toBe(403);
      const noReport = await inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody({ mode: 'on_spot', dueAt: undefined }));
      expect(noReport.status).toBe(422);
      expect(noReport.body.errors).toEqual([expect.objectContaining({ field: 'onSpotReport', rule: 'invalidCommand', message: expect.stringMatching(/不能为空$/) })]);
      expect((await inspector.get(`/inspections/${inspectionId}`)).body).toMatchObject({ revision: 0, findingIds: [] });
    });

    it('raises an inspection finding once when retried with the same Idempotency-Key', async () => {
      const inspectionId = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '营业环境' })).body.id;
      const send = (): ReturnType<ApiClient['post']> => inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody()).set('Idempotency-Key', 'finding-retry-1');
      const first = await send();
      api.clock.advanceMinutes(1);
      const retry = await send();
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect((await inspector.get(`/inspections/${inspectionId}`)).body.findingIds).toEqual([first.body.id]);
      expect((await inspector.get(`/findings/${first.body.id}/history`)).body.items).toHaveLength(1);

      const otherBody = await inspector.post(`/inspections/${inspectionId}/findings`, deadlineFindingBody({ description: '另一个问题' })).set('Idempotency-Key', 'finding-retry-1');
      expect(otherBody.status).toBe(422);
    });

    it("refuses to open an inspection outside the inspector's subtree with 403", async () => {
      const response = await inspector.post('/inspections', { kind: 'onsite', unitId: 'suizhou', scope: '跨分行' });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: expect.stringMatching(/out-of-scope$/), unitId: 'suizhou' });
    });
  });
});
