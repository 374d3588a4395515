import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

describe('Complaint lifecycle over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
  }, 30_000);
  afterAll(() => api.close());

  it('runs from registration to sign-off, recording who did what in the history', async () => {
    const registered = await handler.post('/complaints', complaintBody({ receivedAt: '2025-03-02T09:30:00.000Z' })).set('X-Correlation-Id', 'story-1');
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;
    expect(registered.headers.location).toBe(`/complaints/${id}`);
    expect(registered.headers.etag).toBe('"0"');
    expect(registered.headers['x-correlation-id']).toBe('story-1');
    expect(registered.body).toMatchObject({
      state: 'received',
      revision: 0,
      unitId: HAICHENG_OUTLET,
      responsibleUnitId: HAICHENG_OUTLET,
      escalationLevel: 0,
      receivedAt: '2025-03-02T09:30:00.000Z',
      createdAt: '2025-03-03T01:00:00.000Z',
      linkedFindingIds: [],
    });
    // A handler may not assign or escalate (unit head's confirmation) or close (sign-off).
    expect(registered.body.allowedCommands).toEqual(['hand-over', 'promise-reply', 'add-note', 'reclassify', 'transfer', 'reply', 'withdraw', 'attach-evidence']);

    api.clock.advanceMinutes(10);
    expect((await head.post(`/complaints/${id}/assign`, { assigneeId: 'handler.haicheng' })).body).toMatchObject({
      assigneeId: 'handler.haicheng',
      revision: 1,
    });
    expect((await handler.post(`/complaints/${id}/notes`, { text: '已调阅监控，柜员确有不耐烦表现' })).status).toBe(200);

    const escalated = await head.post(`/complaints/${id}/escalate`, { reason: '客户要求支行答复' });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ state: 'escalated', responsibleUnitId: HAICHENG, escalationLevel: 1, revision: 3 });

    // Escalated, the case is the sub-branch's to answer; the outlet may still add notes (配合了解).
    const outletReply = await handler.post(`/complaints/${id}/reply`, { responsibility: 'valid', text: '已致歉', channel: 'phone' });
    expect(outletReply.status).toBe(403);
    expect(outletReply.body).toMatchObject({ type: expect.stringMatching(/not-responsible-unit$/), command: 'reply' });
    const replied = await head.post(`/complaints/${id}/reply`, { responsibility: 'valid', text: '已致歉并整改', channel: 'phone' });
    expect(replied.status).toBe(200);
    expect(replied.body.state).toBe('replied');
    expect(replied.body.linkedFindingIds).toHaveLength(1);

    const verified = await (await api.as('supervisor.anshan')).post(`/complaints/${id}/verify`, { satisfied: true, note: '客户表示满意' });
    // Signing off is the unit head's (签字确认), not the supervisor's.
    expect(verified.body).toMatchObject({ state: 'verified', allowedCommands: ['add-note', 'withdraw', 'attach-evidence'] });

    const closed = await head.post(`/complaints/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', revision: 6, allowedCommands: [] });
    expect(closed.headers.etag).toBe('"6"');

    const fetched = await handler.get(`/complaints/${id}`).expect(200);
    expect(fetched.body).toMatchObject({ state: 'closed', revision: 6 });

    const history = await api.as('auditor').then((auditor) => auditor.get(`/complaints/${id}/history`).expect(200));
    expect(history.body.items.map((event: { type: string }) => event.type)).toEqual([
      'ComplaintRegistered',
      'ComplaintAssigned',
      'ComplaintNoteAdded',
      'ComplaintEscalated',
      'ComplaintReplied',
      'ComplaintVerified',
      'ComplaintClosed',
    ]);
    expect(history.body.items.map((event: { revision: number }) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const [first, assigned] = history.body.items;
    expect(first).toMatchObject({
      occurredAt: '2025-03-03T01:00:00.000Z',
      position: expect.stringMatching(/^\d+$/),
      data: { complaintId: id, caseType: 'complaint' },
      metadata: {
        actorId: 'handler.haicheng',
        role: 'handler',
        unitId: HAICHENG_OUTLET,
        correlationId: 'story-1',
        causationId: expect.any(String),
        schemaVersion: 1,
      },
    });
    expect(assigned.metadata).toMatchObject({ actorId: 'head.haicheng', role: 'unit_head', unitId: HAICHENG, occurredAt: '2025-03-03T01:10:00.000Z' });
    expect(assigned.metadata.correlationId).not.toBe('story-1');
    expect(BigInt(assigned.position)).toBeGreaterThan(BigInt(first.position));
  });

  it('answers a complaint on the spot (即办) in one registration', async () => {
    const response = await handler.post('/complaints', complaintBody({ resolvedOnSpot: { reply: { responsibility: 'customer', text: '已当面解释', channel: 'in_person' } } }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ state: 'replied', revision: 1, reply: { onSpot: true, responsibility: 'customer' } });
  });

  it('reopens on an unsatisfied follow-up and refuses the replier as verifier (four-eyes)', async () => {
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200);

    const ownVerification = await handler.post(`/complaints/${id}/verify`, { satisfied: true });
    expect(ownVerification.status).toBe(403);
    expect(ownVerification.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(ownVerification.body).toMatchObject({ type: expect.stringMatching(/four-eyes$/), command: 'verify' });
    expect((await handler.get(`/complaints/${id}`)).body.allowedCommands).not.toContain('verify');

    const reopened = await head.post(`/complaints/${id}/verify`, { satisfied: false, note: '客户仍不满意' });
    expect(reopened.body).toMatchObject({ state: 'received', revision: 2 });
  });

  it('answers 409 with the state and the allowed commands when a command does not fit the lifecycle', async () => {
    const id = await registerComplaint(handler);
    const response = await head.post(`/complaints/${id}/close`);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      type: expect.stringMatching(/command-not-allowed$/),
      status: 409,
      command: 'close',
      state: 'received',
      allowedCommands: expect.arrayContaining(['assign', 'add-note', 'escalate', 'reply', 'withdraw']),
    });
    expect(response.body.allowedCommands).not.toContain('close');
    expect((await handler.get(`/complaints/${id}/history`)).body.items).toHaveLength(1);
  });

  it('refuses a role the decider does not allow with 403', async () => {
    const id = await registerComplaint(handler);
    const response = await handler.post(`/complaints/${id}/escalate`, { reason: '想上报' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/forbidden-by-role$/), role: 'handler', allowedRoles: expect.arrayContaining(['unit_head']) });
  });

  it('answers 422 naming the field for payload rules of the decider', async () => {
    const future = await handler.post('/complaints', complaintBody({ receivedAt: '2025-03-04T00:00:00.000Z' }));
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ field: 'receivedAt', rule: 'invalidCommand', label: '收到时间', message: '「收到时间」不能晚于现在' }]);

    const id = await registerComplaint(handler);
    const unchanged = await handler.post(`/complaints/${id}/reclassify`, { category: 'attitude' });
    expect(unchanged.status).toBe(422);
    expect(unchanged.body.errors[0].field).toBe('caseType');
  });

  it('reclassifies an investigation request into a complaint', async () => {
    const id = await registerComplaint(handler, { type: 'investigation' });
    const response = await handler.post(`/complaints/${id}/reclassify`, { type: 'complaint', category: 'process' });
    expect(response.body).toMatchObject({ caseType: 'complaint', category: 'process', revision: 1 });
  });

  it('refuses a stale If-Match with 412 carrying the current revision, appending nothing', async () => {
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/notes`, { text: 'first' }).expect(200);

    const stale = await handler.post(`/complaints/${id}/notes`, { text: 'second' }).set('If-Match', '"0"');
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ type: expect.stringMatching(/stale-revision$/), expectedRevision: 0, currentRevision: 1 });

    const current = await handler.post(`/complaints/${id}/notes`, { text: 'second' }).set('If-Match', '"1"');
    expect(current.status).toBe(200);
    expect(current.headers.etag).toBe('"2"');
    expect((await handler.get(`/complaints/${id}/history`)).body.items).toHaveLength(3);

    expect((await handler.post(`/complaints/${id}/notes`, { text: 'x' }).set('If-Match', 'yesterday')).status).toBe(400);
  });
});
