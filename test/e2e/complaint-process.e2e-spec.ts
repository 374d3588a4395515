import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

type ClockView = { clockId: string; state: string; outcome: string | null; dueAt: string; startedAt: string; version: number };
type HistoryEntry = { type: string; data: Record<string, unknown> };

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
      expect(refused.body.errors).toEqual([{ field: 'managerId', message: `must name a complaint manager (投诉管理人) of ${HAICHENG_OUTLET}: manager.haicheng` }]);
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
      expect(refused.body.errors).toEqual([{ field: 'promisedBy', message: `must not be later than the policy's reply deadline ${policyDue} (clock reply)` }]);
      expect(await history(id)).toHaveLength(before);
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
      expect(refused.body.errors).toEqual([{ field: 'customer', message: 'is required except for an anonymous comment-book entry (channel comment_book)' }]);
    });

    it('records a call made straight to the outlet apart from a hotline transfer', async () => {
      const registered = await handler.post('/complaints', complaintBody({ channel: 'outlet_phone' })).expect(201);
      expect(registered.body.channel).toBe('outlet_phone');
      const [entry] = (await handler.get(`/complaints/${registered.body.id as string}/history`).expect(200)).body.items;
      expect(entry.summary).toMatchObject({ zh: expect.stringContaining('网点电话'), en: expect.stringContaining('a call to the outlet') });
    });
  });
});
