import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import { SHIPPED_POLICIES } from '../../test/support/crash-scenarios';
import { complaintBody, DEMO_PASSWORD, type DemoUser } from '../../test/support/demo-data';
import { processEnv, spawnTypeScriptEntry, startApiProcess, waitForStart, type DubanProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, freePort, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { median, percentile } from '../support/measure';

/**
 * Issue 8, figure 3: the realistic command mix (register, reply, verify) against the real API as a
 * child process, beside a bare NestJS endpoint on the same server setup, both driven by the same
 * closed-loop load generator in this process, interleaved; then the mix open-loop at half the
 * measured peak for the p99 latency. The generator shares the machine's CPUs with the server.
 */
const SETTINGS = {
  smoke: { rounds: 2, roundMs: 2_000, openLoopMs: 3_000 },
  full: { rounds: 5, roundMs: 10_000, openLoopMs: 20_000 },
} as const;
/** Concurrent keep-alive connections of the closed loop. */
const CONNECTIONS = 16;
const REPLY = { responsibility: 'customer', text: '已致歉并说明。', channel: 'phone' };
const VERIFY = { satisfied: true, note: '客户表示满意' };

type Answer = { status: number; body: any };

/**
 * One JSON POST over a keep-alive agent (node:http: fetch's pool is not ours to size). A request on
 * a reused socket that the server closed as idle meanwhile is sent once more with the same
 * Idempotency-Key, as Node's documentation advises: the server records a command at most once.
 */
function postJson(agent: Agent, port: number, path: string, body: object, token?: string): Promise<Answer> {
  const payload = Buffer.from(JSON.stringify(body));
  const idempotencyKey = randomUUID();
  return sendJson(agent, port, path, payload, idempotencyKey, token).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
    if (error.code === 'ECONNRESET' && error.reusedSocket) return sendJson(agent, port, path, payload, idempotencyKey, token);
    throw error;
  });
}

function sendJson(agent: Agent, port: number, path: string, payload: Buffer, idempotencyKey: string, token?: string): Promise<Answer> {
  return new Promise((resolveAnswer, reject) => {
    const outgoing = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          'idempotency-key': idempotencyKey,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolveAnswer({ status: incoming.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', (error) => reject(Object.assign(error, { reusedSocket: outgoing.reusedSocket })));
    outgoing.end(payload);
  });
}

function expectSuccess(answer: Answer, what: string): Answer {
  if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer;
}

/** The commands of the mix, each by the user the four-eyes rule wants: the handler registers and replies, the head verifies. */
class CommandMix {
  constructor(
    private readonly port: number,
    private readonly tokens: Record<'handler' | 'head', string>,
  ) {}

  static async signIn(port: number, agent: Agent): Promise<CommandMix> {
    const token = async (username: DemoUser) =>
      expectSuccess(await postJson(agent, port, '/auth/token', { username, password: DEMO_PASSWORD }), `sign-in of ${username}`).body.accessToken as string;
    return new CommandMix(port, { handler: await token('handler.haicheng'), head: await token('head.haicheng') });
  }

  async register(agent: Agent): Promise<string> {
    return expectSuccess(await postJson(agent, this.port, '/complaints', complaintBody(), this.tokens.handler), 'register').body.id as string;
  }

  async reply(agent: Agent, id: string): Promise<void> {
    expectSuccess(await postJson(agent, this.port, `/complaints/${id}/reply`, REPLY, this.tokens.handler), 'reply');
  }

  async verify(agent: Agent, id: string): Promise<void> {
    expectSuccess(await postJson(agent, this.port, `/complaints/${id}/verify`, VERIFY, this.tokens.head), 'verify');
  }
}

/** CPU time (user and system, all threads) the process `pid` has used so far, in ms; Linux's /proc. */
function cpuMsOf(pid: number): number {
  // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th of them.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
/** Linux's USER_HZ, which /proc/<pid>/stat counts in. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Closed loop: `CONNECTIONS` clients each send their next request as soon as the last answered.
 * Returns requests/s and the server's (`serverPid`) CPU per request, which other work on the machine
 * affects far less than the rate.
 */
async function closedLoop(
  durationMs: number,
  serverPid: number,
  oneClient: (agent: Agent, until: number, count: () => void) => Promise<void>,
): Promise<{ rate: number; cpuMsPerRequest: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let requests = 0;
  const cpuBefore = cpuMsOf(serverPid);
  const startedAt = performance.now();
  const until = startedAt + durationMs;
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, () => oneClient(agent, until, () => (requests += 1))));
    return { rate: requests / ((performance.now() - startedAt) / 1000), cpuMsPerRequest: (cpuMsOf(serverPid) - cpuBefore) / requests };
  } finally {
    agent.destroy();
  }
}

