import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseCommandHandler, CaseFollowUps, COMPLAINTS } from '@duban/cases';
import { CHECKPOINT_STORE, EVENT_STORE } from '@duban/event-store';
import { CaseFollowUpReactor } from '../../apps/worker/src/follow-ups/case-follow-up-reactor';
import { waitFor } from '../../libs/event-store/src/testing/test-events';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

type HistoryEntry = { type: string; data: Record<string, unknown>; summary: { zh: string; en: string } };

const OVERRIDE_TO_CUSTOMER = { responsibility: 'customer', reason: '经调阅监控，柜员已履行告知义务，属客户对规定不了解' } as const;
const OVERRIDE_TO_VALID = { responsibility: 'valid', reason: '经复核，柜员未按规定履行告知义务', responsibleUnitId: 'anshan-haicheng-yys', complainedStaffId: 'E10001' };

/** 责任认定 by the owning department (issue 18): confirmed or overridden, the finding cancelled or raised, the employee shown to some roles only. */
describe('Responsibility decided by the owning department over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let hqSupervisor: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp({ start: new Date('2026-11-30T01:00:00.000Z'), slaPolicyFile: SHIPPED_SLA_POLICIES });
    handler = await api.as('handler.haicheng');
    hqSupervisor = await api.as('supervisor.hq');
  });
  afterAll(() => api.close());

  const replied = async (responsibility: 'valid' | 'customer', registering: ApiClient = handler, overrides: Record<string, unknown> = {}) => {
    const id = await registerComplaint(registering, overrides);
    const reply = await registering.post(`/complaints/${id}/reply`, { responsibility, text: '已核实并答复客户', channel: 'phone' }).expect(200);
    return { id, reply: reply.body };
  };
  const history = async (path: string, as: ApiClient = hqSupervisor): Promise<HistoryEntry[]> => (await as.get(`${path}/history`).expect(200)).body.items;

  it('overriding a valid reply to customer responsibility cancels the finding it raised: recorded on the finding, its clock cancelled, nothing deleted', async () => {
    const { id, reply } = await replied('valid');
    const [findingId] = reply.linkedFindingIds;
    expect(reply).toMatchObject({ responsibility: 'valid', awaitingResponsibilityDecision: true });
    expect((await hqSupervisor.get(`/complaints/${id}`).expect(200)).body.allowedCommands).toContain('decide-responsibility');
    expect((await handler.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('decide-responsibility');

    const decided = await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(200);
    expect(decided.body).toMatchObject({
      state: 'replied',
      responsibility: 'customer',
      awaitingResponsibilityDecision: false,
      linkedFindingIds: [findingId],
      cancelledFindingIds: [findingId],
      responsibilityDecisions: [
        { replyNumber: 1, proposed: 'valid', responsibility: 'customer', reason: OVERRIDE_TO_CUSTOMER.reason, cancelsFindingId: findingId, actorId: 'supervisor.hq' },
      ],
    });
    expect(decided.body.allowedCommands).not.toContain('decide-responsibility');

    const finding = await hqSupervisor.get(`/findings/${findingId}`).expect(200);
    expect(finding.body).toMatchObject({ state: 'cancelled', cancellation: { complaintId: id, reason: OVERRIDE_TO_CUSTOMER.reason, actorId: 'system' }, allowedCommands: [] });
    expect(finding.body.clocks.every((clock: { state: string }) => clock.state !== 'running')).toBe(true);
    expect((await history(`/findings/${findingId}`)).map((entry) => entry.type)).toEqual(expect.arrayContaining(['FindingRaised', 'FindingCancelled']));
    expect((await history(`/complaints/${id}`)).at(-1)).toMatchObject({
      type: 'ComplaintResponsibilityDecided',
      summary: {
        zh: `责任认定：改判（原拟有效投诉）为客户责任（第1次答复），撤销整改 ${findingId}`,
        en: `Responsibility overridden (proposed: valid complaint) as customer's responsibility (reply 1); finding ${findingId} cancelled`,
      },
    });
    await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(409);
  });

  it('overriding customer responsibility to valid raises exactly one finding, also when the request is retried', async () => {
    const { id, reply } = await replied('customer');
    expect(reply.linkedFindingIds).toEqual([]);
    const retried = async () => (await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_VALID).set('Idempotency-Key', `override-${id}`).expect(200)).body;
    const first = await retried();
    const again = await retried();
    expect(again).toEqual(first);
    expect(first).toMatchObject({ responsibility: 'valid', linkedFindingIds: [`${id}-d1`], cancelledFindingIds: [] });
    const finding = await hqSupervisor.get(`/findings/${id}-d1`).expect(200);
    expect(finding.body).toMatchObject({ state: 'received', complaintId: id, unitId: 'anshan-haicheng-yys' });
    expect((await history(`/findings/${id}-d1`)).filter((entry) => entry.type === 'FindingRaised')).toHaveLength(1);
  });

  it("is the owning department's: head office by default, not the branch nor the outlet; an override needs a reason and known staff ids; refusals record nothing", async () => {
    const { id } = await replied('valid');
    const before = (await history(`/complaints/${id}`)).length;
    const branchSupervisor = await api.as('supervisor.anshan');
    // Offered only where it would be accepted: the statechart offers it to supervisors, the API to the owning department's.
    expect((await branchSupervisor.get(`/complaints/${id}`).expect(200)).body.allowedCommands).not.toContain('decide-responsibility');
    const branch = await branchSupervisor.post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(403);
    expect(branch.body).toMatchObject({ type: expect.stringMatching(/not-owning-department$/), owningUnitId: 'hq', detail: '此案的责任认定由总行的督办人员作出。' });
    await (await api.as('head.haicheng')).post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(403);

    const noReason = await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, { responsibility: 'customer' }).expect(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', label: '认定理由' })]);
    const unknownStaff = await hqSupervisor
      .post(`/complaints/${id}/responsibility-decision`, { responsibility: 'valid', responsibleUnitId: 'anshan-haicheng-yys', complainedStaffId: 'E99999' })
      .expect(422);
    expect(unknownStaff.body.errors).toEqual([expect.objectContaining({ field: 'complainedStaffId', label: '被投诉员工工号' })]);
    expect(await history(`/complaints/${id}`)).toHaveLength(before);

    // Confirming the proposal needs no reason.
    const confirmed = await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, { responsibility: 'valid', responsibleUnitId: 'anshan-haicheng-yys' }).expect(200);
    expect(confirmed.body).toMatchObject({
      responsibility: 'valid',
      cancelledFindingIds: [],
      responsibilityDecisions: [{ proposed: 'valid', responsibility: 'valid', reason: null }],
    });
  });

  it('shows the employee complained about only to unit heads, supervisors and auditors, in the view and the history alike', async () => {
    const { id } = await replied('customer');
    await hqSupervisor.post(`/complaints/${id}/responsibility-decision`, OVERRIDE_TO_VALID).expect(200);
    for (const user of ['head.haicheng', 'supervisor.anshan', 'supervisor.hq', 'auditor'] as const) {
      const client = await api.as(user);
      expect({ user, decision: (await client.get(`/complaints/${id}`).expect(200)).body.responsibilityDecisions[0] }).toMatchObject({
        user,
        decision: { complainedStaffId: 'E10001', complainedStaffMasked: false },
      });
    }
    const seenByHandler = (await handler.get(`/complaints/${id}`).expect(200)).body.responsibilityDecisions[0];
    expect(seenByHandler).toMatchObject({ complainedStaffId: null, complainedStaffMasked: true, responsibleUnitId: 'anshan-haicheng-yys' });
    const entry = (await history(`/complaints/${id}`, handler)).find((item) => item.type === 'ComplaintResponsibilityDecided')!;
    expect(entry.data).toMatchObject({ complainedStaffId: null, complainedStaffMasked: true });
    expect(JSON.stringify(await history(`/complaints/${id}`, handler))).not.toContain('E10001');
    expect((await history(`/complaints/${id}`, await api.as('auditor'))).find((item) => item.type === 'ComplaintResponsibilityDecided')!.data).toMatchObject({
      complainedStaffId: 'E10001',
    });
  });

  it("leaves the cancellation lost in a crash to the worker's follow-up reactor, which records it once, as the API path would", async () => {
    const { id, reply } = await replied('valid');
    const [findingId] = reply.linkedFindingIds;
    // The decision as the API records it, minus the follow-up: what a crash right after the append leaves behind.
    const decided = await api.app.get(CaseCommandHandler).execute(COMPLAINTS, id, { type: 'decide-responsibility', ...OVERRIDE_TO_CUSTOMER } as const, {
      actor: { id: 'supervisor.hq', role: 'supervisor', unitId: 'hq' },
      correlationId: 'crash',
      causationId: 'crash',
    });
    expect((await hqSupervisor.get(`/findings/${findingId}`).expect(200)).body.state).toBe('received');

    const reactor = new CaseFollowUpReactor(api.app.get(EVENT_STORE), api.app.get(CHECKPOINT_STORE), api.app.get(CaseFollowUps));
    reactor.onApplicationBootstrap();
    try {
      await waitFor(async () => (await hqSupervisor.get(`/findings/${findingId}`)).body.state === 'cancelled', 'the reactor to cancel the finding');
    } finally {
      await reactor.onApplicationShutdown();
    }
    // The API path running again over the same decision (a retried request) changes nothing.
    await api.app.get(CaseFollowUps).complete(COMPLAINTS, decided, decided.recorded);
    expect((await history(`/findings/${findingId}`)).filter((entry) => entry.type === 'FindingCancelled')).toHaveLength(1);
  });

  it('takes no responsibility for praise and suggestions, and the figures count the final decision only', async () => {
    const daoxi = await api.as('handler.daoxi');
    const praise = await registerComplaint(daoxi, { unitId: 'anshan-daoxi', type: 'praise', description: '柜员耐心细致，特此表扬' });
    const refused = await daoxi.post(`/complaints/${praise}/reply`, { responsibility: 'valid', text: '感谢表扬', channel: 'phone' }).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'responsibility' })]);
    const thanked = await daoxi.post(`/complaints/${praise}/reply`, { text: '感谢您的表扬', channel: 'phone' }).expect(200);
    expect(thanked.body).toMatchObject({ responsibility: null, awaitingResponsibilityDecision: false, linkedFindingIds: [] });
    await hqSupervisor.post(`/complaints/${praise}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(409);

    const overridden = await replied('valid', daoxi, { unitId: 'anshan-daoxi' });
    await hqSupervisor.post(`/complaints/${overridden.id}/responsibility-decision`, OVERRIDE_TO_CUSTOMER).expect(200);
    const confirmed = await replied('customer', daoxi, { unitId: 'anshan-daoxi' });
    const last = await hqSupervisor.post(`/complaints/${confirmed.id}/responsibility-decision`, { responsibility: 'customer' }).expect(200);

    const period = `from=2026-11&to=2026-12&unitId=anshan-daoxi&minPosition=${last.headers['x-duban-position']}`;
    const report = await hqSupervisor.get(`/reports/complaints?${period}`).expect(200);
    expect(report.body.totals).toMatchObject({ total: 3, byType: { praise: 1, complaint: 2 }, valid: 0, customerResponsibility: 2, undecided: 0, validRate: 0 });
    // The finding the overridden valid reply raised was cancelled: it was never owed.
    expect(overridden.reply.linkedFindingIds).toHaveLength(1);
    expect((await hqSupervisor.get(`/reports/rectification?${period}`).expect(200)).body.totals).toMatchObject({ raised: 0, open: 0 });
  });
});

describe('Responsibility decided by the branch where the policy says so', () => {
  let api: ApiTestApp;

  beforeAll(async () => {
    const policies = JSON.parse(readFileSync(SHIPPED_SLA_POLICIES, 'utf8')) as { policies: { id: string; responsibilityDecidedBy?: string }[] };
    policies.policies.find((policy) => policy.id === 'complaint')!.responsibilityDecidedBy = 'branch';
    const file = join(mkdtempSync(join(tmpdir(), 'duban-branch-decides-')), 'policies.json');
    writeFileSync(file, JSON.stringify(policies));
    api = await startApiTestApp({ start: new Date('2026-11-30T01:00:00.000Z'), slaPolicyFile: file });
  });
  afterAll(() => api.close());

  it("lets the supervisor of the branch over the outlet decide, and no longer head office's", async () => {
    const handler = await api.as('handler.haicheng');
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200);
    const refused = await (await api.as('supervisor.hq')).post(`/complaints/${id}/responsibility-decision`, { responsibility: 'customer' }).expect(403);
    expect(refused.body).toMatchObject({ owningUnitId: 'anshan' });
    await (await api.as('supervisor.anshan')).post(`/complaints/${id}/responsibility-decision`, { responsibility: 'customer' }).expect(200);
  });
});
