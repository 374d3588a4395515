import type { Response } from 'supertest';
import { storedEventCount } from '../support/api-endpoints';
import { DEMO_PASSWORD, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody } from '../support/demo-requests';

const expectRateLimited = (response: Response, retryAfterSeconds: number): void => {
  expect(response.status).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.headers['retry-after']).toBe(String(retryAfterSeconds));
  expect(response.headers['ratelimit-remaining']).toBe('0');
  expect(response.body).toMatchObject({ status: 429, title: '请求过于频繁', type: expect.stringMatching(/rate-limited$/), retryAfter: retryAfterSeconds });
};

describe('request rate limits (5 per minute and principal)', () => {
  let api: ApiTestApp;
  let handler: ApiClient;
  let daoxi: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    handler = await api.as('handler.haicheng');
    daoxi = await api.as('handler.daoxi');
  });
  afterAll(() => api.close());
  // Every test starts with full allowances: a minute refills them all.
  beforeEach(() => api.clock.advanceMinutes(1));

  const spend = async (client: ApiClient, requests: number): Promise<void> => {
    for (let i = 0; i < requests; i++) {
      const response = await client.get('/categories').expect(200);
      expect(response.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': String(4 - i) });
    }
  };

  it('answers a user over the limit 429 problem+json with Retry-After, and records nothing', async () => {
    await spend(handler, 5);
    const before = await storedEventCount(api.app);
    const refused = await handler.post('/complaints', complaintBody());
    // 5 per minute: one request comes back every 12 s.
    expectRateLimited(refused, 12);
    expect(refused.headers['ratelimit-reset']).toBe('60');
    expect(await storedEventCount(api.app)).toBe(before);
  });

  it('leaves another user unaffected', async () => {
    await spend(handler, 5);
    expectRateLimited(await handler.get('/categories'), 12);
    await daoxi.get('/categories').expect(200);
  });

  it('serves the user again once time has refilled the allowance', async () => {
    await spend(handler, 5);
    expectRateLimited(await handler.get('/categories'), 12);
    api.clock.advanceMs(11_000);
    expectRateLimited(await handler.get('/categories'), 1);
    api.clock.advanceMs(1_000);
    await handler.get('/categories').expect(200);
    api.clock.advanceMinutes(1);
    await spend(handler, 5);
  });

  it('limits requests without a valid token by client address, apart from signed-in users', async () => {
    for (let i = 0; i < 5; i++) await api.anonymous().get('/categories').expect(401);
    expectRateLimited(await api.anonymous().get('/categories').set('Authorization', 'Bearer forged.token.value'), 12);
    await handler.get('/categories').expect(200);
  });

  it('never limits the health endpoints', async () => {
    for (let i = 0; i < 6; i++) await api.anonymous().get('/categories');
    expect((await api.anonymous().get('/categories')).status).toBe(429);
    for (let i = 0; i < 20; i++) {
      await api.anonymous().get('/health/live').expect(200);
      const ready = await api.anonymous().get('/health/ready').expect(200);
      expect(ready.headers['ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('sign-in attempts (3 per minute and client address and username)', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '3' } });
  });
  afterAll(() => api.close());

  const signIn = (username: string, password: string) => api.anonymous().post('/auth/token').send({ username, password });

  it('refuses attempts over the limit with 429 even with the right password, for that username only, until time passes', async () => {
    for (let i = 0; i < 3; i++) await signIn('head.haicheng', `guess-${i}`).expect(401);
    expectRateLimited(await signIn('head.haicheng', DEMO_PASSWORD), 20);
    await signIn('auditor', DEMO_PASSWORD).expect(200);
    api.clock.advanceMs(20_000);
    await signIn('head.haicheng', DEMO_PASSWORD).expect(200);
    expectRateLimited(await signIn('head.haicheng', DEMO_PASSWORD), 20);
  });
});
