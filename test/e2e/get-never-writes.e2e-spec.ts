import { CaseCommandHandler, COMPLAINTS } from '@duban/cases';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@duban/event-store';
import { fillPath, listEndpoints, type Endpoint } from '../support/api-endpoints';
import { DEMO_PASSWORD, startApiTestApp, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

const USERS: readonly DemoUser[] = ['handler.haicheng', 'head.haicheng', 'handler.daoxi', 'supervisor.anshan', 'supervisor.hq', 'inspector.anshan', 'auditor', 'admin'];
const EVIDENCE = '监控显示柜员未起身迎客。';
const VALID_REPLY = { responsibility: 'valid', text: '情况属实，已致歉', channel: 'phone' } as const;

/**
 * A GET reads: it appends nothing but the auditor read log (AuditReadRecorded), which is its
 * purpose. Every GET route of the app's own OpenAPI document, as every demo user, with the ids of
 * real cases, among them a complaint replied as valid whose finding a crash kept from being
 * raised (a read that completed follow-ups would raise it).
 */

describe('GET never writes', () => {
  let api: ApiTestApp;
  let store: EventStore;
  const ids: Record<'complaint' | 'finding' | 'inspection' | 'violation' | 'circular', string[]> = { complaint: [], finding: [], inspection: [], violation: [], circular: [] };
  let pendingFindingId: string;
  let evidenceSha256: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    store = api.app.get<EventStore>(EVENT_STORE);
    const handler = await api.as('handler.haicheng');
    const inspector = await api.as('inspector.anshan');

    const registered = await registerComplaint(handler);
    // Evidence on it, so that its download is read too.
    const token = (await api.anonymous().post('/auth/token').send({ username: 'handler.haicheng', password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    const filed = await api
      .anonymous()
      .post(`/complaints/${registered}/attachments?fileName=note.txt&evidenceKind=cctv_note&personalData=false`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'text/plain')
      .send(EVIDENCE)
      .expect(200);
    evidenceSha256 = filed.body.attachments[0].sha256 as string;
    const repliedValid = await registerComplaint(handler);
    const reply = await handler.post(`/complaints/${repliedValid}/reply`, VALID_REPLY).expect(200);
    const raisedFindingId = reply.body.linkedFindingIds[0] as string;

    // The reply as the API records it, minus the follow-up: what a crash right after its append leaves behind.
    const crashed = await registerComplaint(handler);
    const replied = await api.app
      .get(CaseCommandHandler)
      .execute(
        COMPLAINTS,
        crashed,
        { type: 'reply', ...VALID_REPLY },
        { actor: { id: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET }, correlationId: 'crash', causationId: 'crash' },
      );
    pendingFindingId = replied.state.context.linkedFindingIds[0]!;

    const inspection = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '柜面' }).expect(201);
    ids.complaint.push(registered, repliedValid, crashed);
    ids.finding.push(raisedFindingId, pendingFindingId);
    ids.inspection.push(inspection.body.id as string);
    const violation = await inspector.post('/violations', { staffId: 'E10001', category: 'attitude', description: '态度冷漠' }).expect(201);
    ids.violation.push(violation.body.id as string);

    // A circular issued with the same bytes on file, so that its download is read too.
    const supervisor = await api.as('supervisor.anshan');
    const circular = (await supervisor.post('/circulars', { kind: 'briefing', title: '服务工作简报', content: '本月检查情况。', recipientUnitIds: [HAICHENG_OUTLET] }).expect(201))
      .body.id as string;
    const supervisorToken = (await api.anonymous().post('/auth/token').send({ username: 'supervisor.anshan', password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;
    await api
      .anonymous()
      .post(`/circulars/${circular}/attachments?fileName=note.txt&evidenceKind=other&personalData=false`)
      .set('Authorization', `Bearer ${supervisorToken}`)
      .set('Content-Type', 'text/plain')
      .send(EVIDENCE)
      .expect(200);
    await supervisor.post(`/circulars/${circular}/issue`).expect(200);
    ids.circular.push(circular);
  });
  afterAll(() => api.close());

  /** The requests one GET route gets: one per case of its kind, or just one. */
  function pathsOf(endpoint: Endpoint): string[] {
    const kind = (['complaint', 'finding', 'inspection', 'violation', 'circular'] as const).find((candidate) => endpoint.path.startsWith(`/${candidate}s/{id}`));
    const values = kind ? ids[kind].map((id) => ({ id, sha256: evidenceSha256 })) : [{ aggregate: 'complaint', id: 'cn-mainland', staffId: 'E10001' }];
    const query = new URLSearchParams(endpoint.queryParameters.includes('kind') ? { kind: 'complaint' } : {}).toString();
    return values.map((value) => fillPath(endpoint.path, value) + (query ? `?${query}` : ''));
  }

  const eventsAfter = async (position: bigint): Promise<RecordedEvent[]> => store.readAll({ fromPosition: position + 1n });

  it('appends nothing but AuditReadRecorded, on every GET route, as every role, for every case', async () => {
    const routes = (await listEndpoints(api.app)).filter((endpoint) => endpoint.method === 'GET');
    expect(routes.map((endpoint) => endpoint.key)).toEqual(expect.arrayContaining(['GET /complaints/{id}', 'GET /complaints/{id}/history', 'GET /findings/{id}']));
    const written: string[] = [];
    let answered = 0;
    for (const user of USERS) {
      const client = await api.as(user);
      for (const endpoint of routes) {
        for (const path of pathsOf(endpoint)) {
          const before = await store.headPosition();
          const response = await client.get(path);
          if (response.status === 200) answered += 1;
          for (const event of await eventsAfter(before)) if (event.type !== 'AuditReadRecorded') written.push(`${user} GET ${path}: ${event.type} on ${event.stream}`);
        }
      }
    }
    expect(written).toEqual([]);
    expect(answered).toBeGreaterThan(USERS.length * 10);
  });

  it('left the finding of the crashed reply unraised, though its complaint was read by everyone who may see it', async () => {
    const handler = await api.as('handler.haicheng');
    const crashed = ids.complaint[2];
    expect((await handler.get(`/complaints/${crashed}`)).body.linkedFindingIds).toEqual([pendingFindingId]);
    expect((await handler.get(`/findings/${pendingFindingId}`)).status).toBe(404);
    expect(await store.readStream(`finding-${pendingFindingId}`).catch(() => [])).toEqual([]);
  });
});
