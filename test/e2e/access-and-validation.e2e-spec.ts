import { CaseFollowUps, COMPLAINTS, CaseCommandHandler } from '@duban/cases';
import { CHECKPOINT_STORE, EVENT_STORE } from '@duban/event-store';
import { CaseFollowUpReactor } from '../../apps/worker/src/follow-ups/case-follow-up-reactor';
import { waitFor } from '../../libs/event-store/src/testing/test-events';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';

describe('Scope, roles and validation over HTTP', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let complaintId: string;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    complaintId = await registerComplaint(handler);
  });
  afterAll(() => api.close());

  const historyLength = async (id: string): Promise<number> => (await handler.get(`/complaints/${id}/history`).expect(200)).body.items.length;

  describe('scope (辖内)', () => {
    it("hides a case outside the caller's subtree: 404 on GET, history and commands, nothing appended", async () => {
      const daoxi = await api.as('handler.daoxi');
      expect((await daoxi.get(`/complaints/${complaintId}`)).status).toBe(404);
      expect((await daoxi.get(`/complaints/${complaintId}/history`)).status).toBe(404);
      const command = await daoxi.post(`/complaints/${complaintId}/notes`, { text: '越权' });
      expect(command.status).toBe(404);
      expect(command.body.type).toMatch(/not-found$/);
      expect(await historyLength(complaintId)).toBe(1);
    });

    it('answers an unknown id exactly like a hidden one', async () => {
      const response = await handler.get('/complaints/00000000-0000-4000-8000-000000000000');
      expect(response.status).toBe(404);
      expect((await handler.post('/complaints/00000000-0000-4000-8000-000000000000/notes', { text: 'x' })).status).toBe(404);
    });

    it('shows the case to the unit head above, the branch supervisor and head office', async () => {
      for (const user of ['head.haicheng', 'supervisor.anshan', 'supervisor.hq', 'auditor'] as const) {
        expect((await (await api.as(user)).get(`/complaints/${complaintId}`)).status).toBe(200);
      }
    });

    it('refuses registration into a unit outside the subtree with 403', async () => {
      const response = await handler.post('/complaints', complaintBody({ unitId: 'anshan-daoxi' }));
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ type: expect.stringMatching(/out-of-scope$/), unitId: 'anshan-daoxi' });
    });
  });

  describe('whom a case is handed to', () => {
    const refusedHandOver = async (as: ApiClient, path: string, body: object, field: string): Promise<void> => {
      const response = await as.post(path, body);
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, message: expect.stringMatching(/能看到并办理此案/) })]);
    };

    it('assigns a complaint only to staff who can see and work on it: not another sub-branch, not an auditor, not a stranger', async () => {
      const id = await registerComplaint(handler);
      const head = await api.as('head.haicheng');
      for (const assigneeId of ['handler.daoxi', 'auditor', 'former.employee']) {
        await refusedHandOver(head, `/complaints/${id}/assign`, { assigneeId }, 'assigneeId');
      }
      expect(await historyLength(id)).toBe(1);
      await head.post(`/complaints/${id}/assign`, { assigneeId: 'handler.haicheng' }).expect(200);
    });

    it('gives a rectification plan only to an owner who can see the finding', async () => {
      const inspector = await api.as('inspector.anshan');
      const inspection = await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG_OUTLET, scope: '柜面' }).expect(201);
      const finding = await inspector
        .post(`/inspections/${inspection.body.id}/findings`, {
          unitId: HAICHENG_OUTLET,
          category: 'internal_control',
          description: '柜员离席未签退',
          severity: 'minor',
          mode: 'deadline',
          dueAt: '2025-04-03T00:00:00Z',
        })
        .expect(201);
      const plan = (ownerId: string) => ({ measures: ['落实签退制度'], ownerId, dueAt: '2025-03-20T00:00:00Z' });
      await refusedHandOver(handler, `/findings/${finding.body.id}/plan`, plan('handler.daoxi'), 'ownerId');
      expect((await handler.get(`/findings/${finding.body.id}/history`).expect(200)).body.items).toHaveLength(1);
      await handler.post(`/findings/${finding.body.id}/plan`, plan('head.haicheng')).expect(200);
    });
  });

  describe('auditors', () => {
    it('read everything, including history, and change nothing (403, nothing appended)', async () => {
      const auditor = await api.as('auditor');
      const view = await auditor.get(`/complaints/${complaintId}`).expect(200);
      expect(view.body.allowedCommands).toEqual([]);
      const before = await historyLength(complaintId);
      const refused = await auditor.post(`/complaints/${complaintId}/notes`, { text: '审计' });
      expect(refused.status).toBe(403);
      expect((await auditor.post('/complaints', complaintBody())).status).toBe(403);
      expect(await historyLength(complaintId)).toBe(before);
    });
  });

  it('refuses requests without a token with 401 problem+json', async () => {
    const response = await api.anonymous().get(`/complaints/${complaintId}`);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  describe('validation (400 naming each field)', () => {
    it('names every bad field of a registration, nested ones with dotted paths', async () => {
      const response = await handler.post('/complaints', {
        type: 'grievance',
        channel: 'walk_in',
        category: 'rudeness',
        unitId: HAICHENG_OUTLET,
        customer: { phone: 12 },
        description: '',
        receivedAt: 'yesterday',
      });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      const fields = new Set((response.body.errors as { field: string }[]).map((error) => error.field));
      expect(fields).toEqual(new Set(['type', 'category', 'customer.name', 'customer.phone', 'description', 'receivedAt']));
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'category', rule: 'knownCategory' }));
    });

    it('rejects unknown fields, on creation and on commands', async () => {
      const creation = await handler.post('/complaints', complaintBody({ status: 'closed' }));
      expect(creation.status).toBe(400);
      expect(creation.body.errors).toEqual([expect.objectContaining({ field: 'status', rule: 'whitelistValidation' })]);

      const command = await handler.post(`/complaints/${complaintId}/notes`, { text: 'ok', author: 'someone' });
      expect(command.status).toBe(400);
      expect(command.body.errors).toEqual([expect.objectContaining({ field: 'author' })]);

      const head = await api.as('head.haicheng');
      const bodyless = await head.post(`/complaints/${complaintId}/close`, { force: true });
      expect(bodyless.status).toBe(400);
      expect(bodyless.body.errors).toEqual([expect.objectContaining({ field: 'force', rule: 'whitelistValidation' })]);
      expect(await historyLength(complaintId)).toBe(1);
    });

    it('validates each command against its own payload class', async () => {
      const reply = await handler.post(`/complaints/${complaintId}/reply`, { responsibility: 'maybe', text: 'x', channel: 'fax' });
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['channel', 'responsibility']);
      const reclassify = await handler.post(`/complaints/${complaintId}/reclassify`, { category: 'nonsense' });
      expect(reclassify.body.errors).toEqual([expect.objectContaining({ field: 'category', rule: 'knownCategory' })]);
    });

    it('rejects a malformed Idempotency-Key', async () => {
      const response = await handler.post(`/complaints/${complaintId}/notes`, { text: 'x' }).set('Idempotency-Key', 'has spaces in it');
      expect(response.status).toBe(400);
    });
  });

  it("leaves a finding whose raise was lost (crash between the two appends) to the worker's follow-up reactor: a GET writes nothing", async () => {
    const id = await registerComplaint(handler);
    // The reply as the API records it, minus the follow-up: what a crash right after the append leaves behind.
    const commands = api.app.get(CaseCommandHandler);
    const replied = await commands.execute(
      COMPLAINTS,
      id,
      { type: 'reply', responsibility: 'valid', text: '属实', channel: 'phone' },
      { actor: { id: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET }, correlationId: 'crash', causationId: 'crash' },
    );
    const [findingId] = replied.state.context.linkedFindingIds;
    await handler.get(`/complaints/${id}`).expect(200);
    expect((await handler.get(`/findings/${findingId}`)).status).toBe(404);

    const reactor = new CaseFollowUpReactor(api.app.get(EVENT_STORE), api.app.get(CHECKPOINT_STORE), api.app.get(CaseFollowUps));
    reactor.onApplicationBootstrap();
    try {
      await waitFor(async () => (await handler.get(`/findings/${findingId}`)).status === 200, 'the reactor to raise the finding');
    } finally {
      await reactor.onApplicationShutdown();
    }
    const finding = await handler.get(`/findings/${findingId}`).expect(200);
    expect(finding.body).toMatchObject({ complaintId: id, revision: 0 });
    expect((await handler.get(`/findings/${findingId}/history`)).body.items).toHaveLength(1);
  });

  describe('reference data', () => {
    it('serves the complaint workflow as Mermaid text by default and described as JSON on request', async () => {
      const text = await handler.get('/workflows/complaint').expect(200);
      expect(text.headers['content-type']).toMatch(/^text\/plain/);
      expect(text.text).toMatch(/^stateDiagram-v2\n/);
      expect(text.text).toContain('[*] --> received : ComplaintRegistered');

      const json = await handler.get('/workflows/finding').set('Accept', 'application/json').expect(200);
      expect(json.body.mermaid).toMatch(/^stateDiagram-v2/);
      expect(json.body.states).toEqual(['received', 'coordinating', 'planned', 'escalated', 'planPending', 'replied', 'verified', 'closed', 'cancelled']);
      expect(json.body.commands).toContainEqual({ command: 'verify', roles: ['inspector', 'supervisor'], events: ['FindingVerified', 'FindingCarriedOver'] });

      expect((await handler.get('/workflows/loan')).status).toBe(404);
      expect((await handler.get('/workflows/complaint').set('Accept', 'image/png')).status).toBe(406);
    });

    it('lists the categories with Chinese and English labels', async () => {
      const response = await handler.get('/categories').expect(200);
      expect(response.body).toContainEqual(expect.objectContaining({ id: 'attitude', label: { zh: '服务态度', en: 'Service attitude' } }));
    });

    it('documents the command routes with their own payloads in OpenAPI', async () => {
      const document = (await api.anonymous().get('/docs-json').expect(200)).body;
      const notes = document.paths['/complaints/{id}/notes'].post;
      expect(notes.requestBody.content['application/json'].schema.$ref).toMatch(/AddComplaintNoteDto$/);
      expect(document.paths['/findings/{id}/verify'].post.requestBody.content['application/json'].schema.$ref).toMatch(/VerifyFindingDto$/);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/complaints', '/inspections/{id}/findings', '/complaints/{id}/history']));
    });
  });
});
