import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteEventStore, type NewEvent } from '@duban/event-store';
import { deleteKeysWithPrefix, freePort, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { processEnv } from '../../test/support/duban-processes';
import type { Benchmark, BenchRow } from '../benchmark';
import { addNote, benchCommandHandler } from '../support/commands';
import { complaintEvents, fillStore } from '../support/generate';
import { ceilingRow, interleavedMedians, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';

const EVENTS_PER_CASE = 10;
const CATCH_UP_TIMEOUT_MS = 30 * 60_000;
const ROOT = join(__dirname, '../..');

/**
 * #6 growth. Command throughput: "add a note" commands on existing cases of a store holding the
 * large number of events against the same on a store holding 10,000, interleaved. API memory: the
 * real API (a separate process) on a DATA_DIR holding 100,000 cases, its resident set read from
 * /proc once its projection has caught up: built (`nest build api`, run as `npm run start:api`
 * runs it), the target, and from the TypeScript sources through the launcher, beside it.
 */
const growth: Benchmark = {
  id: 'growth',
  title: 'command throughput with a large store vs a small one; API memory after 100,000 cases',
  async run({ size, log }) {
    const smoke = size === 'smoke';
    const template = await complaintEvents(EVENTS_PER_CASE);
    const rows: BenchRow[] = [await throughputRow(template, smoke ? 1_000 : 10_000, smoke ? 20_000 : 1_000_000, smoke, log)];
    rows.push(...(await apiMemoryRows(smoke ? 2_000 : 100_000, log)));
    return rows;
  },
};

async function throughputRow(template: readonly NewEvent[], smallEvents: number, largeEvents: number, smoke: boolean, log: (message: string) => void): Promise<BenchRow> {
  const commandsPerRound = smoke ? 100 : 1_000;
  const rounds = smoke ? 3 : 5;
  const directory = temporaryDirectory('growth');
  const stores = [smallEvents, largeEvents].map((events) => {
    const file = join(directory.path, `events-${events}.sqlite`);
    return { events, cases: events / EVENTS_PER_CASE, file };
  });
  try {
    for (const { file, cases } of stores) {
      log(`generating ${cases} cases of ${EVENTS_PER_CASE} events`);
      const { store } = openSqliteEventStore({ file, synchronous: 'NORMAL' });
      await fillStore(store, template, cases, log);
      await store.close();
    }
    // Measured at the default durability, like every command the API runs.
    const [small, large] = stores.map(({ file, cases }) => {
      const { store } = openSqliteEventStore({ file });
      return { store, cases, commands: benchCommandHandler(store, directory.path) };
    });
    // Each round notes different cases, so that no stream grows much longer than its neighbours.
    const notes = (target: typeof small) => (round: number) =>
      ratePerSecond(async () => {
        for (let index = 0; index < commandsPerRound; index++) {
          await addNote(target.commands, `case-${(round * commandsPerRound + index) % target.cases}`, `growth-${round}-${index}`);
        }
        return commandsPerRound;
      });
    try {
      const { value, reference } = await interleavedMedians(rounds, notes(large), notes(small), log);
      return ratioRow(`#6 growth: commands with ${largeEvents} events in the store vs ${smallEvents}`, 'commands/s', value, reference, 0.8);
    } finally {
      await small.store.close();
      await large.store.close();
    }
  } finally {
    directory.remove();
  }
}

/** The built API and the API from its sources: how each is started. */
const API_BUILDS = [
  { label: 'built dist/ API', args: [join(ROOT, 'dist/apps/api/main.js')] },
  { label: 'API from the TypeScript sources (SWC in-process)', args: [join(ROOT, 'test/support/ts-node-launcher.js'), 'apps/api/src/main.ts'] },
];

/**
 * Cases of a registration and a note, written by this process through the store's own append (the
 * events as the CommandHandler made them once); each API then starts on a copy of that DATA_DIR
 * and catches its case projection up from zero before its memory is read.
 */
async function apiMemoryRows(cases: number, log: (message: string) => void): Promise<BenchRow[]> {
  const generated = temporaryDirectory('api-memory-events');
  try {
    const events = join(generated.path, 'events.sqlite');
    const { store } = openSqliteEventStore({ file: events, synchronous: 'NORMAL' });
    log(`generating ${cases} cases of 2 events`);
    await fillStore(store, await complaintEvents(2), cases, log);
    const head = await store.headPosition();
    // Closing the last connection checkpoints the WAL into the file, so the file alone is the store.
    await store.close();
    buildApi(log);
    const rows: BenchRow[] = [];
    for (const { label, args } of API_BUILDS) {
      const residentMb = await apiResidentMegabytes(events, head, args, log);
      log(`${label}: resident memory after catching up ${cases} cases: ${residentMb.toFixed(0)} MB`);
      rows.push(ceilingRow(`#6 API resident memory after ${cases} cases (projection caught up), ${label}`, 'MB', residentMb, 300, 'RSS ≤ 300 MB'));
    }
    return rows;
  } finally {
    generated.remove();
  }
}

function buildApi(log: (message: string) => void): void {
  const started = Date.now();
  const build = spawnSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`nest build api failed: ${build.stderr || build.stdout}`);
  log(`built the API (nest build api) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Starts the API on a copy of the store, waits for its projection to reach `head`, reads its resident set. */
async function apiResidentMegabytes(events: string, head: bigint, args: readonly string[], log: (message: string) => void): Promise<number> {
  const dataDir = temporaryDirectory('api-memory');
  const redisUrl = sharedRedisUrl();
  const queuePrefix = uniqueKeyPrefix('bench');
  try {
    copyFileSync(events, join(dataDir.path, 'events.sqlite'));
    // Not started through startApiProcess: readiness waits for the projection, which is what is awaited here, longer.
    const env = processEnv({ dataDir: dataDir.path, redisUrl, queuePrefix, slaPolicyFile: join(ROOT, 'config/sla/policies.default.json') });
    const api = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(await freePort()) },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => api.once('exit', resolve));
    try {
      await caughtUp(join(dataDir.path, 'read-models.sqlite'), head, exited, log);
      return residentMegabytes(api.pid!);
    } finally {
      api.kill('SIGTERM');
      await exited;
    }
  } finally {
    await deleteKeysWithPrefix(redisUrl, queuePrefix);
    dataDir.remove();
  }
}

/** Waits until the API's case projection has applied the store's head position. */
async function caughtUp(readModelsFile: string, head: bigint, exited: Promise<unknown>, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
  let reported = Date.now();
  let gone = false;
  void exited.then(() => (gone = true));
  for (;;) {
    if (gone) throw new Error('The API exited before its projection caught up');
    const applied = projectedPosition(readModelsFile);
    if (applied >= head) return;
    if (Date.now() > deadline) throw new Error(`The API's projection reached ${applied} of ${head} within ${CATCH_UP_TIMEOUT_MS} ms`);
    if (Date.now() - reported > 10_000) {
      log(`API projection at ${applied} of ${head}`);
      reported = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function projectedPosition(readModelsFile: string): bigint {
  try {
    const db = new Database(readModelsFile, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare<[], { position: string }>("SELECT position FROM projection_checkpoints WHERE name = 'cases'").get();
      return row ? BigInt(row.position) : 0n;
    } finally {
      db.close();
    }
  } catch {
    return 0n; // Not created yet.
  }
}

function residentMegabytes(pid: number): number {
  const kilobytes = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kilobytes === undefined) throw new Error(`No VmRSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

export default growth;
