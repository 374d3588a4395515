import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG, HAICHENG_OUTLET } from '../support/demo-requests';

const validReply = { responsibility: 'valid', text: '情况属实，已致歉', channel: 'phone' };

describe('Case numbers over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let inspector: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    // 2025-12-31T16:30Z is already 1 January 2026 in Shanghai: the number's year is the bank's.
    api = await startApiTestApp({ start: new Date('2025-12-31T16:30:00.000Z') });
    handler = await api.as('handler.haicheng');
    inspector = await api.as('inspector.anshan');
    auditor = await api.as('auditor');
  });
  afterAll(() => api.close());

  const register = (description: string) => handler.post('/complaints', complaintBody({ description, receivedAt: '2025-12-31T16:00:00.000Z' }));

  it('gives each registration the next number, and a retry under the same Idempotency-Key the same one without spending another', async () => {
    const first = await register('柜员态度冷漠').set('Idempotency-Key', 'register-1').expect(201);
    expect(first.body.number).toBe('TS-2026-000001');
    const retried = await register('柜员态度冷漠').set('Idempotency-Key', 'register-1').expect(201);
    expect(retried.body).toMatchObject({ id: first.body.id, number: 'TS-2026-000001' });
    expect((await register('排队时间过长').expect(201)).body.number).toBe('TS-2026-000002');
    expect((await handler.get(`/complaints/${first.body.id}`).expect(200)).body.number).toBe('TS-2026-000001');
  });

  it('finds a case by its number as people type it: any case, padding optional, or its beginning', async () => {
    const registered = await register('ATM吞卡').expect(201);
    const { number } = registered.body as { number: string };
    const position = registered.headers['x-duban-position'];
    const search = async (query: string): Promise<string[]> =>
      (await handler.get(`/complaints?number=${encodeURIComponent(query)}&minPosition=${position}`).expect(200)).body.items.map((item: { number: string }) => item.number);

    expect(await search(number.toLowerCase())).toEqual([number]);
    expect(await search(number.replace(/-0+/, '-'))).toEqual([number]);
    expect((await search('ts-2026-00000')).sort()).toEqual(['TS-2026-000001', 'TS-2026-000002', 'TS-2026-000003']);
    expect(await search('ZG-2026-000001')).toEqual([]);
    const tooLong = await handler.get(`/complaints?number=${'T'.repeat(41)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('numbers the finding a valid reply opens (ZG), searchable, and the audit pack and history name the case by number', async () => {
    const complaint = (await register('理财产品销售误导').expect(201)).body as { id: string; number: string };
    const replied = await handler.post(`/complaints/${complaint.id}/reply`, validReply).expect(200);
    const [findingId] = replied.body.linkedFindingIds as string[];
    const finding = (await handler.get(`/findings/${findingId}`).expect(200)).body;
    expect(finding.number).toMatch(/^ZG-2026-\d{6}$/);
    const found = await handler.get(`/findings?number=${finding.number}&minPosition=${replied.headers['x-duban-position']}`).expect(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([findingId]);

    const pack = (await auditor.get(`/complaints/${complaint.id}/audit-pack`).expect(200)).body;
    expect(pack.number).toBe(complaint.number);
    expect(pack.events[0].summary.en).toContain(complaint.number);
    const findingHistory = (await auditor.get(`/findings/${findingId}/history`).expect(200)).body.items;
    expect(findingHistory[0].summary.zh).toContain(finding.number);
  });

  it('numbers inspections (JC) and the findings added to them (ZG)', async () => {
    const opened = (await inspector.post('/inspections', { kind: 'mystery_shopper', unitId: HAICHENG, scope: '服务礼仪' }).expect(201)).body;
    expect(opened.number).toBe('JC-2026-000001');
    const raised = await inspector.post(`/inspections/${opened.id}/findings`, {
      unitId: HAICHENG_OUTLET,
      category: 'internal_control',
      description: '未按时核库',
      severity: 'major',
      mode: 'deadline',
      dueAt: '2026-02-01T00:00:00Z',
    });
    expect(raised.status).toBe(201);
    expect(raised.body.number).toMatch(/^ZG-2026-\d{6}$/);
  });
});
