import { stat } from 'node:fs/promises';
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/** Short enough for a test; the server keeps idle connections this long and tells clients 5 s less. */
const IDLE_TIMEOUT_MS = 10_000;

type Outcome = { status: number; keepAlive: string | string[] | undefined; reusedSocket: boolean } | { error: string };

/** One GET over `agent`; `whileSent` runs once the request is on the wire, before its answer is read. */
function getLive(agent: Agent, port: number, whileSent?: () => void): Promise<Outcome> {
  return new Promise((resolveOutcome) => {
    const request = get({ agent, host: '127.0.0.1', port, path: '/health/live' }, (response) => {
      response.resume();
      response.on('end', () => resolveOutcome({ status: response.statusCode ?? 0, keepAlive: response.headers['keep-alive'], reusedSocket: request.reusedSocket }));
    });
    request.on('error', (error) => resolveOutcome({ error: error.message }));
    // The request is written on the tick that emits 'socket'; the next tick comes before any answer is read.
    if (whileSent) request.on('socket', () => process.nextTick(whileSent));
  });
}

/** The server's process stalls (a long collection, a starved CPU): nothing of it runs for `ms`. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const pause = (ms: number) => new Promise((resolvePause) => setTimeout(resolvePause, ms));

describe('keep-alive connections under steady load across the idle timeout', () => {
  let api: ApiTestApp;
  let port: number;
  beforeAll(async () => {
    api = await startApiTestApp({ env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) } });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  it('never closes a connection a request was sent on, even when the server stalls just then', async () => {
    // As undici (fetch) and Node's agents with a timeout do: idle sockets are reused up to the announced timeout less a second.
    const agent = new Agent({ keepAlive: true, maxSockets: 4, timeout: 60_000 });
    const outcomes: Outcome[] = [];
    const straddling: Outcome[] = [];
    try {
      for (let round = 0; round < 2; round += 1) {
        // Steady load: 4 clients, 25 requests each, back to back.
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let sent = 0; sent < 25; sent += 1) outcomes.push(await getLive(agent, port));
          }),
        );
        // Idle just inside the client's window (the announced 5 s less its second), then a request
        // during which the server stalls past the 6 s after which Node's default (5 s, and the
        // second Node adds) closes an idle connection: only a longer idle timeout keeps it.
        // Sent from an I/O callback, as a busy server's stalls are: its idle timers run before it
        // reads the sockets again.
        await pause(3_800);
        await stat(__filename);
        straddling.push(await getLive(agent, port, () => stall(3_000)));
      }
    } finally {
      agent.destroy();
    }

    expect([...outcomes, ...straddling].filter((outcome) => 'error' in outcome || outcome.status !== 200)).toEqual([]);
    expect(straddling).toEqual(straddling.map(() => ({ status: 200, keepAlive: `timeout=${(IDLE_TIMEOUT_MS - 5_000) / 1_000}`, reusedSocket: true })));
    expect(api.app.getHttpServer().keepAliveTimeout).toBe(IDLE_TIMEOUT_MS);
    expect(api.app.getHttpServer().headersTimeout).toBeGreaterThan(IDLE_TIMEOUT_MS);
  }, 30_000);
});
