import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { probeRedis } from './redis-connections';

export class RedisUnavailableError extends Error {
  constructor(url: string, reason: string) {
    super(
      `Nothing answers at ${url} (${reason}) and no redis-server binary was found to start one.\n` +
        'Install Redis (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) ' +
        'or point REDIS_URL at a running server.',
    );
    this.name = 'RedisUnavailableError';
  }
}

export interface EnsuredRedis {
  url: string;
  /** True when this process started the server and owns its lifetime. */
  startedHere: boolean;
  stop(): Promise<void>;
}

export interface EnsureRedisOptions {
  url: string;
  /** The server's AOF and logs go under `<dataDir>/redis`. */
  dataDir: string;
  /** When false, a silent REDIS_URL is an error instead of a reason to start a server. */
  autostart?: boolean;
  redisServerBinary?: string;
  startTimeoutMs?: number;
}

function isLocal(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname);
}

function binaryExists(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure a Redis answers at `url`. If one does, it is used as is. If none does, the URL points
 * at this machine and a redis-server binary exists, one is started as a child process with AOF on,
 * so queued deadlines survive its restart. Otherwise a RedisUnavailableError says how to get one.
 */
export async function ensureRedis(options: EnsureRedisOptions): Promise<EnsuredRedis> {
  const reason = await probeRedis(options.url);
  if (reason === null) return { url: options.url, startedHere: false, stop: async () => undefined };

  const parsed = new URL(options.url);
  const binary = options.redisServerBinary ?? 'redis-server';
  if (options.autostart === false || !isLocal(parsed) || !binaryExists(binary)) {
    throw new RedisUnavailableError(options.url, reason);
  }

  const dir = join(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = parsed.port || '6379';
  const child = spawn(binary, ['--port', port, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--logfile', 'redis.log'], { stdio: 'ignore' });
  await waitUntilAnswering(options.url, child, options.startTimeoutMs ?? 10_000);
  return { url: options.url, startedHere: true, stop: () => stopChild(child) };
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reason: string | null = 'not started';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} before answering`);
    reason = await probeRedis(url, 500);
    if (reason === null) return;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer at ${url} within ${timeoutMs} ms: ${reason}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}
