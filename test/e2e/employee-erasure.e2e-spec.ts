import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { verifyStore } from '@duban/store-integrity';
import { EmployeeErasures } from '../../apps/api/src/staff/employee-erasures';
import { DEMO_PASSWORD, startApiTestApp, type ApiClient, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { deadlineFindingBody, HAICHENG_OUTLET } from '../support/demo-requests';
import { storedEventCount } from '../support/api-endpoints';

// E10003 宋佳 and E10001 林秀英 are tellers of the haicheng outlet.
const TELLER = 'E10003';
const OTHER_TELLER = 'E10001';
const ERASURE = { reason: '员工离职后依法申请删除个人信息', requestReference: 'REQ-2026-0007' };

const STATEMENT = Buffer.from('本人书面检讨：当日离柜未签退，今后杜绝。\n');
const CCTV_NOTE = Buffer.from('10:02 离柜，10:14 返回，期间未签退。\n');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const STATEMENT_QUERY = { fileName: '检讨书.txt', evidenceKind: 'other', personalData: 'true' };
const CCTV_QUERY = { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' };

describe('Employee erasure over HTTP: the name, the files marked as personal data, and what stays verifiable', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let admin: ApiClient;
  let supervisor: ApiClient;
  let inspector: ApiClient;
  let head: ApiClient;
  let handler: ApiClient;
  let auditor: ApiClient;
  const tokens = new Map<DemoUser, string>();
  let violationId: string;
  let findingId: string;

  const upload = (path: string, bytes: Buffer, query: Record<string, string>, user: DemoUser) =>
    api
      .anonymous()
      .post(`${path}/attachments`)
      .query(query)
      .set('Authorization', `Bearer ${tokens.get(user)!}`)
      .set('Content-Type', 'text/plain')
      .send(bytes);
  const download = (path: string, bytes: Buffer, user: DemoUser = 'supervisor.anshan') =>
    api
      .anonymous()
      .get(`${path}/attachments/${sha256(bytes)}`)
      .set('Authorization', `Bearer ${tokens.get(user)!}`);
  const stored = (kind: string, id: string, bytes: Buffer): boolean => existsSync(join(api.config.attachmentsDir, `${kind}-${id}`, sha256(bytes).slice(0, 2), sha256(bytes)));

  /** A violation against the employee with a personal statement and a CCTV note, and a finding naming them with the statement. */
  const recordsNaming = async (staffId: string): Promise<{ violation: string; finding: string }> => {
    const violation = (await supervisor.post('/violations', { staffId, category: 'attitude', description: '离柜未签退' }).expect(201)).body.id as string;
    await upload(`/violations/${violation}`, STATEMENT, STATEMENT_QUERY, 'supervisor.anshan').expect(200);
    await upload(`/violations/${violation}`, CCTV_NOTE, CCTV_QUERY, 'supervisor.anshan').expect(200);
    const inspection = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '内控检查' }).expect(201)).body.id as string;
    const finding = (await inspector.post(`/inspections/${inspection}/findings`, deadlineFindingBody({ staffId })).expect(201)).body.id as string;
    await upload(`/findings/${finding}`, STATEMENT, STATEMENT_QUERY, 'inspector.anshan').expect(200);
    return { violation, finding };
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    store = api.app.get<EventStore>(EVENT_STORE);
    for (const user of ['admin', 'supervisor.anshan', 'inspector.anshan', 'head.haicheng'] as DemoUser[]) {
      tokens.set(user, (await api.anonymous().post('/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string);
    }
    [admin, supervisor, inspector, head, handler, auditor] = await Promise.all(
      (['admin', 'supervisor.anshan', 'inspector.anshan', 'head.haicheng', 'handler.haicheng', 'auditor'] as const).map((user) => api.as(user)),
    );
    ({ violation: violationId, finding: findingId } = await recordsNaming(TELLER));
  });
  afterAll(() => api.close());

  it('is an admin’s act within their units: anyone else is refused without learning whether the employee exists, and nothing is stored', async () => {
    const before = await storedEventCount(api.app);
    for (const client of [supervisor, head, auditor, handler, inspector]) {
      for (const staffId of [TELLER, 'E99999']) expect((await client.post(`/staff/${staffId}/erasure`, ERASURE)).status).toBe(403);
    }
    expect((await admin.post('/staff/E99999/erasure', ERASURE)).status).toBe(404);
    const missing = await admin.post(`/staff/${TELLER}/erasure`, { reason: ERASURE.reason }).expect(400);
    expect(new Set(missing.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['requestReference']));
    expect(await storedEventCount(api.app)).toBe(before);
  });

  it('records EmployeeDataErased once and deletes the files marked as personal data on the violations and findings naming the employee', async () => {
    const erased = await admin.post(`/staff/${TELLER}/erasure`, ERASURE).expect(200);
    expect(erased.body).toEqual({ staffId: TELLER, ...ERASURE, erasedAt: api.clock.now().toISOString(), erasedBy: 'admin' });
    const [recorded] = await store.readStream(`employee-${TELLER}`);
    expect(recorded).toMatchObject({ type: 'EmployeeDataErased', data: { staffId: TELLER, ...ERASURE }, metadata: { actorId: 'admin', role: 'admin', schemaVersion: 1 } });
    expect(stored('violation', violationId, STATEMENT)).toBe(false);
    expect(stored('finding', findingId, STATEMENT)).toBe(false);
    expect(stored('violation', violationId, CCTV_NOTE)).toBe(true);

    // A retry (or a second request) records nothing and answers as the first did.
    api.clock.advanceMinutes(5);
    const before = await storedEventCount(api.app);
    expect((await admin.post(`/staff/${TELLER}/erasure`, { ...ERASURE, requestReference: 'REQ-2026-0008' }).expect(200)).body).toEqual(erased.body);
    expect(await storedEventCount(api.app)).toBe(before);
  });

  it('shows the employee as the staff id alone, to those who knew them too, in views, lists, history and audit packs', async () => {
    const gone = { staffId: TELLER, name: null, position: null, unitId: null, masked: false, erased: true };
    for (const client of [supervisor, head, auditor, inspector]) expect((await client.get(`/violations/${violationId}`).expect(200)).body.employee).toEqual(gone);
    expect((await head.get(`/findings/${findingId}`).expect(200)).body.employee).toEqual(gone);
    expect((await supervisor.get(`/violations?staffId=${TELLER}`).expect(200)).body.items).toEqual([expect.objectContaining({ employee: gone })]);
    const pack = (await auditor.get(`/violations/${violationId}/audit-pack`).expect(200)).body;
    expect(pack.steps.map((step: { view: { employee: unknown } }) => step.view.employee)).toEqual([gone, gone, gone]);
    expect(JSON.stringify(pack)).not.toContain('宋佳');
    expect(JSON.stringify(pack)).not.toContain('宋**');
  });

  it("withholds the erased files' names and answers 410 for them, keeps the bank's own files, and the records still verify", async () => {
    const view = (await supervisor.get(`/violations/${violationId}`).expect(200)).body;
    expect(view.attachments).toEqual([
      expect.objectContaining({ sha256: sha256(STATEMENT), fileName: null, personalData: true, erased: true }),
      expect.objectContaining({ sha256: sha256(CCTV_NOTE), fileName: '监控调阅记录.txt', erased: false }),
    ]);
    const history = (await supervisor.get(`/violations/${violationId}/history`).expect(200)).body.items;
    expect(history.filter((entry: { type: string }) => entry.type === 'EvidenceAttached').map((entry: { data: { fileName: unknown } }) => entry.data.fileName)).toEqual([
      null,
      '监控调阅记录.txt',
    ]);
    expect((await download(`/violations/${violationId}`, STATEMENT)).status).toBe(410);
    expect((await download(`/violations/${violationId}`, CCTV_NOTE)).status).toBe(200);
    expect((await download(`/findings/${findingId}`, STATEMENT, 'inspector.anshan')).status).toBe(410);

    expect((await inspector.get(`/findings/${findingId}/verify`).expect(200)).body).toMatchObject({ valid: true, evidence: [{ status: 'erased' }] });
    expect((await auditor.get(`/violations/${violationId}/audit-pack`).expect(200)).body.verification).toMatchObject({
      valid: true,
      evidence: [{ status: 'erased' }, { status: 'intact' }],
    });
    // What `npm run cli -- verify` checks: every stream's hash chain, the erasure's own included.
    expect((await verifyStore(store)).breaks).toEqual([]);
  });

  it('refuses new files marked as the erased employee’s personal data, and takes the others', async () => {
    const refused = await upload(`/violations/${violationId}`, Buffer.from('补充检讨。\n'), STATEMENT_QUERY, 'supervisor.anshan').expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'personalData' })]);
    await upload(`/violations/${violationId}`, Buffer.from('补充监控记录。\n'), CCTV_QUERY, 'supervisor.anshan').expect(200);
  });

  it('answers 410 for the service file to those who knew the employee, 404 to everyone else, and drops them from the staff list', async () => {
    for (const client of [head, supervisor, auditor]) expect((await client.get(`/staff/${TELLER}/service-file`)).status).toBe(410);
    for (const client of [handler, inspector]) expect((await client.get(`/staff/${TELLER}/service-file`)).status).toBe(404);
    const listed = (await head.get(`/organisation/staff?unitId=${HAICHENG_OUTLET}`).expect(200)).body.items.map((item: { staffId: string }) => item.staffId);
    expect(listed).toEqual(['E10001', 'E10002']);
  });

  it('finishes the job on a retry after a crash between recording the erasure and deleting the files', async () => {
    const { violation } = await recordsNaming(OTHER_TELLER);
    // The crash: the fact is recorded, the files are not yet deleted.
    await api.app.get(EmployeeErasures).record(OTHER_TELLER, ERASURE, { actor: { id: 'admin', role: 'admin', unitId: 'hq' }, correlationId: 'crashed', causationId: 'crashed' });
    expect(stored('violation', violation, STATEMENT)).toBe(true);
    // Every view already honours it.
    expect((await supervisor.get(`/violations/${violation}`).expect(200)).body.employee).toMatchObject({ name: null, erased: true });
    expect((await download(`/violations/${violation}`, STATEMENT)).status).toBe(410);

    await admin.post(`/staff/${OTHER_TELLER}/erasure`, ERASURE).expect(200);
    expect(stored('violation', violation, STATEMENT)).toBe(false);
    expect(stored('violation', violation, CCTV_NOTE)).toBe(true);
    expect((await supervisor.get(`/violations/${violation}/audit-pack`).expect(200)).body.verification).toMatchObject({ valid: true });
  });
});
