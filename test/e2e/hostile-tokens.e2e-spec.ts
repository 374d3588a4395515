import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@duban/identity';
import type { Response } from 'supertest';
import { fillPath, listEndpoints, storedEventCount, type Endpoint } from '../support/api-endpoints';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { CaseFactory } from '../support/access-matrix/case-factory';
import { HOME_UNIT, matrixUser, MATRIX_ORG_FILE, MATRIX_PASSWORD, MATRIX_SLA_POLICIES, send, signIn, type HttpCall } from '../support/access-matrix/matrix-org';
import { REQUESTS, type SlaReference } from '../support/access-matrix/matrix-requests';

// Generous: a loaded two-core machine shares this suite with others.
jest.setTimeout(60_000);

const JWT_SECRET = 'hostile-tokens-e2e-secret-long-enough-for-hs256';
const OTHER_BRANCH = 'south';
/** Every route on one complaint, finding or inspection. */
const CASE_ROUTE = /^\/(complaints|findings|inspections)\/\{id\}/;

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac =
  (hash: 'sha256' | 'sha384' | 'sha512', key: string) =>
  (input: string): string =>
    createHmac(hash, key).update(input).digest('base64url');
/** A JWT with any header, claims and signature: what an attacker can make without the secret, or with it. */
const forge = (header: object, claims: object, sign: (input: string) => string): string => {
  const input = `${base64url(header)}.${base64url(claims)}`;
  return `${input}.${sign(input)}`;
};
const partsOf = (token: string): { header: string; payload: string; signature: string; claims: Record<string, unknown> } => {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return { header, payload, signature, claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) };
};
const HS256 = { alg: 'HS256', typ: 'JWT' };
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** 401 problem+json pointing to the Bearer scheme (RFC 6750 §3). */
function expectUnauthenticated(response: Response, what: string): void {
  expect({ what, status: response.status }).toEqual({ what, status: 401 });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['www-authenticate']).toBe('Bearer realm="duban"');
}

