import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import type { DubanProcess } from '../../test/support/duban-processes';
import { sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import {
  DOUBLE_WATCH_MS,
  DRAIN_TIMEOUT_MS,
  escalatedComplaints,
  missedOrDoubledRow,
  registerComplaints,
  removeEscalationSetting,
  REPLY_CLOCK_MS,
  sleep,
  startRegisteringApi,
  stopWorkers,
  tallyEscalations,
  timeWorkerStart,
  waitUntil,
  type EscalationSetting,
} from '../support/escalation-setting';
import { median } from '../support/measure';

/**
 * Issue 21, worker start-up after an outage: N complaints whose reply deadline passed a day ago
 * while no worker ran, then one worker starts. Its reconcile runs as a job once it is up, so it
 * must say it runs (`Worker running`) within 5 s of its spawn whatever is overdue, and then escalate
 * every complaint once. The queue starts empty (a fresh key prefix): Redis kept nothing for the
 * worker, so everything is found from the events, the worst case.
 *
 * Reference: the same worker's start on an empty store, once before and once after (median).
 */
const SETTINGS = { smoke: { complaints: 300 }, full: { complaints: 10_000 } } as const;
const OUTAGE_MS = 24 * 60 * 60_000;
const REGISTERING_CLIENTS = 20;
const READY_TARGET_MS = 5_000;

/** The worker's start on a store with nothing in it. */
async function measureEmptyStart(redisUrl: string): Promise<number> {
  const { api, setting } = await startRegisteringApi(redisUrl);
  await api.app.close();
  const { worker, readyMs } = await timeWorkerStart(setting);
  await stopWorkers([worker]);
  await removeEscalationSetting(setting);
  return readyMs;
}

type StartupRun = { readyMs: number; lastEscalationMs: number; missed: number; doubled: number };

async function measureStartAfterOutage(context: BenchContext, complaints: number, redisUrl: string): Promise<StartupRun> {
  const dueAt = Date.now() - OUTAGE_MS;
  const { api, setting } = await startRegisteringApi(redisUrl, new Date(dueAt - REPLY_CLOCK_MS));
  // The worker finds nothing queued: a key prefix of its own.
  const afterOutage: EscalationSetting = { ...setting, queuePrefix: uniqueKeyPrefix('bench-startup') };
  let worker: DubanProcess | undefined;
  try {
    context.log(`escalation-startup: registering ${complaints} complaints due a day ago, no worker running`);
    await registerComplaints(api, complaints, REGISTERING_CLIENTS);
    await api.app.close();
    const spawnedAt = Date.now();
    const started = await timeWorkerStart(afterOutage);
    worker = started.worker;
    context.log(`escalation-startup: worker running ${started.readyMs} ms after its spawn`);
    await waitUntil(() => escalatedComplaints(setting.dataDir) >= complaints, `${complaints} escalations`, DRAIN_TIMEOUT_MS);
    await sleep(DOUBLE_WATCH_MS);
    await stopWorkers([worker]);
    const tally = tallyEscalations(setting.dataDir, Date.now());
    return { readyMs: started.readyMs, lastEscalationMs: tally.lastAt - spawnedAt, missed: tally.missed, doubled: tally.doubled };
  } finally {
    await worker?.kill('SIGKILL');
    await removeEscalationSetting(afterOutage);
    await removeEscalationSetting(setting);
  }
}

const escalationStartup: Benchmark = {
  id: 'escalation-startup',
  title: 'Worker start-up after a 24-hour outage with N overdue complaints vs its start on an empty store',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const { complaints } = SETTINGS[context.size];
    const redisUrl = sharedRedisUrl();
    const emptyStarts = [await measureEmptyStart(redisUrl)];
    context.log(`escalation-startup: start on an empty store ${emptyStarts[0]} ms`);
    const run = await measureStartAfterOutage(context, complaints, redisUrl);
    context.log(`escalation-startup: ready ${run.readyMs} ms, last escalation ${run.lastEscalationMs} ms after the spawn, missed ${run.missed}, doubled ${run.doubled}`);
    emptyStarts.push(await measureEmptyStart(redisUrl));
    context.log(`escalation-startup: start on an empty store ${emptyStarts[1]} ms`);
    const emptyStart = median(emptyStarts);
    return [
      {
        name: `worker ready after a 24-hour outage (s, ${complaints} overdue complaints) vs on an empty store`,
        value: run.readyMs / 1000,
        unit: 's',
        reference: emptyStart / 1000,
        ratio: run.readyMs / emptyStart,
        target: 'ready ≤ 5 s',
        met: run.readyMs <= READY_TARGET_MS,
      },
      missedOrDoubledRow('overdue complaints missed / doubled after the start', run, `; the last escalated ${(run.lastEscalationMs / 1000).toFixed(1)} s after the spawn`),
    ];
  },
};

export default escalationStartup;
