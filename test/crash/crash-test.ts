/*
 * The long variants of the SIGKILL tests (test/e2e/crash-recovery.e2e-spec.ts): many rounds with
 * random kill moments, each on a fresh DATA_DIR and its own Redis key prefix.
 *
 *   npm run crash-test -- --rounds 20 --clients 50 --complaints 300 [--scenario api|worker|follow-ups|both|all]
 *
 * Prints one line per round and a summary; exits 1 when any round found a lost or doubled command
 * or escalation, a valid reply without exactly one finding, or read models that differ from the
 * replayed streams. `both` (the default) runs api and worker; `all` adds follow-ups.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRedis } from '@duban/redis';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { ONE_ESCALATION_POLICIES, runApiCrashRound, runFollowUpCrashRound, runWorkerCrashRound, SHIPPED_POLICIES, type CrashSetting } from '../support/crash-scenarios';
import { killAllStarted } from '../support/duban-processes';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '10' },
    clients: { type: 'string', default: '50' },
    complaints: { type: 'string', default: '300' },
    scenario: { type: 'string', default: 'both' },
  },
});
const rounds = Number(values.rounds);
const clients = Number(values.clients);
const complaints = Number(values.complaints);
const scenarios = values.scenario === 'both' ? ['api', 'worker'] : values.scenario === 'all' ? ['api', 'worker', 'follow-ups'] : [values.scenario];

const randomBetween = (low: number, high: number) => low + Math.random() * (high - low);

async function inFreshSetting<T>(redisUrl: string, slaPolicyFile: string, run: (setting: CrashSetting) => Promise<T>): Promise<T> {
  const setting = { dataDir: mkdtempSync(join(tmpdir(), 'duban-crash-test-')), redisUrl, queuePrefix: uniqueKeyPrefix('crash-test'), slaPolicyFile };
  try {
    return await run(setting);
  } finally {
    await killAllStarted();
    await deleteKeysWithPrefix(redisUrl, setting.queuePrefix);
    rmSync(setting.dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const redis = await ensureRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', dataDir: mkdtempSync(join(tmpdir(), 'duban-crash-test-redis-')) });
  const totals = {
    api: { rounds: 0, acknowledged: 0, inFlightAtKill: 0, violations: 0 },
    worker: { rounds: 0, midEscalation: 0, escalations: 0, violations: 0 },
    followUps: { rounds: 0, midRaising: 0, violations: 0 },
  };
  try {
    for (let round = 1; round <= rounds; round++) {
      if (scenarios.includes('api')) {
        const killAfterAcks = Math.round(randomBetween(1, 8 * clients));
        const report = await inFreshSetting(redis.url, SHIPPED_POLICIES, (setting) => runApiCrashRound(setting, { clients, killAfterAcks }));
        totals.api.rounds += 1;
        totals.api.acknowledged += report.acknowledged;
        totals.api.inFlightAtKill += report.inFlightAtKill;
        totals.api.violations += report.violations.length;
        console.log(
          `round ${round} api: kill aimed at ${killAfterAcks} acknowledged, came after ${report.acknowledged}, ${report.inFlightAtKill} in flight; ${report.complaints} complaints, ${report.eventsStored} events; restart ${report.restartMs} ms; ${report.violations.length} violations`,
        );
        for (const violation of report.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
      }
      if (scenarios.includes('worker')) {
        const killAtShare = randomBetween(0.02, 0.95);
        const report = await inFreshSetting(redis.url, ONE_ESCALATION_POLICIES, (setting) => runWorkerCrashRound(setting, { complaints, killAtShare }));
        totals.worker.rounds += 1;
        totals.worker.midEscalation += report.escalatedAtKill > 0 && report.escalatedAtKill < complaints ? 1 : 0;
        totals.worker.escalations += report.escalatedAfterRestart;
        totals.worker.violations += report.violations.length;
        console.log(
          `round ${round} worker: kill aimed at ${Math.round(killAtShare * complaints)}, came at ${report.escalatedAtKill} / ${complaints} escalated; after the restart ${report.escalatedAfterRestart}; ${report.violations.length} violations`,
        );
        for (const violation of report.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
      }
      if (scenarios.includes('follow-ups')) {
        const killAtShare = randomBetween(0.02, 0.95);
        const report = await inFreshSetting(redis.url, SHIPPED_POLICIES, (setting) => runFollowUpCrashRound(setting, { replies: complaints, killAtShare }));
        totals.followUps.rounds += 1;
        totals.followUps.midRaising += report.raisedAtKill < complaints ? 1 : 0;
        totals.followUps.violations += report.violations.length;
        console.log(
          `round ${round} follow-ups: kill aimed at ${Math.round(killAtShare * complaints)}, came at ${report.raisedAtKill} / ${complaints} findings; after the restart ${report.raisedAfterRestart}; ${report.violations.length} violations`,
        );
        for (const violation of report.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
      }
    }
  } finally {
    await redis.stop();
  }
  console.log(`SUMMARY ${JSON.stringify(totals)}`);
  return totals.api.violations + totals.worker.violations + totals.followUps.violations === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    await killAllStarted();
    process.exit(1);
  },
);
