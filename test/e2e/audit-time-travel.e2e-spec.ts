import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditLogStream } from '@duban/audit';
import { COMPLAINTS, FINDINGS, type AggregateType } from '@duban/cases';
import { toStoredEvent } from '@duban/workflow';
import { EVENT_STORE, readStreamOrEmpty, type EventStore, type RecordedEvent } from '@duban/event-store';
import { clockView, foldClocks, parseCalendar } from '@duban/sla';
import { DeadlineEnforcer } from '@duban/sla-enforcement';
import type { AnyMachineSnapshot } from 'xstate';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { HAICHENG, registerComplaint } from '../support/demo-requests';

/** Reply within 2 s, one more level every 2 s, warning at half-time; calendar basis. */
const SECONDS_POLICIES = join(__dirname, '../fixtures/sla-policies.seconds.json');
const CALENDAR = parseCalendar(JSON.parse(readFileSync(join(__dirname, '../../config/sla/calendars/cn-mainland-2026.json'), 'utf8')));

type HistoryItem = {
  id: string;
  type: string;
  revision: number;
  position: string;
  occurredAt: string;
  actor: { id: string; role: string; unitId: string };
  reason: string | null;
  correlationId: string;
  causationId: string;
  summary: { zh: string; en: string };
};
type AuditRead = { userId: string; role: string; unitId: string; kind: string; caseId: string; what: string; query: Record<string, string>; at: string; correlationId: string };

const timeOf = (event: RecordedEvent): string => event.metadata.occurredAt as string;
const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

/** The demo customer (test/support/demo-requests.ts) as an auditor sees it: masked, whatever the revision. */
const CUSTOMER_AS_AUDITORS_SEE_IT = { name: '陈**', phone: '400-***-0000', idNumber: null, masked: true, erased: false };

/** The view at revision n, folded here from the first n + 1 events, clocks read at that event's time; the sealed customer as an auditor sees it. */
function foldedView(aggregate: AggregateType<AnyMachineSnapshot, { type: string }>, events: readonly RecordedEvent[], revision: number): unknown {
  const prefix = events.slice(0, revision + 1).map(toStoredEvent);
  const last = events[revision];
  const view = {
    ...(aggregate.toView(aggregate.decider.fold(prefix)) as object),
    ...(aggregate.kind === 'complaint' && { customer: CUSTOMER_AS_AUDITORS_SEE_IT }),
    // Views that can name an employee disclose them beside the staff id; these findings name nobody.
    ...(aggregate.kind === 'finding' && { employee: null }),
    allowedCommands: [],
    revision,
    ...(aggregate.kind !== 'inspection' && { clocks: foldClocks(prefix).map((clock) => clockView(clock, new Date(timeOf(last)), CALENDAR)) }),
    asOf: { revision, position: last.position.toString(), occurredAt: timeOf(last), clocksReadAt: timeOf(last) },
  };
  return JSON.parse(JSON.stringify(view));
}