describe('Hostile tokens and headers: refused with 401, nothing stored', () => {
  let api: ApiTestApp;
  let cases: CaseFactory;
  let genuine: string;
  let ownCase: string;

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: MATRIX_SLA_POLICIES, env: { ORG_CONFIG_FILE: MATRIX_ORG_FILE, JWT_SECRET } });
    cases = await CaseFactory.start(api);
    genuine = await signIn(api, matrixUser('handler'));
    ownCase = await cases.complaint(HOME_UNIT);
  });
  afterAll(() => api?.close());

  /** A read and a command on the handler's own case: both would succeed with the genuine token. */
  const readAndWrite = (authorize: (call: HttpCall) => Promise<Response>): Promise<Response[]> =>
    Promise.all([authorize({ method: 'GET', path: `/complaints/${ownCase}` }), authorize({ method: 'POST', path: `/complaints/${ownCase}/notes`, body: { text: '核实中' } })]);
  const withToken =
    (token: string) =>
    (call: HttpCall): Promise<Response> =>
      send(api, token, call);

  /** Runs the requests and proves they stored nothing. */
  const storingNothing = async <T>(requests: () => Promise<T>): Promise<T> => {
    const before = await storedEventCount(api.app);
    const result = await requests();
    expect(await storedEventCount(api.app)).toBe(before);
    return result;
  };

  it("serves the genuine token, so each refusal below is the token's doing", async () => {
    const [read, write] = await readAndWrite(withToken(genuine));
    expect([read.status, write.status]).toEqual([200, 200]);
  });

  describe('tokens not signed by us, or not as we sign them', () => {
    const genuineParts = () => partsOf(genuine);
    const claims = () => genuineParts().claims;
    it.each<[string, () => string]>([
      ['expired (signed with the real secret)', () => forge(HS256, { ...claims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }, hmac('sha256', JWT_SECRET))],
      ['signed with another secret', () => forge(HS256, claims(), hmac('sha256', 'another-secret-that-is-long-enough-for-hs256'))],
      ['alg none without a signature', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${genuineParts().payload}.`],
      ['alg none keeping the genuine signature', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${genuineParts().payload}.${genuineParts().signature}`],
      ['HS512 signed with the real secret', () => forge({ alg: 'HS512', typ: 'JWT' }, claims(), hmac('sha512', JWT_SECRET))],
      ['HS384 signed with the real secret', () => forge({ alg: 'HS384', typ: 'JWT' }, claims(), hmac('sha384', JWT_SECRET))],
      ['RS256 header, HMAC with the secret as the "public key"', () => forge({ alg: 'RS256', typ: 'JWT' }, claims(), hmac('sha256', JWT_SECRET))],
      ['role changed in the payload, signature kept', () => `${genuineParts().header}.${base64url({ ...claims(), role: 'admin' })}.${genuineParts().signature}`],
      ['unitId changed in the payload, signature kept', () => `${genuineParts().header}.${base64url({ ...claims(), unitId: 'hq' })}.${genuineParts().signature}`],
      [
        'another user in the payload, signature kept',
        () => `${genuineParts().header}.${base64url({ ...claims(), sub: matrixUser('supervisor'), role: 'supervisor' })}.${genuineParts().signature}`,
      ],
      [
        'a later expiry in the payload, signature kept',
        () => `${genuineParts().header}.${base64url({ ...claims(), exp: nowSeconds() + 86_400 * 365 })}.${genuineParts().signature}`,
      ],
      [
        'no expiry (signed with the real secret)',
        () => forge(HS256, { sub: claims().sub, role: claims().role, unitId: claims().unitId, name: claims().name, iat: nowSeconds() }, hmac('sha256', JWT_SECRET)),
      ],
      ['header and payload without a signature part', () => `${genuineParts().header}.${genuineParts().payload}`],
      ['not a JWT at all', () => 'not-a-jwt'],
    ])('refuses a token %s', async (what, makeToken) => {
      const responses = await storingNothing(() => readAndWrite(withToken(makeToken())));
      for (const response of responses) expectUnauthenticated(response, what);
      if (what.startsWith('expired')) expect(responses[0].body.detail ?? responses[0].body.message).toMatch(/已过期/);
    });
  });

  describe('genuine signatures on claims the user directory does not confirm', () => {
    const signed = (changes: Record<string, unknown>): string =>
      forge(HS256, { ...partsOf(genuine).claims, iat: nowSeconds(), exp: nowSeconds() + 600, ...changes }, hmac('sha256', JWT_SECRET));
    it.each<[string, Record<string, unknown>]>([
      ['the role escalated to admin', { role: 'admin' }],
      ['the role escalated to auditor', { role: 'auditor' }],
      ['the unit escalated to head office', { unitId: 'hq' }],
      ['the unit moved to another branch', { unitId: OTHER_BRANCH }],
      ['a role that does not exist', { role: 'root' }],
      ['a user who does not exist', { sub: 'former.employee' }],
      ['no subject', { sub: undefined }],
    ])('refuses %s', async (what, changes) => {
      const responses = await storingNothing(() => readAndWrite(withToken(signed(changes))));
      for (const response of responses) {
        expectUnauthenticated(response, what);
        expect(response.body.detail ?? response.body.message).toMatch(/账号已不再有效/);
      }
    });
  });

  describe('malformed Authorization headers, and tokens anywhere but there', () => {
    const withHeaders =
      (headers: Record<string, string>, query?: Record<string, string>) =>
      (call: HttpCall): Promise<Response> => {
        let test = send(api, undefined, { ...call, query });
        for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
        return test;
      };
    it.each<[string, () => Parameters<typeof withHeaders>]>([
      ['the token without a scheme', () => [{ Authorization: genuine }]],
      ['Basic credentials of a real user', () => [{ Authorization: `Basic ${Buffer.from(`${matrixUser('handler')}:${MATRIX_PASSWORD}`).toString('base64')}` }]],
      ['the scheme without a token', () => [{ Authorization: 'Bearer' }]],
      ['two tokens in one header', () => [{ Authorization: `Bearer ${genuine} ${genuine}` }]],
      ['two Bearer credentials, comma-separated', () => [{ Authorization: `Bearer ${genuine}, Bearer ${genuine}` }]],
      ['a huge token (8 KiB)', () => [{ Authorization: `Bearer ${genuine}${'A'.repeat(8 * 1024)}` }]],
      ['the token in the query string', () => [{}, { access_token: genuine, token: genuine }]],
      ['the token in a cookie', () => [{ Cookie: `access_token=${genuine}; Authorization=Bearer%20${genuine}` }]],
    ])('refuses %s', async (what, headers) => {
      const responses = await storingNothing(() => readAndWrite(withHeaders(...headers())));
      for (const response of responses) expectUnauthenticated(response, what);
    });

    it("answers a header beyond the HTTP server's limit (16 KiB) with 431 before the app sees it, storing nothing", async () => {
      // Node's HTTP parser refuses the request before any route runs, so no problem+json can be written.
      const [read, write] = await storingNothing(() => readAndWrite(withHeaders({ Authorization: `Bearer ${'A'.repeat(20 * 1024)}` })));
      expect([read.status, write.status]).toEqual([431, 431]);
    });
  });

  describe("another branch's case: exactly like an unknown id", () => {
    let endpoints: Endpoint[];
    let sla: SlaReference;

    beforeAll(async () => {
      endpoints = (await listEndpoints(api.app)).filter((endpoint) => CASE_ROUTE.test(endpoint.path));
      // Case routes take no SLA rules.
      sla = { policySet: {}, calendar: {}, ics: '' };
    });

    /** Each route on a case at the other branch, prepared as for the access matrix, and the same request on an unknown id. */
    const hiddenAndUnknown = async (endpoint: Endpoint, role: Role): Promise<[HttpCall, HttpCall]> => {
      const parts = await REQUESTS[endpoint.key]({ unitId: OTHER_BRANCH, username: matrixUser(role), cases, sla, api });
      const call = (id: string): HttpCall => ({
        method: endpoint.method,
        path: fillPath(endpoint.path, { ...parts.params, id }),
        query: parts.query,
        body: parts.body,
        contentType: parts.contentType,
      });
      return [call(parts.params!.id), call(randomUUID())];
    };
    const answerOf = (response: Response, id: string) => ({
      status: response.status,
      type: response.body?.type,
      title: response.body?.title,
      detail: String(response.body?.detail ?? '').replaceAll(id, '<id>'),
    });

    it.each<Role>(['handler', 'supervisor'])(
      "a %s of one branch gets 404 for the other branch's case on every case route, as for an unknown id, and nothing is stored",
      async (role) => {
        const token = await signIn(api, matrixUser(role));
        const differences: string[] = [];
        const statuses = new Map<string, number>();
        const pairs = await Promise.all(endpoints.map((endpoint) => hiddenAndUnknown(endpoint, role)));
        await storingNothing(async () => {
          for (const [index, endpoint] of endpoints.entries()) {
            const [hidden, unknown] = pairs[index];
            const hiddenAnswer = answerOf(await send(api, token, hidden), hidden.path.split('/')[2]);
            const unknownAnswer = answerOf(await send(api, token, unknown), unknown.path.split('/')[2]);
            statuses.set(endpoint.key, hiddenAnswer.status);
            if (JSON.stringify(hiddenAnswer) !== JSON.stringify(unknownAnswer))
              differences.push(`${endpoint.key}: ${JSON.stringify(hiddenAnswer)} vs ${JSON.stringify(unknownAnswer)}`);
          }
        });
        expect(differences).toEqual([]);
        // 403 only where the refusal does not depend on the case: a route the role may not use at all, or a finding raised in a unit the body names outside one's own.
        const refusedWhatever =
          role === 'handler' ? ['GET /complaints/{id}/audit-pack', 'GET /findings/{id}/audit-pack', 'POST /inspections/{id}/findings'] : ['POST /inspections/{id}/findings'];
        const expected = new Map(endpoints.map((endpoint) => [endpoint.key, refusedWhatever.includes(endpoint.key) ? 403 : 404]));
        expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(expected));
        expect(endpoints.length).toBeGreaterThan(30);
      },
      120_000,
    );
  });

  describe('a user removed from, or moved in, the organisation file', () => {
    it("refuses their still unexpired tokens after a restart, while an unchanged colleague's token keeps working", async () => {
      const [removed, moved, unchanged] = await Promise.all(['handler', 'unit_head', 'supervisor'].map((role) => signIn(api, matrixUser(role as Role))));
      const organisation = JSON.parse(readFileSync(MATRIX_ORG_FILE, 'utf8')) as { users: { username: string; unitId: string }[] };
      organisation.users = organisation.users
        .filter((user) => user.username !== matrixUser('handler'))
        .map((user) => (user.username === matrixUser('unit_head') ? { ...user, unitId: 'north-east' } : user));
      const changedFile = join(tmpdir(), `duban-org-${randomUUID()}.json`);
      writeFileSync(changedFile, JSON.stringify(organisation));
      const restarted = await startApiTestApp({ slaPolicyFile: MATRIX_SLA_POLICIES, env: { ORG_CONFIG_FILE: changedFile, JWT_SECRET } });
      try {
        const before = await storedEventCount(restarted.app);
        for (const [who, token] of [
          ['removed', removed],
          ['moved', moved],
        ] as const) {
          for (const call of [
            { method: 'GET', path: '/queues/mine' },
            { method: 'POST', path: '/complaints', body: { type: 'complaint' } },
          ]) {
            const response = await send(restarted, token, call);
            expectUnauthenticated(response, `${who}: ${call.method} ${call.path}`);
            expect(response.body.detail ?? response.body.message).toMatch(/账号已不再有效/);
          }
        }
        expect((await send(restarted, unchanged, { method: 'GET', path: '/queues/mine' })).status).toBe(200);
        expect(await storedEventCount(restarted.app)).toBe(before);
      } finally {
        await restarted.close();
        rmSync(changedFile, { force: true });
      }
    });
  });
});
