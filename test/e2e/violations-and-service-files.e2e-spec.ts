import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { DEMO_PASSWORD, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, deadlineFindingBody, HAICHENG_OUTLET } from '../support/demo-requests';

// E10001 林秀英 and E10003 宋佳 are tellers of the haicheng outlet; E20001 蒋红 of the zengdu outlet (suizhou branch).
const TELLER = 'E10001';

describe('Violations (违规服务) and service files (服务档案) over HTTP', () => {
  let api: ApiTestApp;
  let inspector: ApiClient;
  let supervisor: ApiClient;
  let hqSupervisor: ApiClient;
  let head: ApiClient;
  let handler: ApiClient;
  let otherHandler: ApiClient;
  let otherSupervisor: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp({ env: { REPEAT_OFFENDER_VIOLATIONS: '2', REPEAT_OFFENDER_MONTHS: '6' } });
    [inspector, supervisor, hqSupervisor, head, handler, otherHandler, otherSupervisor, auditor] = await Promise.all(
      ['inspector.anshan', 'supervisor.anshan', 'supervisor.hq', 'head.haicheng', 'handler.haicheng', 'handler.zengdu', 'supervisor.suizhou', 'auditor'].map((user) =>
        api.as(user as Parameters<ApiTestApp['as']>[0]),
      ),
    );
  });
  afterAll(() => api.close());

  const record = (by: ApiClient, body: Record<string, unknown>) => by.post('/violations', { staffId: TELLER, description: '柜员离柜未签退', ...body });

  it('names the employee on a finding, refusing one who works elsewhere', async () => {
    const inspection = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '内控检查' }).expect(201);
    const elsewhere = await inspector.post(`/inspections/${inspection.body.id}/findings`, deadlineFindingBody({ staffId: 'E20001' }));
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.errors).toEqual([expect.objectContaining({ field: 'staffId' })]);
    expect((await inspector.post(`/inspections/${inspection.body.id}/findings`, deadlineFindingBody({ staffId: 'E99999' }))).status).toBe(400);

    const finding = await inspector.post(`/inspections/${inspection.body.id}/findings`, deadlineFindingBody({ staffId: TELLER })).expect(201);
    // The inspector may see the finding but not know the employee: the name is masked.
    expect(finding.body).toMatchObject({ staffId: TELLER, employee: { staffId: TELLER, name: '林**', position: '柜员', masked: true } });
    const asHead = await head.get(`/findings/${finding.body.id}`).expect(200);
    expect(asHead.body.employee).toMatchObject({ name: '林秀英', masked: false });
  });

  it('records a violation against a checklist item with evidence, penalised by a supervisor', async () => {
    const both = await record(inspector, { category: 'attitude', checklistId: 'counter-service', itemId: 'notes-locked' });
    expect(both.status).toBe(422);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'category' })]);
    expect((await record(inspector, {})).body.errors).toEqual([expect.objectContaining({ field: 'category' })]);
    expect((await record(inspector, { checklistId: 'counter-service', itemId: 'nope' })).body.errors).toEqual([expect.objectContaining({ field: 'itemId' })]);
    expect((await record(inspector, { category: 'attitude', findingId: 'no-such-finding' })).body.errors).toEqual([expect.objectContaining({ field: 'findingId' })]);
    // Another branch's supervisor cannot record against this employee; a handler cannot record at all.
    expect((await record(otherSupervisor, { category: 'attitude' })).status).toBe(403);
    expect((await record(handler, { category: 'attitude' })).status).toBe(403);

    const recorded = await record(inspector, { checklistId: 'counter-service', itemId: 'notes-locked' }).expect(201);
    expect(recorded.body).toMatchObject({
      kind: 'violation',
      state: 'recorded',
      number: expect.stringMatching(/^WG-2025-\d{6}$/),
      unitId: HAICHENG_OUTLET,
      rule: { category: 'internal_control', checklistItem: { checklistId: 'counter-service', itemId: 'notes-locked', text: '日间离柜票据、印章上锁' } },
      penalty: null,
    });
    const url = `/violations/${recorded.body.id}`;
    const token = (await api.anonymous().post('/auth/token').send({ username: 'inspector.anshan', password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    await api
      .anonymous()
      .post(`${url}/attachments`)
      .query({ fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' })
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/plain')
      .send(Buffer.from('10:02 离柜，10:14 返回，期间未签退'))
      .expect(200);

    expect((await inspector.post(`${url}/penalty`, { points: 2, reason: '离柜未签退' })).status).toBe(403);
    const noPenalty = await supervisor.post(`${url}/penalty`, { reason: '离柜未签退' });
    expect(noPenalty.status).toBe(422);
    expect(noPenalty.body.errors).toEqual([expect.objectContaining({ field: 'points' })]);
    const penalised = await supervisor.post(`${url}/penalty`, { points: 2, amountFen: 20_000, reason: '离柜未签退' }).expect(200);
    expect(penalised.body).toMatchObject({ state: 'penalised', penalty: { points: 2, amountFen: 20_000 }, penaltyDecision: { decidedAtUnitId: 'anshan', appealUnitId: 'hq' } });
    expect(penalised.body.attachments).toHaveLength(1);

    const history = (await supervisor.get(`${url}/history`).expect(200)).body.items as { type: string; summary: { zh: string } }[];
    expect(history.map((entry) => entry.type)).toEqual(['ViolationRecorded', 'EvidenceAttached', 'ViolationPenaltyDecided']);
    expect(history[2].summary.zh).toBe('作出处罚：扣 2 分、罚款 200.00 元');
  });

  it('is appealable once, to the unit above, whose supervisor changes the penalty', async () => {
    const recorded = await record(supervisor, { category: 'attitude', description: '对客户态度冷漠' }).expect(201);
    const url = `/violations/${recorded.body.id}`;
    await supervisor.post(`${url}/penalty`, { amountFen: 50_000, reason: '造成有效投诉' }).expect(200);

    const appealed = await head.post(`${url}/appeal`, { grounds: '当日叫号系统故障' }).expect(200);
    expect(appealed.body).toMatchObject({ state: 'appealed', appeal: { toUnitId: 'hq' } });
    expect((await head.post(`${url}/appeal`, { grounds: '再次申诉' })).status).toBe(409);
    // The deciding unit does not hear the appeal against itself.
    expect((await supervisor.post(`${url}/appeal-decision`, { outcome: 'annulled', reason: '撤销' })).status).toBe(403);
    const upheldWithPoints = await hqSupervisor.post(`${url}/appeal-decision`, { outcome: 'upheld', reason: '维持', points: 1 });
    expect(upheldWithPoints.status).toBe(422);

    const changed = await hqSupervisor.post(`${url}/appeal-decision`, { outcome: 'changed', points: 1, reason: '系统故障属实，情节较轻' }).expect(200);
    expect(changed.body).toMatchObject({ state: 'settled', penalty: { points: 1, amountFen: null }, appealDecision: { outcome: 'changed' }, allowedCommands: [] });

    const pack = await auditor.get(`${url}/audit-pack`).expect(200);
    expect(pack.body).toMatchObject({ kind: 'violation', verification: { valid: true } });
    expect(pack.body.events.map((event: { type: string }) => event.type)).toEqual(['ViolationRecorded', 'ViolationPenaltyDecided', 'ViolationAppealed', 'ViolationPenaltyChanged']);
  });

  it("lists the register in scope, the employee's name masked for those who may not know them", async () => {
    const mine = await handler.get('/violations').expect(200);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.items[0].employee).toMatchObject({ staffId: TELLER, name: '林**', masked: true });
    expect((await supervisor.get(`/violations?staffId=${TELLER}&state=settled`).expect(200)).body.items).toEqual([
      expect.objectContaining({ state: 'settled', penalty: { points: 1, amountFen: null }, appealed: true, employee: expect.objectContaining({ name: '林秀英' }) }),
    ]);
    expect((await otherHandler.get('/violations').expect(200)).body.items).toEqual([]);
    expect((await otherHandler.get(`/violations?unitId=${HAICHENG_OUTLET}`)).status).toBe(404);
  });

  it('gathers findings, violations and penalties into the service file, flagging a repeat offender', async () => {
    const file = await head.get(`/staff/${TELLER}/service-file`).expect(200);
    expect(file.body).toMatchObject({
      employee: { staffId: TELLER, name: '林秀英', position: '柜员', unitId: HAICHENG_OUTLET },
      complaints: [],
      findings: [expect.objectContaining({ category: 'internal_control', description: '未按时核库' })],
      totals: { violations: 2, points: 3, amountFen: 20_000 },
      repeatOffender: { flagged: true, violationsInWindow: 2, threshold: 2, months: 6 },
    });
    expect(file.body.violations).toEqual([
      expect.objectContaining({ state: 'penalised', penalty: { points: 2, amountFen: 20_000 }, appealOutcome: null }),
      expect.objectContaining({ state: 'settled', penalty: { points: 1, amountFen: null }, appealOutcome: 'changed' }),
    ]);
    // Months later the window has moved on: no longer flagged, though the record stays.
    api.clock.advanceMinutes(7 * 31 * 24 * 60);
    expect((await supervisor.get(`/staff/${TELLER}/service-file`).expect(200)).body.repeatOffender).toMatchObject({ flagged: false, violationsInWindow: 0 });
    expect((await auditor.get(`/staff/${TELLER}/service-file`).expect(200)).body.totals.violations).toBe(2);
    // An auditor's read of the file is itself on record, naming the employee.
    const reads = await api.app.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: ['AuditReadRecorded'] } });
    expect(reads.map((event) => event.data)).toContainEqual(expect.objectContaining({ userId: 'auditor', kind: 'staff', caseId: TELLER, what: 'view' }));
  });

  it('lists the complaints whose responsibility decision names the employee, complained about or responsible', async () => {
    const registered = await handler.post('/complaints', complaintBody({ unitId: HAICHENG_OUTLET })).expect(201);
    await handler.post(`/complaints/${registered.body.id}/reply`, { responsibility: 'customer', text: '已向客户解释', channel: 'phone' }).expect(200);
    // Head office overrides to valid, naming the teller complained about and the lobby manager responsible.
    await hqSupervisor
      .post(`/complaints/${registered.body.id}/responsibility-decision`, {
        responsibility: 'valid',
        reason: '经调阅监控，属服务不规范',
        complainedStaffId: TELLER,
        responsibleStaffId: 'E10002',
      })
      .expect(200);
    const complaintsIn = async (staffId: string) => (await head.get(`/staff/${staffId}/service-file`).expect(200)).body.complaints;
    expect(await complaintsIn(TELLER)).toEqual([
      expect.objectContaining({ id: registered.body.id, number: registered.body.number, unitId: HAICHENG_OUTLET, responsibility: 'valid', named: ['complained_about'] }),
    ]);
    expect(await complaintsIn('E10002')).toEqual([expect.objectContaining({ id: registered.body.id, named: ['responsible'] })]);
    expect(await complaintsIn('E10003')).toEqual([]);
  });

  it("lists the staff of the caller's units for forms to pick from, names masked for handlers and inspectors", async () => {
    const staffIds = async (client: ApiClient, query = '') =>
      (await client.get(`/organisation/staff${query}`).expect(200)).body.items.map((item: { staffId: string }) => item.staffId);
    expect(await staffIds(head)).toEqual(['E10001', 'E10002', 'E10003', 'E10004']);
    expect(await staffIds(supervisor, `?unitId=${HAICHENG_OUTLET}`)).toEqual(['E10001', 'E10002', 'E10003']);
    expect(await staffIds(otherSupervisor)).toEqual(['E20001', 'E20002', 'E20003', 'E20004']);
    expect((await staffIds(auditor)).length).toBe(13);
    expect((await head.get('/organisation/staff').expect(200)).body.items[0]).toEqual({
      staffId: TELLER,
      name: '林秀英',
      position: '柜员',
      unitId: HAICHENG_OUTLET,
      masked: false,
      erased: false,
    });
    for (const client of [handler, inspector]) {
      expect((await client.get(`/organisation/staff?unitId=${HAICHENG_OUTLET}`).expect(200)).body.items[0]).toMatchObject({ staffId: TELLER, name: '林**', masked: true });
    }
    const outside = await otherHandler.get(`/organisation/staff?unitId=${HAICHENG_OUTLET}`).expect(404);
    expect(outside.body).toMatchObject({ field: 'unitId' });
  });

  it('is a 404 for whoever may not know the employee, never a 403', async () => {
    for (const [client, path] of [
      [handler, `/staff/${TELLER}/service-file`],
      [inspector, `/staff/${TELLER}/service-file`],
      [otherHandler, `/staff/${TELLER}/service-file`],
      [otherSupervisor, `/staff/${TELLER}/service-file`],
      [supervisor, '/staff/E20001/service-file'],
      [supervisor, '/staff/E99999/service-file'],
    ] as const) {
      const refused = await client.get(path);
      expect({ path, status: refused.status }).toEqual({ path, status: 404 });
    }
  });
});