describe('Auditors: replay any case to any moment', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let handler: ApiClient;
  let head: ApiClient;
  let auditor: ApiClient;

  const auditLog = async (): Promise<AuditRead[]> => (await readStreamOrEmpty(store, auditLogStream(api.clock.now()))).map((event) => event.data as unknown as AuditRead);
  const now = (): string => api.clock.now().toISOString();

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SECONDS_POLICIES });
    store = api.app.get<EventStore>(EVENT_STORE);
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
    auditor = await api.as('auditor');
  });
  afterAll(() => api.close());

  describe('a long complaint, with SLA clocks, escalations, a reopen and a rectification finding', () => {
    let id: string;
    let findingId: string;
    let events: RecordedEvent[];
    let registeredAt: string;

    beforeAll(async () => {
      const enforcer = api.app.get(DeadlineEnforcer);
      const step = async (ms: number, request: () => PromiseLike<unknown>): Promise<void> => {
        api.clock.advanceMs(ms);
        await request();
      };
      registeredAt = now();
      id = await registerComplaint(handler);
      await step(200, () => head.post(`/complaints/${id}/assign`, { assigneeId: 'handler.haicheng' }).expect(200));
      await step(200, () => handler.post(`/complaints/${id}/notes`, { text: '已调阅监控，柜员确有不耐烦表现' }).expect(200));
      await step(200, () => head.post(`/complaints/${id}/escalate`, { reason: '客户要求支行答复' }).expect(200));
      // reply (due +2 s) breaches at level 0; reply@L1 (due +2.6 s) has warned.
      await step(1500, () => enforcer.enforceDeadlines('complaint', id));
      // reply@L1 breaches: escalated automatically to the branch.
      await step(600, () => enforcer.enforceDeadlines('complaint', id));
      // Passed up by the head, the case is no longer the outlet's to answer: the sub-branch replies, the branch follows up.
      const branch = await api.as('supervisor.anshan');
      await step(200, () => head.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200));
      await step(200, () => branch.post(`/complaints/${id}/verify`, { satisfied: false, note: '客户仍不满意' }).expect(200));
      await step(200, async () => {
        const replied = await head.post(`/complaints/${id}/reply`, { responsibility: 'valid', text: '已致歉并整改', channel: 'phone' }).expect(200);
        [findingId] = replied.body.linkedFindingIds as string[];
      });
      await step(200, () => branch.post(`/complaints/${id}/verify`, { satisfied: true, note: '客户表示满意' }).expect(200));
      await step(200, () => head.post(`/complaints/${id}/close`).expect(200));
      events = await store.readStream(`complaint-${id}`);
    });

    it('recorded the story this suite replays', () => {
      const types = events.map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['ComplaintEscalated', 'ClockWarningRaised', 'ClockBreached', 'ComplaintReopened', 'ClockStopped', 'ComplaintClosed']));
      expect(types.filter((type) => type === 'ComplaintEscalated')).toHaveLength(2);
      expect(events.length).toBeGreaterThan(15);
    });

    it('shows at every revision exactly the view folded from the events up to it, clocks read at that event’s time', async () => {
      for (let revision = 0; revision < events.length; revision++) {
        const response = await auditor.get(`/complaints/${id}/state?revision=${revision}`).expect(200);
        expect({ revision, body: response.body }).toEqual({ revision, body: foldedView(COMPLAINTS as AggregateType<AnyMachineSnapshot, { type: string }>, events, revision) });
        // No revision tag: the past is nothing to send If-Match against.
        expect(response.headers.etag).not.toMatch(/^"\d+"$/);
      }
    });

    it('picks, for ?at= just before, at and just after each event’s time, the last event recorded by then', async () => {
      const lastRecordedBy = (instant: string): number => events.filter((event) => Date.parse(timeOf(event)) <= Date.parse(instant)).length - 1;
      const times = [...new Set(events.map(timeOf))];
      expect(times.length).toBeGreaterThan(8);
      for (const time of times) {
        for (const instant of [plus(time, -1), time, plus(time, 1)]) {
          const expected = lastRecordedBy(instant);
          const response = await auditor.get(`/complaints/${id}/state?at=${instant}`);
          if (expected < 0) {
            expect(response.status).toBe(404);
            continue;
          }
          expect({ instant, status: response.status, revision: response.body.revision }).toEqual({ instant, status: 200, revision: expected });
          expect(response.body.asOf).toEqual({ revision: expected, position: events[expected].position.toString(), occurredAt: timeOf(events[expected]), clocksReadAt: instant });
        }
      }
    });

    it('reads the clocks as they stood at a past instant (by hand: the reply clock is due 2 s after registration)', async () => {
      const early = (await auditor.get(`/complaints/${id}/state?at=${plus(registeredAt, 500)}`).expect(200)).body;
      expect(early).toMatchObject({ state: 'received', revision: 3, assigneeId: 'handler.haicheng', allowedCommands: [] });
      expect(early.clocks).toEqual([expect.objectContaining({ clockId: 'reply', state: 'running', dueAt: plus(registeredAt, 2000), remaining: { ms: 1500, iso: 'PT1.5S' } })]);

      // Escalated by hand at +0.6 s (reply@L1 due at +2.6 s); at +2.3 s the level-0 clock is 0.3 s overdue.
      const between = (await auditor.get(`/complaints/${id}/state?at=${plus(registeredAt, 2300)}`).expect(200)).body;
      expect(between).toMatchObject({ state: 'escalated', escalationLevel: 1, responsibleUnitId: HAICHENG });
      expect(between.clocks.map((clock: { clockId: string; state: string; remaining: unknown }) => [clock.clockId, clock.state, clock.remaining])).toEqual([
        ['reply', 'breached', { ms: -300, iso: '-PT0.3S' }],
        ['reply@L1', 'running', { ms: 300, iso: 'PT0.3S' }],
      ]);
    });

    it('replays the finding the valid reply opened, too', async () => {
      const findingEvents = await store.readStream(`finding-${findingId}`);
      for (let revision = 0; revision < findingEvents.length; revision++) {
        const response = await auditor.get(`/findings/${findingId}/state?revision=${revision}`).expect(200);
        expect(response.body).toEqual(foldedView(FINDINGS as AggregateType<AnyMachineSnapshot, { type: string }>, findingEvents, revision));
      }
      const history = (await auditor.get(`/findings/${findingId}/history`).expect(200)).body;
      expect(history.items[0]).toMatchObject({ type: 'FindingRaised', actor: { id: 'system', role: 'system' }, summary: { en: expect.stringContaining(`valid complaint ${id}`) } });
    });

    it('pages through the history, every event once and in order, with actor, reason, correlation and a summary in both languages', async () => {
      const items: HistoryItem[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '?limit=4' : `?limit=4&cursor=${cursor}`;
        const page = (await auditor.get(`/complaints/${id}/history${query}`).expect(200)).body as { items: HistoryItem[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(4);
        items.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(Math.ceil(events.length / 4));
      expect(items.map((item) => [item.id, item.revision, item.position, item.type, item.occurredAt])).toEqual(
        events.map((event) => [event.id, Number(event.revision), event.position.toString(), event.type, timeOf(event)]),
      );
      for (const item of items) {
        expect(item.summary.zh).toMatch(/\p{Script=Han}/u);
        expect(item.summary.en).toMatch(/^[\x20-\x7e]+$/);
      }
      const [manual, automatic] = items.filter((item) => item.type === 'ComplaintEscalated');
      expect(manual).toMatchObject({
        actor: { id: 'head.haicheng', role: 'unit_head', unitId: HAICHENG },
        reason: '客户要求支行答复',
        correlationId: expect.any(String),
        causationId: expect.any(String),
        summary: { zh: '上报至海城支行（第1级）', en: 'Escalated to Haicheng Sub-branch (level 1)' },
      });
      expect(automatic).toMatchObject({
        actor: { id: 'system', role: 'system' },
        reason: expect.stringMatching(/^SLA breach: reply was due/),
        summary: { zh: '自动上报至鞍山分行（第2级）', en: 'Escalated automatically to Anshan Branch (level 2)' },
      });
      expect(items.find((item) => item.type === 'ComplaintReopened')).toMatchObject({ reason: '客户仍不满意', actor: { id: 'supervisor.anshan' } });
    });
  });

  describe('refusals', () => {
    let id: string;
    beforeAll(async () => {
      id = await registerComplaint(handler);
    });

    it.each([
      ['neither at nor revision', '', ['at', 'revision']],
      ['both', '?at=2025-03-03T01:00:00Z&revision=0', ['at', 'revision']],
      ['a negative revision', '?revision=-1', ['revision']],
      ['a revision that is no number', '?revision=last', ['revision']],
      ['an instant that is no ISO 8601', '?at=yesterday', ['at']],
      ['an unknown parameter', '?revision=0&as=auditor', ['as']],
    ])('answers 400 naming the field for %s', async (_case, query, fields) => {
      const response = await auditor.get(`/complaints/${id}/state${query}`);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect([...new Set(response.body.errors.map((error: { field: string }) => error.field))].sort()).toEqual(fields);
    });

    it('answers 404 naming the moment for an instant before the case existed or a revision beyond its stream', async () => {
      const createdAt = (await auditor.get(`/complaints/${id}`).expect(200)).body.createdAt as string;
      const before = await auditor.get(`/complaints/${id}/state?at=${plus(createdAt, -1)}`).set('Accept-Language', 'en');
      expect(before.status).toBe(404);
      expect(before.body).toMatchObject({
        type: expect.stringMatching(/moment-not-found$/),
        at: plus(createdAt, -1),
        createdAt,
        detail: expect.stringContaining(`complaint ${id} did not exist yet`),
      });
      const beyond = await auditor.get(`/complaints/${id}/state?revision=5`);
      expect(beyond.status).toBe(404);
      expect(beyond.body).toMatchObject({ type: expect.stringMatching(/moment-not-found$/), revision: 5, lastRevision: 1 });
    });

    it('answers 400 for a foreign cursor or a bad limit on the history', async () => {
      expect((await auditor.get(`/complaints/${id}/history?cursor=not-ours`)).body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      expect((await auditor.get(`/complaints/${id}/history?limit=0`)).body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    });

    it('hides a case outside the caller’s units: 404 on state and history', async () => {
      const daoxi = await api.as('handler.daoxi');
      expect((await daoxi.get(`/complaints/${id}/state?revision=0`)).status).toBe(404);
      expect((await daoxi.get(`/complaints/${id}/history`)).status).toBe(404);
      expect((await handler.get(`/complaints/${id}/state?revision=0`)).status).toBe(200);
    });
  });

  describe('the audit log of reads', () => {
    it('records each successful read by an auditor once, and none by a handler', async () => {
      const id = await registerComplaint(handler);
      const before = (await auditLog()).length;
      await handler.get(`/complaints/${id}`).expect(200);
      await handler.get(`/complaints/${id}/state?revision=0`).expect(200);
      await handler.get(`/complaints/${id}/history`).expect(200);
      expect(await auditLog()).toHaveLength(before);

      await auditor.get(`/complaints/${id}`).set('X-Correlation-Id', 'audit-2026-q4').expect(200);
      await auditor.get(`/complaints/${id}/state?revision=1`).expect(200);
      await auditor.get(`/complaints/${id}/history?limit=5`).expect(200);
      await auditor.get(`/complaints/${id}/state?revision=99`).expect(404);
      const recorded = (await auditLog()).slice(before);
      const reader = { userId: 'auditor', role: 'auditor', unitId: 'hq', kind: 'complaint', caseId: id, at: now() };
      expect(recorded).toEqual([
        { ...reader, what: 'view', query: {}, correlationId: 'audit-2026-q4' },
        { ...reader, what: 'state', query: { revision: '1' }, correlationId: expect.any(String) },
        { ...reader, what: 'history', query: { limit: '5' }, correlationId: expect.any(String) },
      ]);
      const [event] = (await readStreamOrEmpty(store, auditLogStream(api.clock.now()))).slice(before);
      expect(event).toMatchObject({ type: 'AuditReadRecorded', metadata: { actorId: 'auditor', role: 'auditor', correlationId: 'audit-2026-q4' } });
    });

    it('keeps one audit-log stream per day', async () => {
      const id = await registerComplaint(handler);
      const today = auditLogStream(api.clock.now());
      api.clock.advanceMs(24 * 3600 * 1000);
      const tomorrow = auditLogStream(api.clock.now());
      expect(tomorrow).not.toBe(today);
      await auditor.get(`/complaints/${id}/history`).expect(200);
      expect((await readStreamOrEmpty(store, tomorrow)).map((event) => (event.data as unknown as AuditRead).caseId)).toEqual([id]);
    });

    it('refuses an auditor’s command (403) and writes nothing: no case event, no audit record', async () => {
      const id = await registerComplaint(handler);
      const caseEvents = (await readStreamOrEmpty(store, `complaint-${id}`)).length;
      const reads = (await auditLog()).length;
      const refused = await auditor.post(`/complaints/${id}/notes`, { text: '审计意见' });
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(await readStreamOrEmpty(store, `complaint-${id}`)).toHaveLength(caseEvents);
      expect(await auditLog()).toHaveLength(reads);
    });
  });
});
