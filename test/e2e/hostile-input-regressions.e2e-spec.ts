import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { storedEventCount } from '../support/api-endpoints';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

/**
 * One case per fault the hostile-input fuzz (hostile-input.e2e-spec.ts) and its probes found, so
 * each stays fixed whatever seed the fuzz draws: what used to be a 500, a silent write or an empty
 * answer is a 4xx problem+json that records nothing.
 */
describe('Hostile input regressions', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let head: ApiClient;
  let admin: ApiClient;
  let token: string;
  let complaintId: string;
  let events: number;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    head = await api.as('head.haicheng');
    admin = await api.as('admin');
    token = (await api.anonymous().post('/auth/token').send({ username: 'handler.haicheng', password: 'demo-password' }).expect(200)).body.accessToken;
    complaintId = await registerComplaint(handler);
    await admin.get('/calendars/cn-mainland').expect(200);
    events = await storedEventCount(api.app);
  });
  afterEach(async () => {
    expect(await storedEventCount(api.app)).toBe(events);
  });
  afterAll(() => api.close());

  const raw = (path: string, body: string | Buffer, contentType = 'application/json') =>
    request(api.app.getHttpServer()).post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);

  const refused = (response: request.Response, status: number, field?: string, rule?: string): void => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
    if (field) expect(response.body.errors).toContainEqual(expect.objectContaining({ field, ...(rule ? { rule } : {}) }));
  };

  it('refuses JSON nested thousands of levels deep with 400 (class-transformer overflowed the stack: 500)', async () => {
    refused(await raw('/complaints', `{"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}`), 400, `x${'.0'.repeat(31)}`, 'maxDepth');
  });

  it('refuses __proto__, constructor and prototype keys at any depth (they were dropped and the rest registered)', async () => {
    const body = JSON.stringify(complaintBody());
    refused(await raw('/complaints', body.replace('{', '{"__proto__":{"admin":true},')), 400, '__proto__', 'forbiddenKey');
    refused(await raw('/complaints', body.replace('{', '{"constructor":{"prototype":{"x":1}},')), 400, 'constructor', 'forbiddenKey');
    refused(await raw('/complaints', body.replace('"customer":{', '"customer":{"prototype":1,')), 400, 'customer.prototype', 'forbiddenKey');
    refused(await handler.get('/complaints?__proto__=x'), 400, '__proto__');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses a field named like a method (toString, valueOf, toCommand), which class-transformer skipped unseen', async () => {
    refused(await handler.post('/complaints', complaintBody({ toString: 'x' })), 400, 'toString', 'whitelistValidation');
    refused(await handler.post(`/complaints/${complaintId}/notes`, { text: '核实', toCommand: 'x' }), 400, 'toCommand');
    refused(await handler.post('/complaints', complaintBody({ customer: { name: '陈**', valueOf: 1 } })), 400, 'customer.valueOf');
    refused(await (await api.as('supervisor.hq')).get('/reports/sla?toString=1'), 400, 'toString');
  });

  it('refuses NUL and other control characters and unpaired surrogates in text, ids and queries (they were stored)', async () => {
    refused(await handler.post('/complaints', complaintBody({ description: 'a\u0000b' })), 400, 'description', 'wellFormedText');
    refused(await handler.post('/complaints', complaintBody({ description: 'a\ud800b' })), 400, 'description', 'wellFormedText');
    refused(await handler.post('/complaints', complaintBody({ customer: { name: 'x\u001b[2J' } })), 400, 'customer.name');
    refused(await handler.get('/complaints/%00'), 400, 'id');
    refused(await handler.get('/complaints?q=%07'), 400, 'q');
  });

  it('refuses a body that is not valid UTF-8 (decoded into U+FFFD and stored)', async () => {
    const [before, after] = JSON.stringify(complaintBody()).split('柜员');
    refused(await raw('/complaints', Buffer.concat([Buffer.from(`${before}`), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from(`柜员${after}`)])), 400);
    const ics = Buffer.concat([
      Buffer.from('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\nSUMMARY:国庆'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'),
    ]);
    const adminToken = (await api.anonymous().post('/auth/token').send({ username: 'admin', password: 'demo-password' })).body.accessToken;
    const response = await request(api.app.getHttpServer())
      .post('/calendars/cn-mainland/import')
      .set('Authorization', `Bearer ${adminToken}`)
      .set('Content-Type', 'text/calendar')
      .send(ics);
    refused(response, 400);
  });

  it('refuses a query value that is not percent-encoded UTF-8 (decoded into U+FFFD and taken as a filter) and keeps every parameter', async () => {
    refused(await handler.get('/complaints?category=%ED%BF%BF'), 400);
    refused(await handler.get('/complaints?q=%FF'), 400);
    const many = Array.from({ length: 1_000 }, (_, index) => `limit=${index % 2}`).join('&');
    refused(await handler.get(`/complaints?${many}&unknownAfterTheThousandth=1`), 400, 'unknownAfterTheThousandth');
  });

  it.each([
    ['a week date', '/complaints?dueBefore=2025-W01'],
    ['the basic format', '/complaints?receivedFrom=20250101'],
    ['an ordinal date', '/complaints?receivedTo=2025-032'],
    ['a week date as ?at=', `/complaints/{id}/state?at=2025-W01`],
    ['hour 99', '/audit/packs?from=2025-01-01T99:00Z&to=2025-01-02T00:00Z'],
  ])('refuses %s where an instant is due with 400 (new Date(...).toISOString() threw: 500)', async (_case, path) => {
    const auditor = await api.as('auditor');
    refused(await auditor.get(path.replace('{id}', complaintId)), 400);
  });

  it('refuses instants whose fields do not exist instead of rolling them over (2025-02-30 was 2 March)', async () => {
    refused(await (await api.as('supervisor.hq')).get('/reports/sla?from=2025-02-30T00:00:00Z'), 400, 'from');
    refused(await handler.post('/complaints', complaintBody({ receivedAt: '2025-01-01T24:00:00Z' })), 400, 'receivedAt');
    refused(await handler.post('/complaints', complaintBody({ receivedAt: '2025-03-01T08:00:00' })), 400, 'receivedAt');
  });

  it('refuses a list cursor that decodes to null or an array (read .id of null: 500)', async () => {
    for (const content of ['null', '[]', '"x"']) refused(await handler.get(`/complaints?cursor=${Buffer.from(content).toString('base64url')}`), 400, 'cursor');
  });

  it('refuses a registration without its customer or with an array for it (toCommand read a missing object: 500)', async () => {
    const { customer: _customer, ...withoutCustomer } = complaintBody();
    // Only an anonymous comment-book entry goes without a customer: elsewhere it is the workflow's 422.
    refused(await handler.post('/complaints', withoutCustomer), 422, 'customer');
    refused(await handler.post('/complaints', complaintBody({ customer: [{ name: '陈**' }] })), 400, 'customer');
    refused(await handler.post('/complaints', complaintBody({ resolvedOnSpot: {} })), 400, 'resolvedOnSpot.reply');
    refused(await handler.post('/complaints', complaintBody({ resolvedOnSpot: [] })), 400, 'resolvedOnSpot');
  });

  it('refuses a JSON array as the body of a command without payload (taken for "no body": the case was closed)', async () => {
    const replied = await registerComplaint(handler);
    await handler.post(`/complaints/${replied}/reply`, { responsibility: 'customer', text: '已解释', channel: 'phone' }).expect(200);
    await head.post(`/complaints/${replied}/verify`, { satisfied: true }).expect(200);
    events = await storedEventCount(api.app);
    refused(await head.post(`/complaints/${replied}/close`, []), 400, 'body');
  });

  it('refuses at once a minPosition beyond the store head (waited PROJECTION_WAIT_MS, then 503)', async () => {
    const started = Date.now();
    refused(await handler.get('/complaints?minPosition=99999999999999999999'), 400, 'minPosition', 'isRecordedPosition');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses calendars with unknown fields or ids that are no slug, and policy sets with a non-string description (they were stored)', async () => {
    const { id: _id, version: _version, ...calendar } = (await admin.get('/calendars/cn-mainland').expect(200)).body;
    refused(await admin.put('/calendars/cn-mainland', { ...calendar, holiday: ['2026-10-01'] }), 422);
    refused(await admin.put(`/calendars/${'x'.repeat(65)}`, calendar), 422);
    refused(await admin.put('/calendars/..%2Fetc', calendar), 422);
    const { version: _policyVersion, ...policySet } = (await admin.get('/sla/policies').expect(200)).body;
    refused(await admin.put('/sla/policies', { ...policySet, description: 5 }), 422);
  });

  it('answers what the HTTP parser refuses as problem+json too (431 for a URL over 16 KB, 400 for a malformed request; empty bodies before)', async () => {
    refused(await handler.get(`/complaints/${'%E2%80%AE'.repeat(3_000)}`), 431);
    const { port } = await new Promise<AddressInfo>((resolve) => {
      const server = api.app.getHttpServer();
      if (server.listening) resolve(server.address() as AddressInfo);
      else server.listen(0, '127.0.0.1', () => resolve(server.address() as AddressInfo));
    });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /complaints HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toMatch(/Content-Type: application\/problem\+json/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, title: '请求有误' });
  });
});
