import { Queue, Worker } from 'bullmq';
import { createRedisConnection } from '@duban/redis';
import { resolveSchedulingOptions } from '@duban/scheduling';
import type { Benchmark, BenchContext, BenchRow, BenchSize } from '../benchmark';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import {
  escalateWithWorkers,
  DRAIN_TIMEOUT_MS,
  missedOrDoubledRow,
  p99Of,
  RECOMMENDED_WORKERS,
  registerComplaints,
  REPLY_CLOCK_MS,
  waitUntil,
} from '../support/escalation-setting';
import { median } from '../support/measure';

/**
 * Issue 21, escalation: N open complaints whose reply deadline falls at one instant, escalated by
 * the recommended number of real workers (child processes, RECOMMENDED_WORKERS). Reference: N
 * trivial BullMQ delayed jobs due at one instant on the same Redis, drained by as many do-nothing
 * BullMQ workers with the deadline queue's concurrency, measured before and after.
 *
 * The workers start first; then the complaints are registered through the real API in-process
 * (ApiModule, supertest) with its clock held at (due − 3 s): the one-escalation policy gives a
 * 3-second reply clock, so every reply deadline is the same instant, and the API queues each
 * complaint's deadline as it does in production (one due-instant job for all).
 */
const SETTINGS = { smoke: { complaints: 300, calibration: 50 }, full: { complaints: 10_000, calibration: 300 } } as const;
/** The due instant is set this many times the calibrated registration time ahead, so it is still ahead once all are registered on a busy machine. */
const REGISTRATION_SAFETY_FACTOR = 2;
const REGISTRATION_MARGIN_MS = 10_000;
const REGISTERING_CLIENTS = 20;
/** Calibration complaints are due a year after the measured ones, so they never count. */
const CALIBRATION_AHEAD_MS = 365 * 24 * 60 * 60_000;

type EscalationRun = { complaints: number; missed: number; doubled: number; p99LagMs: number; drainMs: number };

async function measureEscalation(context: BenchContext, { complaints, calibration }: (typeof SETTINGS)[BenchSize], redisUrl: string): Promise<EscalationRun> {
  let dueAt = 0;
  const tally = await escalateWithWorkers(redisUrl, new Date(Date.now() + CALIBRATION_AHEAD_MS), complaints, async (api, workers) => {
    // How fast this machine registers now, with the workers up: the due instant must wait for the last registration, not much longer.
    const calibrationStarted = Date.now();
    await registerComplaints(api, calibration, REGISTERING_CLIENTS);
    const msPerComplaint = (Date.now() - calibrationStarted) / calibration;
    dueAt = Math.round(Date.now() + REGISTRATION_SAFETY_FACTOR * msPerComplaint * complaints + REGISTRATION_MARGIN_MS);
    api.clock.advanceMs(dueAt - REPLY_CLOCK_MS - api.clock.now().getTime());
    context.log(
      `escalation: ${workers.length} workers running; registering ${complaints} complaints (${msPerComplaint.toFixed(1)} ms each) due at ${new Date(dueAt).toISOString()}`,
    );
    await registerComplaints(api, complaints, REGISTERING_CLIENTS);
    const aheadMs = dueAt - Date.now();
    if (aheadMs <= 0) throw new Error(`The registrations ended ${-aheadMs} ms after the due instant: raise REGISTRATION_SAFETY_FACTOR`);
    context.log(`escalation: registered ${aheadMs} ms before the due instant`);
    return { dueBy: dueAt };
  });
  return { complaints, missed: tally.missed, doubled: tally.doubled, p99LagMs: p99Of(tally), drainMs: tally.lastAt - dueAt };
}

/** N do-nothing delayed jobs due at one instant, drained by `workers` BullMQ workers; returns the time from that instant to the last job done. */
async function measureTrivialBullmqDrain(jobs: number, workers: number, redisUrl: string): Promise<number> {
  const prefix = uniqueKeyPrefix('bench-bullmq');
  const connection = createRedisConnection(redisUrl, 'worker', 'duban-bench-bullmq');
  const queue = new Queue('trivial', { connection, prefix });
  let done = 0;
  let lastDoneAt = 0;
  const { deadlineConcurrency } = resolveSchedulingOptions({ keyPrefix: prefix });
  // A connection each, as separate worker processes would have.
  const connections = Array.from({ length: workers }, () => createRedisConnection(redisUrl, 'worker', 'duban-bench-bullmq'));
  const drainers = connections.map(
    (workerConnection) =>
      new Worker(
        'trivial',
        async () => {
          done += 1;
          lastDoneAt = Date.now();
        },
        { connection: workerConnection, prefix, concurrency: deadlineConcurrency },
      ),
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
    await Promise.all(drainers.map((drainer) => drainer.close()));
    await queue.close();
    [connection, ...connections].forEach((open) => open.disconnect());
    await deleteKeysWithPrefix(redisUrl, prefix);
  }
}

const escalation: Benchmark = {
  id: 'escalation',
  title: `Escalation of N complaints due at one instant by ${RECOMMENDED_WORKERS} worker(s) vs N trivial BullMQ delayed jobs`,
  async run(context: BenchContext): Promise<BenchRow[]> {
    const settings = SETTINGS[context.size];
    const { complaints } = settings;
    const redisUrl = sharedRedisUrl();
    // The reference before and after the escalation run, so both see the same machine.
    const referenceDrains = [await measureTrivialBullmqDrain(complaints, RECOMMENDED_WORKERS, redisUrl)];
    context.log(`escalation: trivial BullMQ drain ${referenceDrains[0]} ms`);
    const run = await measureEscalation(context, settings, redisUrl);
    context.log(`escalation: p99 lag ${run.p99LagMs} ms, drain ${run.drainMs} ms, missed ${run.missed}, doubled ${run.doubled}`);
    referenceDrains.push(await measureTrivialBullmqDrain(complaints, RECOMMENDED_WORKERS, redisUrl));
    context.log(`escalation: trivial BullMQ drain ${referenceDrains[1]} ms`);
    const referenceDrain = median(referenceDrains);
    const drainRatio = run.drainMs / referenceDrain;
    return [
      {
        name: `escalation p99 lag (s, ${complaints} complaints due at one instant, ${RECOMMENDED_WORKERS} worker(s))`,
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
      missedOrDoubledRow('escalations missed / doubled', run),
    ];
  },
};

export default escalation;
