import type Database from 'better-sqlite3';
import { EVENT_STORE, readAllPages, SqliteEventStore, type EventStore } from '@duban/event-store';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

/**
 * The embedded store out of space or write access, made real on the API's own SQLite connection:
 * `max_page_count` caps the file at its current size, exactly as a full disk refuses new pages
 * (SQLITE_FULL); `query_only` refuses every write on that connection with SQLITE_READONLY, the code
 * SQLite gives when the file or its file system turned read-only. (We run as root, for whom chmod
 * stops nothing, and both pragmas act per connection, so they must be set on the API's.)
 */
function eventStoreConnectionOf(api: ApiTestApp): Database.Database {
  const store = api.app.get(EVENT_STORE);
  if (!(store instanceof SqliteEventStore)) throw new Error('These tests need the SQLite event store');
  return (store as unknown as { db: Database.Database }).db;
}

/**
 * The events of the cases themselves. A case number taken for a registration the store then
 * refused may stay in its counter (`case-numbers-…`): reserved for that case, which gets it when
 * the request is retried (see docs/api.md, "Case numbers").
 */
async function caseEventCount(api: ApiTestApp): Promise<number> {
  let count = 0;
  for await (const page of readAllPages(api.app.get<EventStore>(EVENT_STORE), { filter: { streamPrefixes: ['complaint-', 'finding-', 'inspection-'] } })) count += page.length;
  return count;
}

// Longer than a page (4096 bytes as UTF-8), so the append needs new pages whatever room is left in the last one.
const LONG_TEXT = '已致歉并说明整改措施。'.repeat(360);

describe('the event store full or read-only', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let db: Database.Database;
  beforeAll(async () => {
    // The shipped policies: a registration appends its clocks with it, a valid reply opens a finding.
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES });
    handler = await api.as('handler.haicheng');
    db = eventStoreConnectionOf(api);
  });
  afterAll(() => api.close());

  /** Sends each command while the store refuses writes: each answers the 503 problem and nothing at all is written. */
  async function expectRefusedWhole(problem: 'store-full' | 'store-read-only', complaintId: string): Promise<void> {
    const before = { events: await caseEventCount(api), revision: (await handler.get(`/complaints/${complaintId}`).expect(200)).body.revision };
    const attempts = [
      handler.post('/complaints', complaintBody({ description: LONG_TEXT })).set('Idempotency-Key', `register-${problem}`),
      handler.post(`/complaints/${complaintId}/reply`, { responsibility: 'valid', text: LONG_TEXT, channel: 'phone' }).set('Idempotency-Key', `reply-${problem}`),
    ];
    for (const attempt of attempts) {
      const response = await attempt;
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({
        status: 503,
        type: expect.stringMatching(new RegExp(`/${problem}$`)),
        detail: expect.stringMatching(/运维人员.*本请求未记录任何内容/s),
      });
    }
    const after = await handler.get(`/complaints/${complaintId}`).expect(200);
    expect(after.body.revision).toBe(before.revision);
    expect(after.body.linkedFindingIds).toEqual([]);
    expect(await caseEventCount(api)).toBe(before.events);

    const health = await api.anonymous().get('/health/ready').expect(503);
    expect(health.body).toMatchObject({ type: expect.stringMatching(/not-ready$/), checks: { store: { status: 'down', problem }, redis: { status: 'up' } } });
  }

  /** Once writes work again, the same requests under the same keys are recorded, each once. */
  async function expectRecoveredWith(problem: 'store-full' | 'store-read-only', complaintId: string): Promise<void> {
    const { number: previous } = (await handler.get(`/complaints/${complaintId}`).expect(200)).body as { number: string };
    const registered = await handler
      .post('/complaints', complaintBody({ description: LONG_TEXT }))
      .set('Idempotency-Key', `register-${problem}`)
      .expect(201);
    expect(registered.body.clocks.length).toBeGreaterThan(0);
    // The number the refused attempt reserved, if any, or the next: no gap either way.
    expect(Number(registered.body.number.slice(-6))).toBe(Number(previous.slice(-6)) + 1);
    const replied = await handler
      .post(`/complaints/${complaintId}/reply`, { responsibility: 'valid', text: LONG_TEXT, channel: 'phone' })
      .set('Idempotency-Key', `reply-${problem}`)
      .expect(200);
    expect(replied.body.linkedFindingIds).toHaveLength(1);
    expect((await api.anonymous().get('/health/ready').expect(200)).body.status).toBe('ready');
  }

  it('full: commands answer 503 store-full and write nothing; with room again they succeed', async () => {
    const id = await registerComplaint(handler);
    db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
    try {
      await expectRefusedWhole('store-full', id);
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    await expectRecoveredWith('store-full', id);
  });

  it('read-only: commands answer 503 store-read-only and write nothing; writable again they succeed', async () => {
    const id = await registerComplaint(handler);
    db.pragma('query_only = ON');
    try {
      await expectRefusedWhole('store-read-only', id);
    } finally {
      db.pragma('query_only = OFF');
    }
    await expectRecoveredWith('store-read-only', id);
  });
});
