import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { createRedisConnection } from '@duban/redis';
import { resolveSchedulingOptions } from '@duban/scheduling';
import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import { startApiTestApp } from '../../test/support/api-test-app';
import { ONE_ESCALATION_POLICIES } from '../../test/support/crash-scenarios';
import { complaintBody } from '../../test/support/demo-data';
import { processEnv, startWorkerProcess, type DubanProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { median, percentile } from '../support/measure';

/**
 * Issue 8, figure 4: N open complaints whose reply deadline falls at one instant, written while no
 * worker runs; the real worker (a child process) starts shortly before the instant and escalates
 * them. Reference: N trivial BullMQ delayed jobs due at one instant on the same Redis, drained by a
 * do-nothing processor with the deadline queue's concurrency, measured before and after.
 *
 * The complaints are registered through the real API in-process (ApiModule, supertest) with its
 * clock held at (due − 3 s): the one-escalation policy gives a 3-second reply clock, so every
 * reply deadline is the same instant, and the API queues each breach job as it does in production.
 */
const SETTINGS = { smoke: { complaints: 300 }, full: { complaints: 10_000 } } as const;
/** Reply clock of ONE_ESCALATION_POLICIES. */
const REPLY_CLOCK_MS = 3_000;
/** A generous guess of the in-process registration time, so the due instant is still ahead when the worker runs. */
const REGISTRATION_BUDGET_MS_PER_COMPLAINT = 8;
/** Room for the worker's start-up (ts-node compile, Nest, reconcile) before the due instant. */
const WORKER_START_MARGIN_MS = 20_000;
const REGISTERING_CLIENTS = 20;
/** After the last escalation, how long a second escalation of any complaint is waited for. */
const DOUBLE_WATCH_MS = 3_000;
const DRAIN_TIMEOUT_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Registers `count` complaints with the API's clock at `registeredAt`; returns the data directory and the queue prefix it used. */
async function registerComplaintsDueAt(count: number, registeredAt: Date, redisUrl: string): Promise<{ dataDir: string; queuePrefix: string }> {
  const api = await startApiTestApp({
    start: registeredAt,
    slaPolicyFile: ONE_ESCALATION_POLICIES,
    env: { REDIS_URL: redisUrl, QUEUE_PREFIX: uniqueKeyPrefix('bench-escalation'), SQLITE_SYNCHRONOUS: 'FULL' },
  });
  try {
    const handler = await api.as('handler.haicheng');
    let registered = 0;
    await Promise.all(
      Array.from({ length: REGISTERING_CLIENTS }, async () => {
        while (registered < count) {
          registered += 1;
          const answer = await handler.post('/complaints', complaintBody()).set('Idempotency-Key', randomUUID());
          if (answer.status !== 201) throw new Error(`Registration answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        }
      }),
    );
  } catch (error) {
    // Nothing to keep: its data directory and Redis keys go too.
    await api.close();
    throw error;
  }
  // Not api.close(): the worker still needs the data directory and the queued jobs.
  await api.app.close();
  return { dataDir: api.config.dataDir, queuePrefix: api.config.QUEUE_PREFIX };
}

type EscalationTally = { escalatedStreams: number; doubled: number; lagsMs: number[] };

function tallyEscalations(dataDir: string, dueAt: number): EscalationTally {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const escalationsPerStream = db
      .prepare<[], number>("SELECT COUNT(*) FROM events WHERE type = 'ComplaintEscalated' AND stream LIKE 'complaint-%' GROUP BY stream")
      .pluck()
      .all();
    const lagsMs = db
      .prepare<[], number>("SELECT created_at FROM events WHERE type = 'ComplaintEscalated' AND stream LIKE 'complaint-%'")
      .pluck()
      .all()
      .map((createdAt) => createdAt - dueAt);
    return { escalatedStreams: escalationsPerStream.length, doubled: escalationsPerStream.filter((escalations) => escalations > 1).length, lagsMs };
  } finally {
    db.close();
  }
}

function escalatedStreams(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return Number(db.prepare("SELECT COUNT(DISTINCT stream) FROM events WHERE type = 'ComplaintEscalated'").pluck().get());
  } finally {
    db.close();
  }
}

type EscalationRun = { complaints: number; missed: number; doubled: number; p99LagMs: number; drainMs: number };

async function measureEscalation(context: BenchContext, complaints: number, redisUrl: string): Promise<EscalationRun> {
  const dueAt = Date.now() + complaints * REGISTRATION_BUDGET_MS_PER_COMPLAINT + WORKER_START_MARGIN_MS;
  context.log(`escalation: registering ${complaints} complaints due at ${new Date(dueAt).toISOString()}, no worker running`);
  const { dataDir, queuePrefix } = await registerComplaintsDueAt(complaints, new Date(dueAt - REPLY_CLOCK_MS), redisUrl);
  let worker: DubanProcess | undefined;
  try {
    worker = await startWorkerProcess(processEnv({ dataDir, redisUrl, queuePrefix, slaPolicyFile: ONE_ESCALATION_POLICIES }));
    const aheadMs = dueAt - Date.now();
    if (aheadMs <= 0) throw new Error(`The worker came up ${-aheadMs} ms after the due instant: raise REGISTRATION_BUDGET_MS_PER_COMPLAINT`);
    context.log(`escalation: worker running ${aheadMs} ms before the due instant`);
    await waitUntil(() => Date.now() > dueAt && escalatedStreams(dataDir) >= complaints, `${complaints} escalations`, aheadMs + DRAIN_TIMEOUT_MS);
    await sleep(DOUBLE_WATCH_MS);
    await worker.kill('SIGTERM');
    const tally = tallyEscalations(dataDir, dueAt);
    return {
      complaints,
      missed: complaints - tally.escalatedStreams,
      doubled: tally.doubled,
      p99LagMs: percentile(tally.lagsMs, 99),
      drainMs: Math.max(...tally.lagsMs),
    };
  } finally {
    await worker?.kill('SIGKILL');
    await deleteKeysWithPrefix(redisUrl, queuePrefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** N do-nothing delayed jobs due at one instant; returns the time from that instant to the last job done. */
async function measureTrivialBullmqDrain(jobs: number, redisUrl: string): Promise<number> {
  const prefix = uniqueKeyPrefix('bench-bullmq');
  const connection = createRedisConnection(redisUrl, 'worker', 'duban-bench-bullmq');
  const queue = new Queue('trivial', { connection, prefix });
  let done = 0;
  let lastDoneAt = 0;
  const worker = new Worker(
    'trivial',
    async () => {
      done += 1;
      lastDoneAt = Date.now();
    },
    { connection, prefix, concurrency: resolveSchedulingOptions({ keyPrefix: prefix }).deadlineConcurrency },
  );
  try {
    const dueAt = Date.now() + 3_000 + jobs / 5;
    const batch = 1_000;
    for (let from = 0; from < jobs; from += batch) {
      await queue.addBulk(
        Array.from({ length: Math.min(batch, jobs - from) }, (_, index) => ({
          name: 'due',
          data: { index: from + index },
          opts: { delay: dueAt - Date.now(), removeOnComplete: true },
        })),
      );
    }
    if (Date.now() >= dueAt) throw new Error('Adding the trivial jobs took longer than their delay');
    await waitUntil(() => done >= jobs, `${jobs} trivial jobs`, DRAIN_TIMEOUT_MS);
    return lastDoneAt - dueAt;
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
    await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

const escalation: Benchmark = {
  id: 'escalation',
  title: 'Escalation of N complaints due at one instant vs N trivial BullMQ delayed jobs',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const { complaints } = SETTINGS[context.size];
    const redisUrl = sharedRedisUrl();
    // The reference before and after the escalation run, so both see the same machine.
    const referenceDrains = [await measureTrivialBullmqDrain(complaints, redisUrl)];
    context.log(`escalation: trivial BullMQ drain ${referenceDrains[0]} ms`);
    const run = await measureEscalation(context, complaints, redisUrl);
    context.log(`escalation: p99 lag ${run.p99LagMs} ms, drain ${run.drainMs} ms, missed ${run.missed}, doubled ${run.doubled}`);
    referenceDrains.push(await measureTrivialBullmqDrain(complaints, redisUrl));
    context.log(`escalation: trivial BullMQ drain ${referenceDrains[1]} ms`);
    const referenceDrain = median(referenceDrains);
    const drainRatio = run.drainMs / referenceDrain;
    return [
      {
        name: `escalation p99 lag (s, ${complaints} complaints due at one instant)`,
        value: run.p99LagMs / 1000,
        unit: 's',
        reference: null,
        ratio: null,
        target: 'p99 ≤ 2 s',
        met: run.p99LagMs <= 2_000,
      },
      {
        name: 'escalation drain vs trivial BullMQ drain (s, value/reference)',
        value: run.drainMs / 1000,
        unit: 's',
        reference: referenceDrain / 1000,
        ratio: drainRatio,
        target: 'drain ≤ 2× reference (ratio ≤ 2)',
        met: drainRatio <= 2,
      },
      {
        name: 'escalations missed / doubled',
        value: run.missed + run.doubled,
        unit: 'complaints',
        reference: null,
        ratio: null,
        target: `0 (missed ${run.missed}, doubled ${run.doubled})`,
        met: run.missed + run.doubled === 0,
      },
    ];
  },
};

export default escalation;
