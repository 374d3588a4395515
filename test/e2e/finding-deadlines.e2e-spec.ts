import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { deadlineFindingBody, HAICHENG, HAICHENG_OUTLET } from '../support/demo-requests';

type ClockView = { clockId: string; state: string; level: number; dueAt: string };
type HistoryEntry = { type: string; data: Record<string, unknown>; summary: { zh: string; en: string } };

const DAY = 24 * 3600 * 1000;

/**
 * Issue 19, rectification tracked to its lessons: the inspector's deadline (限期) gives a finding
 * its clock from the moment it is raised, a carried-over finding a new deadline and a fresh clock,
 * and a finding that goes overdue a deadline notice (限期整改通知) before it escalates as before.
 */
describe('Finding deadlines (限期) over HTTP', () => {
  let api: ApiTestApp;
  let inspector: ApiClient;
  let head: ApiClient;
  let handler: ApiClient;
  let enforcer: DeadlineEnforcer;

  const daysFromNow = (days: number): string => new Date(api.clock.now().getTime() + days * DAY).toISOString();
  const clocksOf = async (id: string): Promise<ClockView[]> => (await inspector.get(`/findings/${id}`).expect(200)).body.clocks as ClockView[];
  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await inspector.get(`/findings/${id}/history?limit=100`).expect(200)).body.items as HistoryEntry[];
  const findingBody = (dueAt?: string): Record<string, unknown> => deadlineFindingBody({ dueAt });
  const openInspection = async (checklistId?: string): Promise<string> =>
    (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '柜面服务', checklistId }).expect(201)).body.id as string;

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES });
    inspector = await api.as('inspector.anshan');
    head = await api.as('head.haicheng');
    handler = await api.as('handler.haicheng');
    enforcer = api.app.get(DeadlineEnforcer);
  });
  afterAll(() => api.close());

  it("starts the finding's clock when it is raised, due at the inspector's deadline", async () => {
    const inspectionId = await openInspection();
    const dueAt = daysFromNow(20);
    const raised = await inspector.post(`/inspections/${inspectionId}/findings`, findingBody(dueAt)).expect(201);
    expect(raised.body).toMatchObject({ state: 'received', dueAt, plan: null, deadlineNotices: [] });
    expect(await clocksOf(raised.body.id as string)).toEqual([expect.objectContaining({ clockId: 'rectify', state: 'running', level: 0, dueAt })]);
    const [entry] = await historyOf(raised.body.id as string);
    expect(entry.summary.zh).toContain(`限 ${dueAt} 前完成`);

    // The plan, with its cause analysis (问题解析) and milestones (时间节点), dates the same clock anew.
    const planDue = daysFromNow(15);
    const plan = {
      measures: ['每日核库'],
      ownerId: 'head.haicheng',
      dueAt: planDue,
      causeAnalysis: '主管未逐日检查',
      milestones: [{ text: '完成核库制度培训', dueAt: daysFromNow(5) }],
    };
    const late = await head.post(`/findings/${raised.body.id}/plan`, { ...plan, milestones: [{ text: '晚于方案', dueAt: daysFromNow(16) }] }).expect(422);
    expect(late.body.errors).toEqual([expect.objectContaining({ field: 'milestones[0].dueAt', label: '节点时间', message: '「节点时间」不能晚于方案的完成时限' })]);
    const planned = await head.post(`/findings/${raised.body.id}/plan`, plan).expect(200);
    expect(planned.body.plan).toMatchObject({ causeAnalysis: '主管未逐日检查', milestones: plan.milestones });
    // Each milestone is a clock of its own (see inspection-rectification.e2e-spec.ts).
    expect(await clocksOf(raised.body.id as string)).toEqual([
      expect.objectContaining({ clockId: 'rectify', state: 'running', dueAt: planDue }),
      expect.objectContaining({ clockId: 'milestone-1', state: 'running', dueAt: plan.milestones[0].dueAt }),
    ]);
  });

  it('refuses a deadline finding without a deadline, or with one in the past, and an on-the-spot fix with one: 422 naming dueAt, nothing recorded', async () => {
    const inspectionId = await openInspection();
    for (const body of [findingBody(), findingBody('2020-01-01T00:00:00Z'), { ...findingBody(daysFromNow(5)), mode: 'on_spot', report: '已当场纠正' }]) {
      const refused = await inspector.post(`/inspections/${inspectionId}/findings`, body).expect(422);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
    }
    expect((await inspector.get(`/inspections/${inspectionId}`).expect(200)).body.findingIds).toEqual([]);
  });

  it('takes the deadline of a finding a failed checklist item raises from the item, and refuses the results without one', async () => {
    const inspectionId = await openInspection('counter-service');
    const failed = { itemId: 'one-metre-line', outcome: 'fail', note: '一米线标识缺失' };
    const refused = await inspector.post(`/inspections/${inspectionId}/results`, { results: [failed] }).expect(422);
    // Named by the result that lacks it, with the field's label.
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'results[0].dueAt', label: '整改期限' })]);
    expect((await inspector.get(`/inspections/${inspectionId}`).expect(200)).body.results).toEqual([]);

    const dueAt = daysFromNow(30);
    const recorded = await inspector.post(`/inspections/${inspectionId}/results`, { results: [{ ...failed, dueAt }] }).expect(200);
    const [findingId] = recorded.body.findingIds as string[];
    expect((await head.get(`/findings/${findingId}`).expect(200)).body).toMatchObject({ dueAt, state: 'received' });
    expect(await clocksOf(findingId)).toEqual([expect.objectContaining({ clockId: 'rectify', state: 'running', dueAt })]);
  });

  it("holds a plan beyond the deadline for the inspector's approval: approved, its date becomes the deadline and the clock's; refused, the deadline stands", async () => {
    const inspectionId = await openInspection();
    const deadline = daysFromNow(20);
    const id = (await inspector.post(`/inspections/${inspectionId}/findings`, findingBody(deadline)).expect(201)).body.id as string;
    const beyond = daysFromNow(30);
    const proposed = await head.post(`/findings/${id}/plan`, { measures: ['改造等候区'], ownerId: 'head.haicheng', dueAt: beyond, causeAnalysis: '需施工改造' }).expect(200);
    expect(proposed.body).toMatchObject({ state: 'planPending', plan: null, proposedPlan: { dueAt: beyond, causeAnalysis: '需施工改造' }, dueAt: deadline });
    expect(await clocksOf(id)).toEqual([expect.objectContaining({ clockId: 'rectify', dueAt: deadline })]);
    expect((await head.post(`/findings/${id}/approve-plan`)).status).toBe(403);
    expect((await handler.post(`/findings/${id}/report`, { text: '已整改' })).status).toBe(409);

    const approved = await inspector.post(`/findings/${id}/approve-plan`).expect(200);
    expect(approved.body).toMatchObject({ state: 'planned', plan: { dueAt: beyond }, proposedPlan: null, dueAt: beyond });
    expect(await clocksOf(id)).toEqual([expect.objectContaining({ clockId: 'rectify', state: 'running', dueAt: beyond })]);

    // A re-plan that moves the deadline again is refused: the approved plan and its date stand.
    await head.post(`/findings/${id}/plan`, { measures: ['再次延期'], ownerId: 'head.haicheng', dueAt: daysFromNow(40) }).expect(200);
    const rejected = await inspector.post(`/findings/${id}/reject-plan`, { reason: '延期理由不充分' }).expect(200);
    expect(rejected.body).toMatchObject({ state: 'planned', plan: { dueAt: beyond, measures: ['改造等候区'] }, proposedPlan: null, dueAt: beyond });
    expect(await clocksOf(id)).toEqual([expect.objectContaining({ clockId: 'rectify', dueAt: beyond })]);
    const types = (await historyOf(id)).map((entry) => entry.type).filter((type) => type.startsWith('FindingPlan'));
    expect(types).toEqual(['FindingPlanProposed', 'FindingPlanApproved', 'FindingPlanProposed', 'FindingPlanRejected']);
  });

  it('gives a carried-over finding a new deadline and a fresh clock; the new deadline is required', async () => {
    const inspectionId = await openInspection();
    const id = (await inspector.post(`/inspections/${inspectionId}/findings`, findingBody(daysFromNow(20))).expect(201)).body.id as string;
    await head.post(`/findings/${id}/plan`, { measures: ['每日核库'], ownerId: 'head.haicheng', dueAt: daysFromNow(10) }).expect(200);
    await handler.post(`/findings/${id}/report`, { text: '已建立核库登记' }).expect(200);

    const noDeadline = await inspector.post(`/findings/${id}/verify`, { passed: false, note: '复查仍未落实' }).expect(422);
    expect(noDeadline.body.errors).toEqual([expect.objectContaining({ field: 'dueAt' })]);
    const renewed = daysFromNow(25);
    const carried = await inspector.post(`/findings/${id}/verify`, { passed: false, note: '复查仍未落实', dueAt: renewed }).expect(200);
    expect(carried.body).toMatchObject({ state: 'planned', carryOverCount: 1, dueAt: renewed });
    expect(await clocksOf(id)).toEqual([
      expect.objectContaining({ clockId: 'rectify', state: 'met' }),
      expect.objectContaining({ clockId: 'rectify#2', state: 'running', level: 0, dueAt: renewed }),
    ]);
    const summaries = (await historyOf(id)).filter((entry) => entry.type === 'FindingCarriedOver').map((entry) => entry.summary.zh);
    expect(summaries).toEqual([`效果评估未通过，继续整改，新限期 ${renewed}`]);
  });

  it('issues a deadline notice (限期整改通知) once when the finding goes overdue, then escalates it as before', async () => {
    const inspectionId = await openInspection();
    const dueAt = daysFromNow(3);
    const id = (await inspector.post(`/inspections/${inspectionId}/findings`, findingBody(dueAt)).expect(201)).body.id as string;

    api.clock.advanceMs(4 * DAY);
    const first = await enforcer.enforceDeadlines('finding', id);
    expect(first.escalated).toBe(true);
    const types = first.events.map((event) => event.type);
    expect(types.filter((type) => type === 'FindingDeadlineNoticeIssued')).toHaveLength(1);
    expect(types.indexOf('FindingDeadlineNoticeIssued')).toBeLessThan(types.indexOf('FindingEscalated'));

    const view = (await inspector.get(`/findings/${id}`).expect(200)).body;
    expect(view).toMatchObject({ state: 'escalated', escalationLevel: 1, deadlineNotices: [{ clockId: 'rectify', dueAt, unitId: HAICHENG_OUTLET, actorId: 'system' }] });
    const notice = (await historyOf(id)).find((entry) => entry.type === 'FindingDeadlineNoticeIssued')!;
    expect(notice.summary.zh).toContain('限期整改通知');

    // Nothing more is due now; the next level's own deadline brings an escalation but no second notice.
    expect((await enforcer.enforceDeadlines('finding', id)).events).toEqual([]);
    api.clock.advanceMs(10 * DAY);
    const second = await enforcer.enforceDeadlines('finding', id);
    expect(second.escalated).toBe(true);
    expect(second.events.map((event) => event.type)).not.toContain('FindingDeadlineNoticeIssued');
    expect((await inspector.get(`/findings/${id}`).expect(200)).body.deadlineNotices).toHaveLength(1);
  });

  it("draws the notice in the finding's statechart as the SLA's command", async () => {
    const workflow = (await inspector.get('/workflows/finding').set('Accept', 'application/json').expect(200)).body;
    expect(workflow.commands).toContainEqual({ command: 'issue-deadline-notice', roles: ['system'], events: ['FindingDeadlineNoticeIssued'] });
  });
});
