import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

type ClockView = { clockId: string; level: number; state: string; outcome: string | null; dueAt: string; startedAt: string; version: number };
type HistoryEntry = { type: string; data: Record<string, unknown>; summary: { zh: string; en: string }; text: string | null };

const clockOf = (view: { clocks: ClockView[] }, clockId: string): ClockView => view.clocks.find((clock) => clock.clockId === clockId)!;
const plusHours = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

/** The complaint process as the branch rules run it (issue 18): hand-over, promises, the comment book, the outlet's phone. */
describe('The complaint process over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let manager: ApiClient;
  let head: ApiClient;

  beforeAll(async () => {
    // Monday 2026-11-30 09:00 in Shanghai, a plain working week under the shipped policies.
    api = await startApiTestApp({ start: new Date('2026-11-30T01:00:00.000Z'), slaPolicyFile: SHIPPED_SLA_POLICIES });
    handler = await api.as('handler.haicheng');
    manager = await api.as('manager.haicheng');
    head = await api.as('head.haicheng');
  });
  afterAll(() => api.close());

  const history = async (id: string): Promise<HistoryEntry[]> => (await handler.get(`/complaints/${id}/history`).expect(200)).body.items;

  describe('hand-over to the complaint manager (首问负责制, 转办)', () => {
    it("lets the first-contact handler hand the case to the outlet's complaint manager, which meets the acknowledgement clock", async () => {
      const id = await registerComplaint(handler);
      api.clock.advanceMinutes(30);
      const handed = await handler.post(`/complaints/${id}/hand-over`, { managerId: 'manager.haicheng', reason: '涉及账户差错' }).expect(200);
      expect(handed.body).toMatchObject({
        state: 'received',
        assigneeId: 'manager.haicheng',
        handOvers: [{ managerId: 'manager.haicheng', reason: '涉及账户差错', actorId: 'handler.haicheng' }],
      });
      expect(clockOf(handed.body, 'acknowledge')).toMatchObject({ state: 'met', outcome: 'met' });
      expect(clockOf(handed.body, 'reply')).toMatchObject({ state: 'running' });
      // The manager now holds the case and works it.
      expect((await manager.post(`/complaints/${id}/notes`, { text: '已联系客户核实' })).status).toBe(200);
    });

    it('refuses anyone the organisation file does not name as a complaint manager of the unit, naming who is, and records nothing', async () => {
      const id = await registerComplaint(handler);
      const before = (await history(id)).length;
      const refused = await handler.post(`/complaints/${id}/hand-over`, { managerId: 'head.haicheng' }).expect(422);
      expect(refused.body.errors).toEqual([
        { field: 'managerId', rule: 'invalidCommand', label: '投诉管理人', message: `「投诉管理人」须为机构 ${HAICHENG_OUTLET} 的投诉管理人：manager.haicheng` },
      ]);
      await handler.post(`/complaints/${id}/hand-over`, { managerId: 'nobody' }).expect(422);
      expect(await history(id)).toHaveLength(before);
    });
  });

  describe('a promised reply date (承诺办)', () => {
    it("becomes the reply deadline when earlier than the policy's, with a clock event saying so", async () => {
      const id = await registerComplaint(handler);
      const policyDue = clockOf((await handler.get(`/complaints/${id}`).expect(200)).body, 'reply').dueAt;
      const promisedBy = plusHours(policyDue, -24);
      const promised = await handler.post(`/complaints/${id}/promised-reply`, { promisedBy }).expect(200);
      expect(promised.body.promisedReplyBy).toBe(promisedBy);
      expect(clockOf(promised.body, 'reply')).toMatchObject({ dueAt: promisedBy, state: 'running', version: 2 });
      expect((await history(id)).slice(-2)).toEqual([
        expect.objectContaining({ type: 'ComplaintReplyPromised', data: expect.objectContaining({ promisedBy }) }),
        expect.objectContaining({ type: 'ClockReset', data: expect.objectContaining({ clockId: 'reply', dueAt: promisedBy }) }),
      ]);
    });

    it("refuses a promise later than the policy's deadline with that deadline in the problem, recording nothing", async () => {
      const id = await registerComplaint(handler);
      const policyDue = clockOf((await handler.get(`/complaints/${id}`).expect(200)).body, 'reply').dueAt;
      const before = (await history(id)).length;
      const refused = await handler.post(`/complaints/${id}/promised-reply`, { promisedBy: plusHours(policyDue, 1) }).expect(422);
      expect(refused.body).toMatchObject({
        detail: `「promisedBy」不能晚于政策规定的答复期限 ${policyDue}（时钟 reply）。`,
        errors: [{ field: 'promisedBy', message: `must not be later than the policy's reply deadline ${policyDue} (clock reply)` }],
      });
      expect(await history(id)).toHaveLength(before);
    });
  });

  describe('transfers and referrals', () => {
    it('moves a case registered at the wrong unit sideways with a reason: clocks run on, the old outlet loses sight, the new unit takes it', async () => {
      const id = await registerComplaint(handler);
      const before = (await handler.get(`/complaints/${id}`).expect(200)).body;
      api.clock.advanceMinutes(60);

      const outOfReach = await handler.post(`/complaints/${id}/transfer`, { toUnitId: 'anshan-daoxi', reason: '登记网点有误' }).expect(403);
      expect(outOfReach.body).toMatchObject({
        type: expect.stringMatching(/out-of-scope$/),
        unitId: 'anshan-daoxi',
        detail: '机构「anshan-daoxi」不在您的辖区内：请在辖区内移交，或请总行办理。',
      });

      const supervisor = await api.as('supervisor.anshan');
      const moved = await supervisor.post(`/complaints/${id}/transfer`, { toUnitId: 'anshan-daoxi', reason: '客户在道西支行办理业务，登记网点有误' }).expect(200);
      expect(moved.body).toMatchObject({ unitId: 'anshan-daoxi', responsibleUnitId: 'anshan-daoxi', transfers: [{ fromUnitId: HAICHENG_OUTLET, toUnitId: 'anshan-daoxi' }] });
      // The clocks count from receipt as before: a transfer neither restarts nor stops them.
      expect(clockOf(moved.body, 'reply')).toMatchObject({ startedAt: clockOf(before, 'reply').startedAt, dueAt: clockOf(before, 'reply').dueAt, state: 'running' });
      expect((await supervisor.get(`/complaints/${id}/history`).expect(200)).body.items.at(-1)).toMatchObject({ type: 'ComplaintTransferred' });

      await handler.get(`/complaints/${id}`).expect(404);
      const daoxi = await api.as('handler.daoxi');
      expect((await daoxi.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toContain('reply');
      // Its parent branch, an ancestor of both units, still sees it.
      await supervisor.get(`/complaints/${id}`).expect(200);
    });

    it('refers a case straight to head office in one step by the unit head; the outlet then adds notes but no longer replies', async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/refer`, { reason: '超出网点权限' }).expect(403);
      const referred = await head.post(`/complaints/${id}/refer`, { reason: '涉及总行系统规则，超出网点处理权限' }).expect(200);
      expect(referred.body).toMatchObject({
        state: 'escalated',
        responsibleUnitId: 'hq',
        atHeadOffice: true,
        escalationLevel: 1,
        escalations: [{ fromUnitId: HAICHENG_OUTLET, toUnitId: 'hq', bypassedUnitIds: ['anshan-haicheng', 'anshan'], automatic: false }],
      });
      expect(clockOf(referred.body, 'reply@L1')).toMatchObject({ level: 1, state: 'running' });

      await handler.post(`/complaints/${id}/notes`, { text: '已向客户了解情况，配合总行核实' }).expect(200);
      const view = (await handler.get(`/complaints/${id}`).expect(200)).body;
      expect(view.allowedCommands).toContain('add-note');
      expect(view.allowedCommands).not.toContain('reply');
      const refused = await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(403);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/not-responsible-unit$/), command: 'reply', detail: expect.stringMatching(/^此案已上报/) });
      const inEnglish = await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).set('Accept-Language', 'en').expect(403);
      expect(inEnglish.body.detail).toMatch(/^complaint: user 'handler.haicheng' may not 'reply'/);

      const headOffice = await api.as('supervisor.hq');
      await headOffice.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '总行已核实并答复客户', channel: 'letter' }).expect(200);
    });
  });

  describe('follow-up and sign-off', () => {
    it('starts a new reply clock when an unsatisfied follow-up reopens the case', async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释业务规定', channel: 'phone' }).expect(200);
      api.clock.advanceMinutes(120);
      const reopenedAt = api.clock.now().toISOString();
      const reopened = await head.post(`/complaints/${id}/verify`, { satisfied: false, note: '客户不接受解释，提出新的理由' }).expect(200);
      expect(reopened.body.state).toBe('received');
      expect(clockOf(reopened.body, 'reply')).toMatchObject({ state: 'met' });
      expect(clockOf(reopened.body, 'reply#2')).toMatchObject({ state: 'running', level: 0, startedAt: reopenedAt });
    });

    it('records failed follow-up calls and, after three, ends the follow-up as customer unreachable so the unit head can sign off', async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释业务规定', channel: 'phone' }).expect(200);
      const failedCall = (channel: string) => ({ attemptedAt: api.clock.now().toISOString(), channel, reached: false, note: '无人接听' });

      const future = await manager.post(`/complaints/${id}/contact-attempts`, { ...failedCall('phone'), attemptedAt: plusHours(api.clock.now().toISOString(), 1) }).expect(422);
      expect(future.body.errors).toEqual([expect.objectContaining({ field: 'attemptedAt', label: '联系时间' })]);
      await manager.post(`/complaints/${id}/contact-attempts`, failedCall('phone')).expect(200);
      api.clock.advanceMinutes(60);
      const second = await manager.post(`/complaints/${id}/contact-attempts`, failedCall('phone')).expect(200);
      expect(second.body).toMatchObject({ state: 'replied', contactAttempts: [{ reached: false }, { reached: false, channel: 'phone', note: '无人接听' }] });
      expect(second.body.allowedCommands).not.toContain('record-unreachable');
      await manager.post(`/complaints/${id}/unreachable`, {}).expect(409);

      api.clock.advanceMinutes(60);
      const third = await manager.post(`/complaints/${id}/contact-attempts`, failedCall('sms')).expect(200);
      expect(third.body.allowedCommands).toContain('record-unreachable');
      const unreachable = await manager.post(`/complaints/${id}/unreachable`, { note: '电话两次未接通，短信无回复' }).expect(200);
      expect(unreachable.body).toMatchObject({ state: 'verified', unreachable: { failedAttempts: 3, comment: '电话两次未接通，短信无回复' }, followUps: [] });
      expect(unreachable.body.clocks.filter((clock: ClockView) => clock.state === 'running')).toEqual([]);

      const signed = await head.post(`/complaints/${id}/close`).expect(200);
      expect(signed.body.state).toBe('closed');
      const entries = await history(id);
      expect(entries.map((entry) => entry.summary.zh)).toEqual(expect.arrayContaining(['回访联系（短信）：未联系上客户', '回访：3次联系未果，客户无法联系']));
      expect(entries.filter((entry) => entry.type === 'ComplaintContactAttempted').map((entry) => entry.text)).toEqual(['无人接听', '无人接听', '无人接听']);
    });

    it('signs off a case answered on the spot (即办) without a follow-up visit', async () => {
      const onSpot = await handler
        .post('/complaints', complaintBody({ resolvedOnSpot: { reply: { responsibility: 'customer', text: '已当面解释', channel: 'in_person' } } }))
        .expect(201);
      expect(onSpot.body.state).toBe('replied');
      const signed = await head.post(`/complaints/${onSpot.body.id as string}/close`).expect(200);
      expect(signed.body).toMatchObject({ state: 'closed', followUps: [] });
    });
  });

  describe('the sign-off queue (待签字)', () => {
    it("lists the unit head's followed-up complaints until they are signed off; handlers have no such queue", async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200);
      await head.post(`/complaints/${id}/verify`, { satisfied: true, note: '客户满意' }).expect(200);
      const queued = async (): Promise<string[]> => {
        const minPosition = String(await api.app.get<EventStore>(EVENT_STORE).headPosition());
        return ((await head.get(`/queues/sign-off?limit=100&minPosition=${minPosition}`).expect(200)).body.items as { id: string; state: string }[]).map((row) => row.id);
      };
      expect(await queued()).toContain(id);
      await handler.get('/queues/sign-off').expect(403);
      await head.post(`/complaints/${id}/close`).expect(200);
      expect(await queued()).not.toContain(id);
    });
  });

  describe('channels', () => {
    it('takes an anonymous comment-book entry (客户意见簿), answers it in the book and signs it off without a follow-up visit', async () => {
      const { customer: _customer, ...anonymous } = complaintBody({ channel: 'comment_book' });
      const registered = await handler.post('/complaints', anonymous).expect(201);
      expect(registered.body).toMatchObject({ anonymous: true, channel: 'comment_book', customer: { name: '', phone: null, idNumber: null } });
      const id = registered.body.id as string;
      const answered = await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已在意见簿中答复并说明规定', channel: 'comment_book' }).expect(200);
      expect(answered.body.state).toBe('replied');
      const signed = await head.post(`/complaints/${id}/close`).expect(200);
      expect(signed.body).toMatchObject({ state: 'closed', followUps: [] });
    });

    it('requires the customer on every other channel, naming the field', async () => {
      const { customer: _customer, ...nameless } = complaintBody({ channel: 'walk_in' });
      const refused = await handler.post('/complaints', nameless).expect(422);
      expect(refused.body.errors).toEqual([{ field: 'customer', rule: 'invalidCommand', label: '客户', message: '「客户」除意见簿匿名留言（渠道 comment_book）外必须填写' }]);
    });

    it('records a call made straight to the outlet apart from a hotline transfer', async () => {
      const registered = await handler.post('/complaints', complaintBody({ channel: 'outlet_phone' })).expect(201);
      expect(registered.body.channel).toBe('outlet_phone');
      const [entry] = (await handler.get(`/complaints/${registered.body.id as string}/history`).expect(200)).body.items;
      expect(entry.summary).toMatchObject({ zh: expect.stringContaining('网点电话'), en: expect.stringContaining('a call to the outlet') });
    });
  });

  // Last: it moves the shared clock days ahead.
  describe('after a breach', () => {
    it('takes a withdrawal or reclassification from a supervisor only, and the breach stays in the SLA figures', async () => {
      const id = await registerComplaint(handler);
      api.clock.advanceMinutes(5 * 24 * 60);
      const enforced = await api.app.get(DeadlineEnforcer).enforceDeadlines('complaint', id);
      expect(enforced.events.map((event) => event.type)).toContain('ClockBreached');

      for (const [path, body] of [
        ['withdraw', { reason: '客户撤回' }],
        ['reclassify', { type: 'suggestion' }],
      ] as const) {
        // The breach also sent it up to the sub-branch, whose head now works it.
        const refused = await head.post(`/complaints/${id}/${path}`, body).expect(403);
        expect(refused.body).toMatchObject({
          type: expect.stringMatching(/supervisor-approval-required$/),
          command: path,
          detail: `此案已有时限超时：现在只有督办人员可以执行「${path}」。`,
        });
      }
      const supervisor = await api.as('supervisor.anshan');
      // Nor are they offered to anyone but a supervisor: no button that would only be refused.
      expect((await head.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('withdraw');
      expect((await head.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('reclassify');
      expect((await supervisor.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toEqual(expect.arrayContaining(['withdraw', 'reclassify']));
      await supervisor.post(`/complaints/${id}/withdraw`, { reason: '客户书面撤回投诉' }).expect(200);

      const minPosition = String(await api.app.get<EventStore>(EVENT_STORE).headPosition());
      const rows = (await supervisor.get(`/complaints?unitId=${HAICHENG_OUTLET}&state=withdrawn&limit=100&minPosition=${minPosition}`).expect(200)).body.items as {
        id: string;
        replyOutcome: string;
      }[];
      expect(rows.find((row) => row.id === id)).toMatchObject({ replyOutcome: 'breached' });
    });
  });
});
