import { EVENT_STORE, WrongExpectedVersionError, type EventStore } from '@duban/event-store';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

type HistoryEntry = { id: string; type: string; revision: number; data: { text?: string }; metadata: Record<string, unknown> };

describe('Concurrency and idempotency over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp({ interleaveAppends: true });
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
  });
  afterAll(() => api.close());

  const historyOf = async (id: string): Promise<HistoryEntry[]> => (await handler.get(`/complaints/${id}/history?limit=100`).expect(200)).body.items;

  describe('parallel commands on one case', () => {
    it('lands all of 50 parallel notes, each once, at contiguous revisions', async () => {
      const id = await registerComplaint(handler);
      const texts = Array.from({ length: 50 }, (_, index) => `note ${index}`);
      const responses = await Promise.all(texts.map((text) => handler.post(`/complaints/${id}/notes`, { text })));
      expect(responses.map((response) => response.status)).toEqual(texts.map(() => 200));
      expect(new Set(responses.map((response) => response.body.revision)).size).toBe(50);

      const history = await historyOf(id);
      expect(history.map((event) => event.revision)).toEqual(Array.from({ length: 51 }, (_, revision) => revision));
      const recordedTexts = history.slice(1).map((event) => event.data.text);
      expect([...recordedTexts].sort()).toEqual([...texts].sort());
      expect(new Set(history.map((event) => event.id)).size).toBe(51);
    });

    it('runs 16 concurrent notes on one case one after another: all answered 200, none lost a race at the append', async () => {
      const id = await registerComplaint(handler);
      const store = api.app.get<EventStore>(EVENT_STORE);
      const append = store.appendToStream;
      let lostRaces = 0;
      store.appendToStream = (...args) =>
        append.apply(store, args).catch((error: unknown) => {
          if (error instanceof WrongExpectedVersionError) lostRaces += 1;
          throw error;
        });
      try {
        const texts = Array.from({ length: 16 }, (_, index) => `concurrent ${index}`);
        const responses = await Promise.all(texts.map((text) => handler.post(`/complaints/${id}/notes`, { text })));
        expect(responses.map((response) => response.status)).toEqual(texts.map(() => 200));
        expect(lostRaces).toBe(0);
        expect(
          (await historyOf(id))
            .slice(1)
            .map((event) => event.data.text)
            .sort(),
        ).toEqual([...texts].sort());
      } finally {
        store.appendToStream = append;
      }
    });

    it('lets exactly one of 50 parallel withdrawals win; the others get 409 and append nothing', async () => {
      const id = await registerComplaint(handler);
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, index) => (index % 2 === 0 ? handler : head).post(`/complaints/${id}/withdraw`, { reason: `撤回 ${index}` })),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(49);
      const refused = responses.find((response) => response.status === 409)!;
      expect(refused.body).toMatchObject({ state: 'withdrawn', allowedCommands: ['erase-customer-data'] }); // only the lawful erasure outlives the case
      expect((await historyOf(id)).map((event) => event.type)).toEqual(['ComplaintRegistered', 'ComplaintWithdrawn']);
    });

    it('with If-Match, lets one of 20 parallel commands on the same revision win and answers the rest 412', async () => {
      const id = await registerComplaint(handler);
      const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => handler.post(`/complaints/${id}/notes`, { text: `pinned ${index}` }).set('If-Match', '"0"')));
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 412)).toHaveLength(19);
      expect(responses.find((response) => response.status === 412)!.body.currentRevision).toBe(1);
      expect(await historyOf(id)).toHaveLength(2);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers the same key and body with the same response and records the events once', async () => {
      const id = await registerComplaint(handler);
      const send = (): ReturnType<ApiClient['post']> => handler.post(`/complaints/${id}/notes`, { text: '重复提交' }).set('Idempotency-Key', 'note-1');
      const first = await send();
      api.clock.advanceMinutes(5);
      await head.post(`/complaints/${id}/notes`, { text: 'in between' }).expect(200);
      const retry = await send();

      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"1"');
      const history = await historyOf(id);
      expect(history.map((event) => event.data.text)).toEqual([undefined, '重复提交', 'in between']);
      expect(history[1].metadata).toMatchObject({ idempotencyKey: 'note-1', requestHash: expect.any(String) });
    });

    it('treats key order in the body as the same request', async () => {
      const id = await registerComplaint(handler);
      const first = await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'sms' }).set('Idempotency-Key', 'reply-1');
      const reordered = await handler.post(`/complaints/${id}/reply`, { channel: 'sms', text: '已解释', responsibility: 'customer' }).set('Idempotency-Key', 'reply-1');
      expect(reordered.status).toBe(200);
      expect(reordered.body.revision).toBe(first.body.revision);
    });

    it('refuses the same key with another body with 422, appending nothing', async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/notes`, { text: 'first' }).set('Idempotency-Key', 'note-2').expect(200);
      const reused = await handler.post(`/complaints/${id}/notes`, { text: 'different' }).set('Idempotency-Key', 'note-2');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ type: expect.stringMatching(/idempotency-key-reused$/), idempotencyKey: 'note-2' });

      const elsewhere = await registerComplaint(handler);
      expect((await handler.post(`/complaints/${elsewhere}/notes`, { text: 'first' }).set('Idempotency-Key', 'note-2')).status).toBe(422);
      expect(await historyOf(id)).toHaveLength(2);
      expect(await historyOf(elsewhere)).toHaveLength(1);
    });

    it("keeps keys per user: another user's identical key is a new request", async () => {
      const id = await registerComplaint(handler);
      await handler.post(`/complaints/${id}/notes`, { text: 'same' }).set('Idempotency-Key', 'shared-key').expect(200);
      await head.post(`/complaints/${id}/notes`, { text: 'same' }).set('Idempotency-Key', 'shared-key').expect(200);
      expect(await historyOf(id)).toHaveLength(3);
    });

    it('retries a creation onto the same id and stream, answering 201 with the same case', async () => {
      const body = complaintBody({ description: 'ATM吞卡' });
      const first = await handler.post('/complaints', body).set('Idempotency-Key', 'register-1');
      api.clock.advanceMinutes(3);
      const retry = await handler.post('/complaints', body).set('Idempotency-Key', 'register-1');
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.location).toBe(first.headers.location);
      expect(await historyOf(first.body.id)).toHaveLength(1);

      const changed = await handler.post('/complaints', { ...body, description: '网银无法登录' }).set('Idempotency-Key', 'register-1');
      expect(changed.status).toBe(422);
    });

    it('records the valid reply and its finding once under parallel retries of one key', async () => {
      const id = await registerComplaint(handler);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          handler.post(`/complaints/${id}/reply`, { responsibility: 'valid', text: '属实', channel: 'phone' }).set('Idempotency-Key', 'reply-valid'),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
      expect(new Set(responses.map((response) => response.body.revision))).toEqual(new Set([1]));
      expect((await historyOf(id)).map((event) => event.type)).toEqual(['ComplaintRegistered', 'ComplaintReplied']);
      const [findingId] = responses[0].body.linkedFindingIds;
      expect((await handler.get(`/findings/${findingId}/history`).expect(200)).body.items).toHaveLength(1);
    });
  });
});
