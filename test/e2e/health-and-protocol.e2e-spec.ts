import { createServer, type Server, type Socket } from 'node:net';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

/** A local port with nothing listening: a Redis that is down. */
async function deadPort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A local port that accepts connections and never answers: a Redis behind a network that drops everything. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

describe('health', () => {
  describe('with the event store and Redis up', () => {
    let api: ApiTestApp;
    beforeAll(async () => {
      api = await startApiTestApp();
    });
    afterAll(() => api.close());

    it('answers /health/ready with 200 and each check up, without a token', async () => {
      const response = await api.anonymous().get('/health/ready').expect(200);
      expect(response.body).toEqual({
        status: 'ready',
        checks: { store: { status: 'up' }, redis: { status: 'up' }, 'calendar-horizon': { status: 'up' } },
        calendars: [{ calendarId: 'cn-mainland', version: 1, horizon: '2026-12-31', daysLeft: 668 }],
        projections: { position: '0', headPosition: '0', lag: '0' },
        queues: Object.fromEntries(['deadlines', 'deadline-sweeps', 'notifications'].map((queue) => [queue, { waiting: 0, delayed: 0, active: 0, failed: 0 }])),
      });
    });

    it('answers /health/live without a token', async () => {
      await api.anonymous().get('/health/live').expect(200, { status: 'live' });
    });

    it('serves the OpenAPI document', async () => {
      const response = await api.anonymous().get('/docs-json').expect(200);
      expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/health/ready', '/auth/token', '/complaints']));
    });
  });

  describe('with Redis down', () => {
    let api: ApiTestApp;
    beforeAll(async () => {
      api = await startApiTestApp({ redisUrl: `redis://127.0.0.1:${await deadPort()}`, slaPolicyFile: SHIPPED_SLA_POLICIES });
    });
    afterAll(() => api.close());

    it('answers /health/ready with 200 degraded, naming Redis as down and the store as up', async () => {
      const response = await api.anonymous().get('/health/ready').expect(200);
      expect(response.body).toMatchObject({ status: 'degraded', checks: { store: { status: 'up' }, redis: { status: 'down', reason: expect.any(String) } }, queues: null });
    });

    it('still takes commands that start clocks: the clocks are in the events, the worker schedules them later', async () => {
      const handler = await api.as('handler.haicheng');
      const id = await registerComplaint(handler);
      const view = await handler.get(`/complaints/${id}`).expect(200);
      expect(view.body.clocks.map((clock: { clockId: string }) => clock.clockId)).toEqual(expect.arrayContaining(['reply']));
    });

    it('still reports itself live', async () => {
      await api.anonymous().get('/health/live').expect(200);
    });
  });

  describe('with a Redis that accepts connections and never answers', () => {
    let api: ApiTestApp;
    let silent: Awaited<ReturnType<typeof silentServer>>;
    beforeAll(async () => {
      silent = await silentServer();
      api = await startApiTestApp({ redisUrl: `redis://127.0.0.1:${silent.port}`, slaPolicyFile: SHIPPED_SLA_POLICIES });
    });
    afterAll(async () => {
      await api.close();
      await silent.close();
    });

    it('takes a command that starts several clocks without hanging on their jobs, and answers degraded', async () => {
      const handler = await api.as('handler.haicheng');
      const startedAt = Date.now();
      const id = await registerComplaint(handler);
      // Each job waits at most the enqueue timeout (2 s), and they wait together; a hang would take the test's timeout.
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      expect((await handler.get(`/complaints/${id}`).expect(200)).body.clocks.length).toBeGreaterThan(1);
      expect((await api.anonymous().get('/health/ready').expect(200)).body).toMatchObject({ status: 'degraded', checks: { redis: { status: 'down' } } });
    });
  });
});

describe('HTTP protocol errors are problem+json', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    api = await startApiTestApp();
  });
  afterAll(() => api.close());

  it('refuses malformed JSON with 400', async () => {
    const response = await api.anonymous().post('/auth/token').set('Content-Type', 'application/json').send('{"username": "auditor",').expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 400, instance: '/auth/token' });
  });

  it('refuses a body over the size limit with 413 before parsing it', async () => {
    const response = await api
      .anonymous()
      .post('/auth/token')
      .send({ username: 'auditor', password: 'x'.repeat(70 * 1024) })
      .expect(413);
    expect(response.body).toMatchObject({ status: 413, title: '请求体过大' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await api.anonymous().get('/no-such-thing').expect(404);
    expect(response.body).toMatchObject({ status: 404, type: expect.stringMatching(/not-found$/) });
  });
});
