import { READ_MODEL_POSITION, type ProjectionRunner } from '@duban/projections';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG_OUTLET } from '../support/demo-requests';

const DAOXI = 'anshan-daoxi';

type Seeded = { id: string; unitId: string; type: string; receivedAt: string; description: string };

/** Every page of a list, following nextCursor; fails on a repeated id. */
async function allPages(client: ApiClient, path: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: { body: { items: Array<Record<string, unknown>>; nextCursor: string | null } } = await client
      .get(`${path}${separator}limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      .expect(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
  } while (cursor);
  expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
  return items;
}

describe('Case lists and work queues over the read models', () => {
  let api: ApiTestApp;
  let haicheng: ApiClient;
  let daoxi: ApiClient;
  let supervisor: ApiClient;
  const seeded: Seeded[] = [];
  let lastPosition = '0';

  const register = async (client: ApiClient, unitId: string, day: number, type: string, description: string): Promise<void> => {
    const receivedAt = `2025-02-${String(day).padStart(2, '0')}T02:00:00.000Z`;
    const response = await client.post('/complaints', complaintBody({ unitId, type, receivedAt, description })).expect(201);
    lastPosition = response.headers['x-duban-position'];
    seeded.push({ id: response.body.id, unitId, type, receivedAt, description });
  };

  beforeAll(async () => {
    api = await startApiTestApp();
    haicheng = await api.as('handler.haicheng');
    daoxi = await api.as('handler.daoxi');
    supervisor = await api.as('supervisor.anshan');
    await register(haicheng, HAICHENG_OUTLET, 3, 'complaint', '柜员态度冷漠、不耐烦');
    await register(daoxi, DAOXI, 7, 'suggestion', '建议增加叫号机');
    await register(haicheng, HAICHENG_OUTLET, 5, 'complaint', '排队时间过长 100%');
    await register(daoxi, DAOXI, 1, 'complaint', 'ATM吞卡');
    await register(haicheng, HAICHENG_OUTLET, 9, 'praise', '服务热情');
  });
  afterAll(() => api.close());

  const byReceived = (rows: Seeded[], descending = false) =>
    [...rows].sort((a, b) => (descending ? -1 : 1) * (a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id))).map((row) => row.id);

  it('answers every command with its global position, and a list asked to wait for it includes the write', async () => {
    expect(lastPosition).toMatch(/^\d+$/);
    const response = await supervisor.get(`/complaints?minPosition=${lastPosition}&limit=100`).expect(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toContain(seeded.at(-1)!.id);
  });

  it('pages through every case in scope exactly once, in the order asked for', async () => {
    await supervisor.get(`/complaints?minPosition=${lastPosition}`).expect(200);
    const ascending = await allPages(supervisor, '/complaints?sort=receivedAt');
    expect(ascending.map((item) => item.id)).toEqual(byReceived(seeded));
    const descending = await allPages(supervisor, '/complaints');
    expect(descending.map((item) => item.id)).toEqual(byReceived(seeded, true));
  });

  it("keeps each caller within their subtree: daoxi lists only daoxi's cases and a haicheng filter is 404", async () => {
    const listed = await allPages(daoxi, '/complaints');
    expect(listed.map((item) => item.id).sort()).toEqual(
      seeded
        .filter((row) => row.unitId === DAOXI)
        .map((row) => row.id)
        .sort(),
    );
    const refused = await daoxi.get('/complaints?unitId=anshan-haicheng');
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    const auditorView = await allPages(await api.as('auditor'), '/complaints');
    expect(auditorView).toHaveLength(seeded.length);
  });

  it('filters by unit subtree, type, received range and description text, as an independent filter of the seed says', async () => {
    const inHaicheng = await allPages(supervisor, '/complaints?unitId=anshan-haicheng&sort=receivedAt');
    expect(inHaicheng.map((item) => item.id)).toEqual(byReceived(seeded.filter((row) => row.unitId === HAICHENG_OUTLET)));
    const complaintsOnly = await allPages(supervisor, '/complaints?type=complaint&sort=receivedAt');
    expect(complaintsOnly.map((item) => item.id)).toEqual(byReceived(seeded.filter((row) => row.type === 'complaint')));
    const from = '2025-02-03T02:00:00.000Z';
    const to = '2025-02-09T02:00:00.000Z';
    const ranged = await allPages(supervisor, `/complaints?receivedFrom=${from}&receivedTo=${to}&sort=receivedAt`);
    expect(ranged.map((item) => item.id)).toEqual(byReceived(seeded.filter((row) => row.receivedAt >= from && row.receivedAt < to)));
    const searched = await allPages(supervisor, `/complaints?q=${encodeURIComponent('100%')}`);
    expect(searched.map((item) => item.id)).toEqual(seeded.filter((row) => row.description.includes('100%')).map((row) => row.id));
  });

  it('refuses bad parameters with 400 problem+json naming the field', async () => {
    for (const [query, field] of [
      ['limit=101', 'limit'],
      ['sort=customer', 'sort'],
      ['overdue=yes', 'overdue'],
      ['state=lost', 'state'],
      ['cursor=bm9wZQ', 'cursor'],
      ['colour=red', 'colour'],
    ]) {
      const response = await supervisor.get(`/complaints?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });

  it("puts a handler's own and their unit's open cases in their queue, and keeps the supervisor queues from handlers", async () => {
    const mine = await allPages(daoxi, '/queues/mine');
    expect(mine.map((item) => item.id).sort()).toEqual(
      seeded
        .filter((row) => row.unitId === DAOXI)
        .map((row) => row.id)
        .sort(),
    );
    expect((await daoxi.get('/queues/overdue')).status).toBe(403);
    expect((await supervisor.get('/queues/escalated').expect(200)).body.items).toEqual([]);
  });

  it('answers 503 when the read models cannot reach minPosition, and reports their lag on readiness', async () => {
    const waitMs = api.config.PROJECTION_WAIT_MS;
    api.config.PROJECTION_WAIT_MS = 50;
    const runner = api.app.get<ProjectionRunner>(READ_MODEL_POSITION);
    await runner.stop();
    try {
      await register(haicheng, HAICHENG_OUTLET, 11, 'complaint', '读模型停滞期间受理');
      const response = await supervisor.get(`/complaints?minPosition=${lastPosition}`);
      expect(response.status).toBe(503);
      expect(response.body.type).toMatch(/projection-lag$/);
      const ready = await api.anonymous().get('/health/ready');
      expect(ready.body.projections).toMatchObject({ position: expect.stringMatching(/^\d+$/), lag: expect.stringMatching(/^[1-9]\d*$/) });
    } finally {
      // The usual wait again: a restarted projection thread first loads its code.
      api.config.PROJECTION_WAIT_MS = waitMs;
      runner.start();
    }
    await supervisor.get(`/complaints?minPosition=${lastPosition}`).expect(200);
  });

  it("refuses at once a minPosition no write has reached (beyond the store's head) with 400 naming it", async () => {
    const response = await supervisor.get(`/complaints?minPosition=${BigInt(lastPosition) + 1000n}`);
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'minPosition', rule: 'isRecordedPosition' })]);
  });
});