const mixClient = (mix: CommandMix) => async (agent: Agent, until: number, count: () => void) => {
  while (performance.now() < until) {
    const id = await mix.register(agent);
    count();
    await mix.reply(agent, id);
    count();
    await mix.verify(agent, id);
    count();
  }
};

const bareClient = (port: number) => async (agent: Agent, until: number, count: () => void) => {
  while (performance.now() < until) {
    expectSuccess(await postJson(agent, port, '/do-nothing', complaintBody()), 'do-nothing');
    count();
  }
};

/**
 * Open loop: requests start on a fixed schedule whether or not earlier ones answered, and each
 * latency counts from its scheduled start (no coordinated omission). Each arrival is the next step
 * of the mix: verify a replied complaint, else reply to a registered one, else register.
 */
async function openLoopLatencies(mix: CommandMix, ratePerSecond: number, durationMs: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const registered: string[] = [];
  const replied: string[] = [];
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  let failure: Error | undefined;
  const intervalMs = 1000 / ratePerSecond;
  const startedAt = performance.now();
  const arrive = async (scheduledAt: number) => {
    const toVerify = replied.shift();
    const toReply = toVerify === undefined ? registered.shift() : undefined;
    if (toVerify !== undefined) await mix.verify(agent, toVerify);
    else if (toReply !== undefined) {
      await mix.reply(agent, toReply);
      replied.push(toReply);
    } else registered.push(await mix.register(agent));
    latencies.push(performance.now() - scheduledAt);
  };
  try {
    let sent = 0;
    while (performance.now() < startedAt + durationMs) {
      const due = Math.floor((performance.now() - startedAt) / intervalMs) + 1;
      // Caught at once: a failure must not end the process before the finally blocks kill the servers.
      for (; sent < due; sent += 1)
        inFlight.push(arrive(startedAt + sent * intervalMs).catch((error: unknown) => void (failure ??= error instanceof Error ? error : new Error(String(error)))));
      await new Promise((resolveTick) => setImmediate(resolveTick));
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    return latencies;
  } finally {
    agent.destroy();
  }
}

/**
 * Issue 20: the same mix through a second API on PostgreSQL (DATABASE_URL, default the machine's
 * 127.0.0.1:5432/test, in a schema of its own, dropped afterwards) beside the SQLite API, interleaved.
 */
async function mixOnPostgresBesideSqlite(
  context: BenchContext,
  settings: (typeof SETTINGS)[BenchContext['size']],
  env: Record<string, string>,
  sqliteMix: CommandMix,
  sqliteApiPid: number,
  children: DubanProcess[],
): Promise<BenchRow> {
  const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_http_${process.pid}`;
  const dataDir = join(env.DATA_DIR, 'postgres-api');
  mkdirSync(dataDir);
  try {
    const api = await startApiProcess({
      ...env,
      DATA_DIR: dataDir,
      QUEUE_PREFIX: `${env.QUEUE_PREFIX}-pg`,
      EVENT_STORE: 'postgres',
      DATABASE_URL: connectionString,
      POSTGRES_SCHEMA: schema,
      // No worker runs here: the API builds the shared read models, as the SQLite API builds its own.
      PROJECTOR_CANDIDATES: 'all',
    });
    children.push(api);
    const postgresMix = await CommandMix.signIn(Number(new URL(api.url).port), new Agent({ keepAlive: false }));
    await closedLoop(1_000, api.pid, mixClient(postgresMix));
    const postgresRates: number[] = [];
    const sqliteRates: number[] = [];
    for (let round = 0; round < settings.rounds; round += 1) {
      const order = round % 2 === 0 ? [postgresMix, sqliteMix] : [sqliteMix, postgresMix];
      for (const mix of order) {
        const pid = mix === postgresMix ? api.pid : sqliteApiPid;
        (mix === postgresMix ? postgresRates : sqliteRates).push((await closedLoop(settings.roundMs, pid, mixClient(mix))).rate);
      }
      context.log(`http: round ${round + 1}: mix on PostgreSQL ${postgresRates.at(-1)!.toFixed(0)} req/s, on SQLite ${sqliteRates.at(-1)!.toFixed(0)} req/s`);
    }
    const value = median(postgresRates);
    const reference = median(sqliteRates);
    return {
      name: 'HTTP mix on PostgreSQL vs on SQLite (req/s, same load generator)',
      value,
      unit: 'req/s',
      reference,
      ratio: value / reference,
      target: 'ratio ≥ 0.7',
      met: value / reference >= 0.7,
    };
  } finally {
    const database = new Client({ connectionString });
    await database.connect();
    await database.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await database.end();
  }
}

async function startBareEndpoint(): Promise<{ port: number; process: DubanProcess }> {
  const port = await freePort();
  const child = spawnTypeScriptEntry('bench/support/bare-nest-endpoint.ts', { NODE_ENV: 'test', PORT: String(port) });
  await waitForStart(child, () => child.output().includes('Bare endpoint listening'), 'The bare endpoint');
  return { port, process: child };
}

const httpCommands: Benchmark = {
  id: 'http',
  title: 'HTTP commands (register, reply, verify) vs a bare NestJS endpoint',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const settings = SETTINGS[context.size];
    const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-http-'));
    const redisUrl = sharedRedisUrl();
    const queuePrefix = uniqueKeyPrefix('bench-http');
    const children: DubanProcess[] = [];
    const profileDir = process.env.BENCH_CPU_PROFILE;
    try {
      const env = processEnv({
        dataDir,
        redisUrl,
        queuePrefix,
        slaPolicyFile: SHIPPED_POLICIES,
        // Access logs at info would be one line per request into a pipe this process (the load generator) must drain.
        extra: { RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_ATTEMPTS_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
      });
      const api = await startApiProcess(env, undefined, profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`]);
      children.push(api);
      const bare = await startBareEndpoint();
      children.push(bare.process);
      const apiPort = Number(new URL(api.url).port);
      const mix = await CommandMix.signIn(apiPort, new Agent({ keepAlive: false }));

      context.log(
        `http: warming up both servers, then ${settings.rounds} interleaved rounds of ${settings.roundMs} ms at ${CONNECTIONS} connections (the load generator shares the 2 CPUs)`,
      );
      await closedLoop(1_000, api.pid, mixClient(mix));
      await closedLoop(1_000, bare.process.pid, bareClient(bare.port));
      const mixRounds: { rate: number; cpuMsPerRequest: number }[] = [];
      const bareRounds: { rate: number; cpuMsPerRequest: number }[] = [];
      for (let round = 0; round < settings.rounds; round += 1) {
        // Alternate which goes first, so neither always runs on a warmer or quieter machine.
        const order = round % 2 === 0 ? ['mix', 'bare'] : ['bare', 'mix'];
        for (const which of order) {
          if (which === 'mix') mixRounds.push(await closedLoop(settings.roundMs, api.pid, mixClient(mix)));
          else bareRounds.push(await closedLoop(settings.roundMs, bare.process.pid, bareClient(bare.port)));
        }
        const [mixRound, bareRound] = [mixRounds.at(-1)!, bareRounds.at(-1)!];
        context.log(
          `http: round ${round + 1}: mix ${mixRound.rate.toFixed(0)} req/s (API CPU ${mixRound.cpuMsPerRequest.toFixed(2)} ms/request), ` +
            `bare ${bareRound.rate.toFixed(0)} req/s (${bareRound.cpuMsPerRequest.toFixed(2)} ms/request)`,
        );
      }
      const mixRate = median(mixRounds.map((round) => round.rate));
      const bareRate = median(bareRounds.map((round) => round.rate));
      const mixCpu = median(mixRounds.map((round) => round.cpuMsPerRequest));
      const bareCpu = median(bareRounds.map((round) => round.cpuMsPerRequest));

      const halfPeak = mixRate / 2;
      context.log(`http: open loop at ${halfPeak.toFixed(0)} req/s (half the median peak) for ${settings.openLoopMs} ms`);
      const latencies = await openLoopLatencies(mix, halfPeak, settings.openLoopMs);
      const p99 = percentile(latencies, 99);
      context.log(`http: ${latencies.length} requests, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      const onPostgres = await mixOnPostgresBesideSqlite(context, settings, env, mix, api.pid, children);

      return [
        {
          name: 'HTTP mix vs bare endpoint (req/s, load generator on the same 2 CPUs)',
          value: mixRate,
          unit: 'req/s',
          reference: bareRate,
          ratio: mixRate / bareRate,
          target: 'ratio ≥ 0.5',
          met: mixRate / bareRate >= 0.5,
        },
        {
          name: 'HTTP mix: server CPU per request vs bare endpoint (ms, all threads)',
          value: mixCpu,
          unit: 'ms',
          reference: bareCpu,
          ratio: mixCpu / bareCpu,
          // #3's ratio ≥ 0.5 as CPU (a command at most twice a bare request), were the load generator's own CPU left out.
          target: '(≤ 2× reference)',
          met: mixCpu / bareCpu <= 2,
        },
        {
          name: `HTTP p99 at half peak (ms, open loop at ${halfPeak.toFixed(0)} req/s)`,
          value: p99,
          unit: 'ms',
          reference: null,
          ratio: null,
          target: 'p99 ≤ 25 ms',
          met: p99 <= 25,
        },
        onPostgres,
      ];
    } finally {
      // Node writes the CPU profile when the process exits, which SIGKILL would prevent.
      await Promise.all(children.map((child, index) => child.kill(profileDir !== undefined && index === 0 ? 'SIGTERM' : 'SIGKILL')));
      await deleteKeysWithPrefix(redisUrl, queuePrefix);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default httpCommands;
