import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startApiTestApp, type ApiClient, type ApiTestApp } from '../../test/support/api-test-app';
import { ONE_ESCALATION_POLICIES } from '../../test/support/crash-scenarios';
import { complaintBody } from '../../test/support/demo-data';
import { processEnv, spawnWorkerProcess, startWorkerProcess, type DubanProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import type { BenchRow } from '../benchmark';
import { percentile } from './measure';

/**
 * What the escalation benchmarks share: complaints registered through the real API (in-process,
 * FULL durability) under the one-escalation policy (reply within 3 s, a month per further level),
 * the real worker as child processes on the same DATA_DIR and Redis, and the tally read back from
 * events.sqlite.
 */

/**
 * Worker processes of the recommended deployment on one SQLite file (docs/operations.md, "Sizing"):
 * one, since a second one measured slower (its writes wait on the other's lock, see bench/README.md).
 */
export const RECOMMENDED_WORKERS = 1;
/** The reply clock of ONE_ESCALATION_POLICIES. */
export const REPLY_CLOCK_MS = 3_000;
/** After the last escalation, how long a second escalation of any complaint is waited for. */
export const DOUBLE_WATCH_MS = 3_000;
export const DRAIN_TIMEOUT_MS = 10 * 60_000;

export const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

export async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** One DATA_DIR and Redis key prefix for the API and the workers of one run. */
export interface EscalationSetting {
  readonly dataDir: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
}

/**
 * The real API in this process on a fresh DATA_DIR and key prefix (the setting the workers then
 * share); `start` holds its clock there, without it the API runs on real time.
 */
export async function startRegisteringApi(redisUrl: string, start?: Date): Promise<{ api: ApiTestApp; setting: EscalationSetting }> {
  const api = await startApiTestApp({
    ...(start ? { start } : { realTime: true }),
    slaPolicyFile: ONE_ESCALATION_POLICIES,
    env: { REDIS_URL: redisUrl, QUEUE_PREFIX: uniqueKeyPrefix('bench-escalation'), SQLITE_SYNCHRONOUS: 'FULL' },
  });
  return { api, setting: { dataDir: api.config.dataDir, redisUrl, queuePrefix: api.config.QUEUE_PREFIX } };
}

/** Once the API's app is closed (the workers still need its data directory and queued jobs): removes both. */
export async function removeEscalationSetting(setting: EscalationSetting): Promise<void> {
  await deleteKeysWithPrefix(setting.redisUrl, setting.queuePrefix);
  rmSync(setting.dataDir, { recursive: true, force: true });
}

export async function registerComplaint(handler: ApiClient): Promise<void> {
  const answer = await handler.post('/complaints', complaintBody()).set('Idempotency-Key', randomUUID());
  if (answer.status !== 201) throw new Error(`Registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** Registers `count` complaints through `clients` concurrent clients as the demo handler. */
export async function registerComplaints(api: ApiTestApp, count: number, clients: number): Promise<void> {
  const handler = await api.as('handler.haicheng');
  let registered = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (registered < count) {
        registered += 1;
        await registerComplaint(handler);
      }
    }),
  );
}

export function workerEnv(setting: EscalationSetting): Record<string, string> {
  return processEnv({ ...setting, slaPolicyFile: ONE_ESCALATION_POLICIES });
}

/** Starts `count` workers at once and resolves once every one says it runs. */
export function startWorkers(setting: EscalationSetting, count: number): Promise<DubanProcess[]> {
  return Promise.all(Array.from({ length: count }, () => startWorkerProcess(workerEnv(setting))));
}

/** Spawns one worker; resolves with how long after the spawn it said it runs. */
export async function timeWorkerStart(setting: EscalationSetting): Promise<{ worker: DubanProcess; readyMs: number }> {
  const spawnedAt = Date.now();
  const worker = spawnWorkerProcess(workerEnv(setting));
  let exited = false;
  void worker.exited.then(() => (exited = true));
  await waitUntil(() => exited || worker.output().includes('Worker running'), 'the worker to say it runs', 60_000);
  if (exited) throw new Error(`The worker exited before it was up:\n${worker.output()}`);
  return { worker, readyMs: Date.now() - spawnedAt };
}

export async function stopWorkers(workers: readonly DubanProcess[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
}

function withEventsFile<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function escalatedComplaints(dataDir: string): number {
  return withEventsFile(dataDir, (db) => Number(db.prepare("SELECT COUNT(DISTINCT stream) FROM events WHERE type = 'ComplaintEscalated'").pluck().get()));
}

export interface EscalationTally {
  missed: number;
  doubled: number;
  /** Each escalation's `created_at` − its complaint's reply deadline (the level-0 clock's `dueAt`). */
  lagsMs: number[];
  /** The last escalation's `created_at` (epoch ms). */
  lastAt: number;
}

/** Escalations per complaint whose reply deadline is at or before `dueBy` (epoch ms), read from the store: missed = none, doubled = more than one. */
export function tallyEscalations(dataDir: string, dueBy: number): EscalationTally {
  return withEventsFile(dataDir, (db) => {
    const complaints = db
      .prepare<[], { escalations: number; dueAt: string; lastAt: number | null }>(
        `SELECT (SELECT COUNT(*) FROM events e WHERE e.stream = s.stream AND e.type = 'ComplaintEscalated') AS escalations,
                json_extract(s.data, '$.dueAt') AS dueAt,
                (SELECT MAX(e.created_at) FROM events e WHERE e.stream = s.stream AND e.type = 'ComplaintEscalated') AS lastAt
           FROM events s
          WHERE s.type = 'ClockStarted' AND s.stream LIKE 'complaint-%' AND json_extract(s.data, '$.level') = 0`,
      )
      .all()
      .filter((complaint) => Date.parse(complaint.dueAt) <= dueBy);
    const escalated = complaints.filter((complaint) => complaint.lastAt !== null);
    return {
      missed: complaints.length - escalated.length,
      doubled: complaints.filter((complaint) => complaint.escalations > 1).length,
      lagsMs: escalated.map((complaint) => complaint.lastAt! - Date.parse(complaint.dueAt)),
      lastAt: Math.max(...escalated.map((complaint) => complaint.lastAt!)),
    };
  });
}

export function p99Of(tally: EscalationTally): number {
  return percentile(tally.lagsMs, 99);
}

/** The row every escalation benchmark ends with: complaints missed or doubled, target 0. */
export function missedOrDoubledRow(name: string, { missed, doubled }: Pick<EscalationTally, 'missed' | 'doubled'>, detail = ''): BenchRow {
  return {
    name,
    value: missed + doubled,
    unit: 'complaints',
    reference: null,
    ratio: null,
    target: `0 (missed ${missed}, doubled ${doubled}${detail})`,
    met: missed + doubled === 0,
  };
}

/**
 * The recommended workers running on a fresh setting while `register` registers complaints through
 * the in-process API (`start` holds its clock, else real time); then waits until `complaints` are
 * escalated and for any double, stops the workers and tallies the complaints due by `dueBy`
 * (`register`'s answer, epoch ms). Removes the setting afterwards.
 */
export async function escalateWithWorkers(
  redisUrl: string,
  start: Date | undefined,
  complaints: number,
  register: (api: ApiTestApp, workers: readonly DubanProcess[]) => Promise<{ dueBy: number }>,
): Promise<EscalationTally> {
  const { api, setting } = await startRegisteringApi(redisUrl, start);
  let workers: DubanProcess[] = [];
  let apiOpen = true;
  const closeApi = async () => {
    if (apiOpen) await api.app.close();
    apiOpen = false;
  };
  try {
    workers = await startWorkers(setting, RECOMMENDED_WORKERS);
    const { dueBy } = await register(api, workers);
    // The workers still need the data directory and the queued jobs: only the app goes.
    await closeApi();
    await waitUntil(
      () => Date.now() > dueBy && escalatedComplaints(setting.dataDir) >= complaints,
      `${complaints} escalations`,
      Math.max(0, dueBy - Date.now()) + DRAIN_TIMEOUT_MS,
    );
    await sleep(DOUBLE_WATCH_MS);
    await stopWorkers(workers);
    return tallyEscalations(setting.dataDir, dueBy);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill('SIGKILL')));
    await closeApi();
    await removeEscalationSetting(setting);
  }
}
