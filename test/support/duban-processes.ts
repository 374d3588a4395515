import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { DEMO_PASSWORD, type DemoUser } from './demo-data';

/**
 * The real API and worker (apps/{api,worker}/src/main.ts) as child processes, so that tests can
 * SIGKILL them mid-flight. They run from the TypeScript sources through ts-node-launcher.js.
 */
const ROOT = resolve(__dirname, '../..');
const LAUNCHER = join(__dirname, 'ts-node-launcher.js');
const ENTRIES = { api: 'apps/api/src/main.ts', worker: 'apps/worker/src/main.ts' } as const;
const START_TIMEOUT_MS = 60_000;
const GRACEFUL_STOP_MS = 10_000;

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface DubanProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  /** What it printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends the signal (SIGKILL unless told; SIGKILL anyway after 10 s) and resolves once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface ApiProcess extends DubanProcess {
  readonly url: string;
  readonly http: HttpClient;
}

/** Every process started here that may still run, so that afterAll can end them even after a failure. */
const running = new Set<DubanProcess>();

export async function killAllStarted(): Promise<void> {
  await Promise.all([...running].map((child) => child.kill('SIGKILL')));
}

/** The settings both apps share in a crash test: one DATA_DIR, one Redis and key prefix, no Redis of their own. */
export function processEnv(settings: { dataDir: string; redisUrl: string; queuePrefix: string; slaPolicyFile: string; extra?: Record<string, string> }): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATA_DIR: settings.dataDir,
    REDIS_URL: settings.redisUrl,
    REDIS_AUTOSTART: 'false',
    // FULL: the tests claim that what was acknowledged survives, so run with the shipped durability.
    SQLITE_SYNCHRONOUS: 'FULL',
    SLA_POLICY_FILE: settings.slaPolicyFile,
    SLA_CALENDARS_DIR: join(ROOT, 'config/sla/calendars'),
    CHECKLISTS_DIR: join(ROOT, 'config/checklists'),
    SCORING_SCHEMES_DIR: join(ROOT, 'config/scoring'),
    QUEUE_PREFIX: settings.queuePrefix,
    ...settings.extra,
  };
}

function spawnDuban(app: keyof typeof ENTRIES, env: Record<string, string>, nodeArgs: string[] = []): DubanProcess {
  return spawnTypeScriptEntry(ENTRIES[app], env, nodeArgs);
}

/**
 * Any TypeScript entry point of the repository (path from its root) as a child process, e.g. a
 * benchmark's reference server; `nodeArgs` go to node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export function spawnTypeScriptEntry(entry: string, env: Record<string, string>, nodeArgs: string[] = []): DubanProcess {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, LAUNCHER, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<Exit>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const process_: DubanProcess = {
    pid: child.pid!,
    exited,
    output: () => output,
    kill: (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A graceful stop that does not finish in time is not waited for.
      const forced = signal === 'SIGKILL' ? undefined : setTimeout(() => child.kill('SIGKILL'), GRACEFUL_STOP_MS);
      return exited.finally(() => clearTimeout(forced));
    },
  };
  running.add(process_);
  void exited.then(() => running.delete(process_));
  return process_;
}

export async function waitForStart(child: DubanProcess, started: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let exit: Exit | undefined;
  void child.exited.then((value) => (exit = value));
  while (!(await started())) {
    if (exit) throw new Error(`${what} exited (${JSON.stringify(exit)}) before it was up:\n${child.output()}`);
    if (Date.now() > deadline) {
      await child.kill();
      throw new Error(`${what} did not come up within ${START_TIMEOUT_MS} ms:\n${child.output()}`);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

/** Starts the API on `port` (a free one by default) and resolves once /health/ready answers 200. */
export async function startApiProcess(env: Record<string, string>, port?: number, nodeArgs: string[] = []): Promise<ApiProcess> {
  const chosenPort = port ?? (await freePort());
  const child = spawnDuban('api', { ...env, PORT: String(chosenPort) }, nodeArgs);
  const url = `http://127.0.0.1:${chosenPort}`;
  const http = new HttpClient(url);
  await waitForStart(child, async () => (await http.get('/health/ready').catch(() => undefined))?.status === 200, 'The API');
  return { ...child, url, http };
}

/** Starts the worker and resolves once it says it runs (after its reconcile at start-up). */
export async function startWorkerProcess(env: Record<string, string>): Promise<DubanProcess> {
  const child = spawnDuban('worker', env);
  await waitForStart(child, () => child.output().includes('Worker running'), 'The worker');
  return child;
}

/** Spawns the worker without waiting: a test that kills it during its reconcile at start-up must not wait for the end of it. */
export function spawnWorkerProcess(env: Record<string, string>): DubanProcess {
  return spawnDuban('worker', env);
}

export type HttpAnswer = { status: number; body: any; headers: Headers };

/** A small fetch client; requests to a killed API reject (connection refused or reset). */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  async as(user: DemoUser): Promise<HttpClient> {
    const answer = await this.post('/auth/token', { username: user, password: DEMO_PASSWORD });
    if (answer.status !== 200) throw new Error(`Could not sign in as ${user}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return new HttpClient(this.baseUrl, answer.body.accessToken as string);
  }

  /** The same user against another base URL (the API restarted elsewhere). */
  at(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.token);
  }

  get(path: string): Promise<HttpAnswer> {
    return this.request('GET', path);
  }

  post(path: string, body: object, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.request('POST', path, body, headers);
  }

  private async request(method: string, path: string, body?: object, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
}
