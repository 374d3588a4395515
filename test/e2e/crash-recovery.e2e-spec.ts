import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { ONE_ESCALATION_POLICIES, runApiCrashRound, runFollowUpCrashRound, runWorkerCrashRound, SHIPPED_POLICIES, type CrashSetting } from '../support/crash-scenarios';
import { killAllStarted } from '../support/duban-processes';

/**
 * The real API and worker processes (apps/*\/src/main.ts) SIGKILLed mid-flight, on a SQLite file
 * with synchronous FULL and the run's Redis. `npm run crash-test` repeats both with random kill moments.
 */
jest.setTimeout(180_000);

describe('crashes lose nothing acknowledged and double nothing (real processes, SIGKILL)', () => {
  const settings: CrashSetting[] = [];
  const settingWith = (slaPolicyFile: string): CrashSetting => {
    const setting = { dataDir: mkdtempSync(join(tmpdir(), 'duban-crash-')), redisUrl: sharedRedisUrl(), queuePrefix: uniqueKeyPrefix('crash'), slaPolicyFile };
    settings.push(setting);
    return setting;
  };

  afterAll(async () => {
    await killAllStarted();
    for (const setting of settings) {
      await deleteKeysWithPrefix(setting.redisUrl, setting.queuePrefix);
      rmSync(setting.dataDir, { recursive: true, force: true });
    }
  });

  it('the API killed while 50 clients send commands: every acknowledged command is in its stream exactly once, retries are exactly-once, the read models converge', async () => {
    const report = await runApiCrashRound(settingWith(SHIPPED_POLICIES), { clients: 50, killAfterAcks: 120 });
    expect(report.violations).toEqual([]);
    expect(report.acknowledged).toBeGreaterThanOrEqual(120);
    expect(report.complaints).toBeGreaterThanOrEqual(50);
  });

  it('the worker killed while it escalates: every complaint is escalated exactly once after the restart, and every breach and escalation is queued for notification', async () => {
    // Enough complaints for several of the worker's enforcement chunks (100 cases each, recorded together), so the kill lands mid-way.
    const report = await runWorkerCrashRound(settingWith(ONE_ESCALATION_POLICIES), { complaints: 500, killAtShare: 0.2 });
    expect(report.violations).toEqual([]);
    expect(report.escalatedAtKill).toBeGreaterThan(0);
    expect(report.escalatedAtKill).toBeLessThan(500);
    expect(report.escalatedAfterRestart).toBe(500);
  });

  it("the worker killed while its follow-up reactor raises valid replies' findings: after the restart, from its checkpoint, exactly one finding per reply", async () => {
    const report = await runFollowUpCrashRound(settingWith(SHIPPED_POLICIES), { replies: 400, killAtShare: 0.1 });
    expect(report.violations).toEqual([]);
    expect(report.raisedAtKill).toBeGreaterThan(0);
    expect(report.raisedAtKill).toBeLessThan(400);
    expect(report.raisedAfterRestart).toBe(400);
  });
});
