import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

describe('Audit packs', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;
  let auditor: ApiClient;
  let complaintId: string;
  let lastPosition: string;

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, start: new Date('2026-03-02T02:00:00.000Z') });
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
    auditor = await api.as('auditor');
    complaintId = await registerComplaint(handler);
    api.clock.advanceMinutes(30);
    await head.post(`/complaints/${complaintId}/assign`, { assigneeId: 'handler.haicheng' }).expect(200);
    api.clock.advanceMinutes(60);
    await handler.post(`/complaints/${complaintId}/reply`, { responsibility: 'customer', text: '已向客户解释', channel: 'phone' }).expect(200);
    api.clock.advanceMinutes(60);
    await head.post(`/complaints/${complaintId}/verify`, { satisfied: true }).expect(200);
    const closed = await head.post(`/complaints/${complaintId}/close`, {}).expect(200);
    lastPosition = closed.headers['x-duban-position'];
  });
  afterAll(() => api.close());

  it("holds every event, the view after each one as time travel shows it, and the chain's verification", async () => {
    const pack = (await auditor.get(`/complaints/${complaintId}/audit-pack`).expect(200)).body;
    const history = (await auditor.get(`/complaints/${complaintId}/history?limit=100`).expect(200)).body.items;
    expect(pack).toMatchObject({ kind: 'complaint', id: complaintId, verification: { valid: true, events: history.length } });
    expect(pack.events).toEqual(history);
    expect(pack.steps.map((step: { revision: number }) => step.revision)).toEqual(history.map((event: { revision: number }) => event.revision));
    for (const step of pack.steps) {
      const past = (await auditor.get(`/complaints/${complaintId}/state?revision=${step.revision}`).expect(200)).body;
      expect(step.view).toEqual(past);
    }
    expect(pack.steps.at(-1).view.state).toBe('closed');
  });

  it('answers CSV with a line per event: who, what in both languages, and the state it left', async () => {
    const response = await auditor.get(`/complaints/${complaintId}/audit-pack?format=csv`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = response.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const columns = header.split(',');
    expect(columns).toEqual(expect.arrayContaining(['caseId', 'revision', 'type', 'actor.id', 'actor.role', 'summary.zh', 'summary.en', 'stateAfter', 'chainValid']));
    const history = (await auditor.get(`/complaints/${complaintId}/history?limit=100`).expect(200)).body.items;
    expect(lines).toHaveLength(history.length);
    const cell = (line: string, name: string) => line.split(',')[columns.indexOf(name)];
    expect(lines.map((line) => cell(line, 'type'))).toEqual(history.map((event: { type: string }) => event.type));
    expect(cell(lines.at(-1)!, 'stateAfter')).toBe('closed');
    expect(cell(lines[0], 'actor.id')).toBe('handler.haicheng');
  });

  it("packs every case of a date range within the caller's units, and records the auditor's reads", async () => {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const before = await store.headPosition();
    const range = 'from=2026-03-01T00:00:00%2B08:00&to=2026-04-01T00:00:00%2B08:00';
    const packs = (await auditor.get(`/audit/packs?${range}&minPosition=${lastPosition}`).expect(200)).body;
    expect(packs.packs.map((pack: { id: string }) => pack.id)).toEqual([complaintId]);
    const logged = (await store.readAll()).filter((event) => event.position > before);
    expect(logged.map((event) => [event.type, (event.data as { what: string }).what])).toEqual([['AuditReadRecorded', 'audit-pack']]);
    const daoxi = await api.as('supervisor.anshan');
    expect((await daoxi.get(`/audit/packs?${range}&minPosition=${lastPosition}`).expect(200)).body.packs).toHaveLength(1);
    expect((await (await api.as('handler.daoxi')).get(`/audit/packs?${range}`)).status).toBe(403);
    expect((await (await api.as('handler.daoxi')).get(`/complaints/${complaintId}/audit-pack`)).status).toBe(403);
  });

  it('refuses a bad range with 400 naming the field, and an out-of-scope case with 404', async () => {
    const backwards = await auditor.get('/audit/packs?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('to');
    const missing = await auditor.get('/audit/packs?to=2026-03-01T00:00:00Z');
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toContain('from');
    const otherBranch = await api.as('supervisor.anshan');
    expect((await otherBranch.get('/complaints/00000000-0000-4000-8000-000000000000/audit-pack')).status).toBe(404);
  });
});
