import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export class PostgresUnavailableError extends Error {
  constructor(url: string, reason: string) {
    super(
      `Nothing answers at ${url} (${reason}) and no PostgreSQL server binaries were found to start one.\n` +
        'Install PostgreSQL (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql`) ' +
        'or point DATABASE_URL at a running server.',
    );
    this.name = 'PostgresUnavailableError';
  }
}

export interface EnsuredPostgres {
  url: string;
  /** True when this process started the server and owns its lifetime. */
  startedHere: boolean;
  stop(): Promise<void>;
  /** Starts a server this process started and stopped again (a restart in a test); a no-op for one found running. */
  start(): Promise<void>;
}

export interface EnsurePostgresOptions {
  url: string;
  /** The private server's cluster and log go under `<dataDir>/postgres`. */
  dataDir: string;
  /** When false, a silent URL is an error instead of a reason to start a server. */
  autostart?: boolean;
  /** Where initdb and pg_ctl are; default: the newest /usr/lib/postgresql/<version>/bin, else PATH. */
  binDir?: string;
  /** Install Debian's postgresql package when no binaries exist and this process is root. Default true. */
  installWhenRoot?: boolean;
}

/** Resolves to null when a server answers at `url`, otherwise to the reason it does not. */
export async function probePostgres(url: string, timeoutMs = 2_000): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes sure a PostgreSQL answers at `url`, as ensureRedis does for Redis. If one does, it is used
 * as is. If none does and the URL points at this machine, a private server is started with initdb
 * and pg_ctl (trust authentication, listening on 127.0.0.1 at the URL's port) and the URL's
 * database created; Debian's package is installed first when the binaries are missing and this
 * process is root. Otherwise a PostgresUnavailableError says how to get one.
 */
export async function ensurePostgres(options: EnsurePostgresOptions): Promise<EnsuredPostgres> {
  const reason = await probePostgres(options.url);
  if (reason === null) return { url: options.url, startedHere: false, stop: async () => undefined, start: async () => undefined };

  const parsed = new URL(options.url);
  if (options.autostart === false || !['127.0.0.1', 'localhost'].includes(parsed.hostname)) throw new PostgresUnavailableError(options.url, reason);
  let binDir = options.binDir === undefined ? findBinDir() : hasServerBinaries(options.binDir) ? options.binDir : undefined;
  if (binDir === undefined && options.installWhenRoot !== false && isRoot() && installDebianPostgres()) binDir = findBinDir();
  if (binDir === undefined) throw new PostgresUnavailableError(options.url, reason);

  const dataDir = join(options.dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  // initdb and the server refuse to run as root: as root they run as Debian's postgres user.
  const runAs = isRoot() ? ['runuser', '-u', 'postgres', '--'] : [];
  if (isRoot()) {
    // The postgres user must reach its directory through the (often private) temp directory.
    chmodSync(options.dataDir, 0o711);
    chownSync(dataDir, postgresId('-u'), postgresId('-g'));
  }
  const run = (binary: string, args: string[]) => {
    const [command, ...rest] = [...runAs, join(binDir, binary), ...args];
    const result = spawnSync(command, rest, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  };
  const user = decodeURIComponent(parsed.username || 'postgres');
  run('initdb', ['-D', join(dataDir, 'cluster'), '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = parsed.port || '5432';
  const start = async () =>
    run('pg_ctl', ['-D', join(dataDir, 'cluster'), '-l', join(dataDir, 'server.log'), '-w', '-o', `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`, 'start']);
  await start();
  const stop = async () => run('pg_ctl', ['-D', join(dataDir, 'cluster'), '-m', 'fast', '-w', 'stop']);
  try {
    await createDatabase(parsed);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: options.url, startedHere: true, stop, start };
}

function hasServerBinaries(binDir: string): boolean {
  return existsSync(join(binDir, 'initdb')) && existsSync(join(binDir, 'pg_ctl'));
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((version) => hasServerBinaries(join(root, version, 'bin')));
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (newest !== undefined) return join(root, newest, 'bin');
  }
  const fromPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = fromPath.status === 0 ? fromPath.stdout.trim() : '';
  return bindir && hasServerBinaries(bindir) ? bindir : undefined;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function installDebianPostgres(): boolean {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'ignore', env });
  return spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', env }).status === 0;
}

function postgresId(which: '-u' | '-g'): number {
  return Number(spawnSync('id', [which, 'postgres'], { encoding: 'utf8' }).stdout.trim());
}

/** The URL's database, in the fresh cluster, where only `postgres` exists. */
async function createDatabase(url: URL): Promise<void> {
  const database = decodeURIComponent(url.pathname.slice(1)) || 'postgres';
  if (database === 'postgres') return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
