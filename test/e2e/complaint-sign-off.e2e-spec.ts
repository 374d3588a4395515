import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

type HistoryEntry = { type: string; data: Record<string, unknown>; summary: { zh: string; en: string } };

const REPLY = { responsibility: 'customer', text: '已解释业务规定', channel: 'phone' } as const;

/** Follow-up outcomes and sign-off as the branch rules run them (issue 18): who signs, what waits, who maintains a decision, when a customer is unreachable. */
describe('Follow-up and sign-off over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let manager: ApiClient;
  let head: ApiClient;
  let supervisor: ApiClient;

  beforeAll(async () => {
    // Monday 2026-11-30 09:00 in Shanghai.
    api = await startApiTestApp({ start: new Date('2026-11-30T01:00:00.000Z'), slaPolicyFile: SHIPPED_SLA_POLICIES });
    handler = await api.as('handler.haicheng');
    manager = await api.as('manager.haicheng');
    head = await api.as('head.haicheng');
    supervisor = await api.as('supervisor.anshan');
  });
  afterAll(() => api.close());

  const history = async (id: string): Promise<HistoryEntry[]> => (await handler.get(`/complaints/${id}/history`).expect(200)).body.items;
  const replied = async (): Promise<string> => {
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/reply`, REPLY).expect(200);
    return id;
  };

  describe('签字确认 by the head of the unit working the case', () => {
    it('is refused to supervisors and to the head of the branch above; the outlet has no head of its own, so its sub-branch head signs', async () => {
      const id = await replied();
      await manager.post(`/complaints/${id}/verify`, { satisfied: true }).expect(200);
      const bySupervisor = await supervisor.post(`/complaints/${id}/close`).expect(403);
      expect(bySupervisor.body.type).toMatch(/forbidden-by-role$/);
      expect((await supervisor.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('close');
      const branchHead = await api.as('head.anshan');
      expect((await branchHead.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('close');
      const above = await branchHead.post(`/complaints/${id}/close`).expect(403);
      expect(above.body).toMatchObject({ type: expect.stringMatching(/not-responsible-unit-head$/), signingUnitId: 'anshan-haicheng' });
      expect(above.body.detail).toBe('签字确认须由海城支行（anshan-haicheng）的机构负责人进行，您不能签字。');
      expect((await head.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toContain('close');
      expect((await head.post(`/complaints/${id}/close`).expect(200)).body.state).toBe('closed');
    });

    it("after a referral to head office, is head office's head's, no longer the outlet head's: a bilingual 403 says so", async () => {
      // An anonymous comment-book entry owes no follow-up visit: once answered it may be signed off at once.
      const { customer: _customer, ...anonymousBody } = complaintBody({ channel: 'comment_book' });
      const id = (await handler.post('/complaints', anonymousBody).expect(201)).body.id as string;
      await head.post(`/complaints/${id}/refer`, { reason: '超出网点处理权限' }).expect(200);
      await (await api.as('supervisor.hq')).post(`/complaints/${id}/reply`, { ...REPLY, channel: 'comment_book' }).expect(200);
      const refused = await head.post(`/complaints/${id}/close`).expect(403);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/not-responsible-unit-head$/), command: 'close' });
      expect(refused.body.detail).toContain('签字确认');
      expect((await head.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('close');
      const headOffice = await api.as('head.hq');
      expect((await headOffice.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toContain('close');
      expect((await headOffice.post(`/complaints/${id}/close`).expect(200)).body.state).toBe('closed');
    });
  });

  describe('the sign-off queue (待签字)', () => {
    const queued = async (client: ApiClient): Promise<{ id: string; state: string; signOffUnitId: string | null }[]> => {
      const minPosition = String(await api.app.get<EventStore>(EVENT_STORE).headPosition());
      return (await client.get(`/queues/sign-off?limit=100&minPosition=${minPosition}`).expect(200)).body.items;
    };

    it('lists for the unit head the followed-up cases, the ones answered on the spot (即办) and anonymous comment-book entries, until signed off', async () => {
      const followedUp = await replied();
      await manager.post(`/complaints/${followedUp}/verify`, { satisfied: true }).expect(200);
      const onSpot = (
        await handler.post('/complaints', complaintBody({ resolvedOnSpot: { reply: { responsibility: 'customer', text: '已当面解释', channel: 'in_person' } } })).expect(201)
      ).body.id as string;
      const { customer: _customer, ...anonymousBody } = complaintBody({ channel: 'comment_book' });
      const anonymous = (await handler.post('/complaints', anonymousBody).expect(201)).body.id as string;
      await handler.post(`/complaints/${anonymous}/reply`, { ...REPLY, channel: 'comment_book' }).expect(200);
      const awaitingVisit = await replied();

      const rows = await queued(head);
      const ids = rows.map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([followedUp, onSpot, anonymous]));
      expect(ids).not.toContain(awaitingVisit);
      expect(rows.find((row) => row.id === onSpot)).toMatchObject({ state: 'replied', signOffUnitId: 'anshan-haicheng-yys' });
      // A unit head elsewhere waits for none of them; auditors see every queue.
      expect((await queued(await api.as('head.zengdu'))).map((row) => row.id)).not.toContain(onSpot);
      expect((await queued(await api.as('auditor'))).map((row) => row.id)).toEqual(expect.arrayContaining([followedUp, onSpot, anonymous]));
      await supervisor.get('/queues/sign-off').expect(403);

      for (const id of [followedUp, onSpot, anonymous]) await head.post(`/complaints/${id}/close`).expect(200);
      expect((await queued(head)).map((row) => row.id).filter((id) => [followedUp, onSpot, anonymous].includes(id))).toEqual([]);
    });
  });

  describe('unsatisfied, decision maintained (维持原处理意见)', () => {
    it('is asked by the handler and approved by a supervisor, never by the unit head; the case then awaits sign-off', async () => {
      const id = await replied();
      const missing = await manager.post(`/complaints/${id}/decision-maintenance-request`, {}).expect(400);
      expect(missing.body.errors).toContainEqual(expect.objectContaining({ field: 'note', label: '申请维持原处理意见的理由' }));
      const requested = await manager.post(`/complaints/${id}/decision-maintenance-request`, { note: '客户仍不满意，但未提出新的事实或理由' }).expect(200);
      expect(requested.body).toMatchObject({
        state: 'decisionReview',
        decisionMaintenanceRequest: { comment: '客户仍不满意，但未提出新的事实或理由', actorId: 'manager.haicheng' },
      });
      expect(requested.body.allowedCommands).not.toContain('close');
      expect((await supervisor.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toEqual(expect.arrayContaining(['maintain-decision', 'refuse-decision-maintained']));

      const byHead = await head.post(`/complaints/${id}/decision-maintained`, { note: '同意' }).expect(403);
      expect(byHead.body.type).toMatch(/forbidden-by-role$/);
      await head.post(`/complaints/${id}/close`).expect(409);
      const approved = await supervisor.post(`/complaints/${id}/decision-maintained`, { note: '经复核原处理意见符合规定' }).expect(200);
      expect(approved.body).toMatchObject({ state: 'verified', decisionMaintained: { comment: '经复核原处理意见符合规定', actorId: 'supervisor.anshan' } });
      await head.post(`/complaints/${id}/close`).expect(200);
      expect((await history(id)).map((entry) => entry.summary.zh)).toEqual(
        expect.arrayContaining(['回访：客户不满意且无新的理由，申请维持原处理意见，待督办人员批准', '回访：客户不满意，经督办人员批准维持原处理意见']),
      );
    });

    it('refused by a supervisor, goes back to the follow-up, where a new reason reopens the case', async () => {
      const id = await replied();
      await manager.post(`/complaints/${id}/decision-maintenance-request`, { note: '客户未提出新的理由' }).expect(200);
      const refused = await supervisor.post(`/complaints/${id}/decision-maintenance-refusal`, { reason: '客户反映的录像尚未调阅' }).expect(200);
      expect(refused.body).toMatchObject({ state: 'replied', decisionMaintenanceRequest: null, decisionMaintained: null });
      const reopened = await manager.post(`/complaints/${id}/verify`, { satisfied: false, note: '调阅录像后客户补充了新的情况' }).expect(200);
      expect(reopened.body.state).toBe('received');
      const entries = await history(id);
      expect(entries.find((entry) => entry.type === 'ComplaintDecisionMaintenanceRefused')?.summary).toEqual({
        zh: '督办人员不同意维持原处理意见，继续回访',
        en: 'A supervisor refused to maintain the decision; the follow-up goes on',
      });
    });

    it('is not approved by the supervisor who asked for it (four-eyes)', async () => {
      const id = await replied();
      await supervisor.post(`/complaints/${id}/decision-maintenance-request`, { note: '客户未提出新的理由' }).expect(200);
      const own = await supervisor.post(`/complaints/${id}/decision-maintained`, { note: '同意' }).expect(403);
      expect(own.body.type).toMatch(/four-eyes$/);
      await (await api.as('supervisor.hq')).post(`/complaints/${id}/decision-maintained`, { note: '同意维持' }).expect(200);
    });
  });

  // Last: it publishes a policy set that every later case would follow.
  describe('customer unreachable after the policy’s number of failed attempts', () => {
    it('follows the number the complaint policy sets, which each attempt records', async () => {
      const admin = await api.as('admin');
      const { version: _version, ...policySet } = (await admin.get('/sla/policies').expect(200)).body;
      const refused = await admin.put('/sla/policies', {
        ...policySet,
        policies: policySet.policies.map((policy: { id: string }) => (policy.id === 'complaint' ? { ...policy, unreachableAfterFailedAttempts: 0 } : policy)),
      });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(refused.body)).toContain('unreachableAfterFailedAttempts');
      await admin
        .put('/sla/policies', {
          ...policySet,
          policies: policySet.policies.map((policy: { id: string }) => (policy.id === 'complaint' ? { ...policy, unreachableAfterFailedAttempts: 2 } : policy)),
        })
        .expect(200);

      const id = await replied();
      const failedCall = { attemptedAt: api.clock.now().toISOString(), channel: 'phone', reached: false };
      const first = await manager.post(`/complaints/${id}/contact-attempts`, { ...failedCall, unreachableAfter: 1 }).expect(400);
      expect(JSON.stringify(first.body)).toContain('unreachableAfter');
      const once = await manager.post(`/complaints/${id}/contact-attempts`, failedCall).expect(200);
      expect(once.body).toMatchObject({ unreachableAfter: 2 });
      expect(once.body.allowedCommands).not.toContain('record-unreachable');
      const twice = await manager.post(`/complaints/${id}/contact-attempts`, { ...failedCall, channel: 'sms' }).expect(200);
      expect(twice.body.allowedCommands).toContain('record-unreachable');
      const unreachable = await manager.post(`/complaints/${id}/unreachable`, { note: '电话、短信均未联系上' }).expect(200);
      expect(unreachable.body).toMatchObject({ state: 'verified', unreachable: { failedAttempts: 2 } });
      expect((await history(id)).filter((entry) => entry.type === 'ComplaintContactAttempted').map((entry) => entry.data.unreachableAfter)).toEqual([2, 2]);
    });
  });
});
