/**
 * Seeds the demo once per data directory: a quarter of two branches (scripts/demo-seed/quarter-plan.ts)
 * entered through the HTTP API of an API instance started here, on the demo's DATA_DIR, whose
 * clock the seed moves through the quarter so that every event bears the time it happened; then
 * the real API and worker start on the same files (scripts/demo.mjs). The anchor is saved before
 * the first request and every request has a deterministic Idempotency-Key, so a seed interrupted
 * half-way runs again without doubling anything; once done, a second run does nothing.
 *
 * Usage: DATA_DIR=./data node test/support/ts-node-launcher.js scripts/demo-seed/seed-demo.ts   (before the API starts)
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Clock } from '@duban/command-handling';
import { planQuarter } from './quarter-plan';
import { runPlan } from './run-plan';

/** 75 complaints per unit: several hundred cases with their findings, seeded in well under a minute. */
const COMPLAINTS_PER_UNIT = Number(process.env.DEMO_COMPLAINTS_PER_UNIT ?? 75);

/** The instance's clock: the seed sets it; nothing else moves it. */
class SeedClock implements Clock {
  private current = new Date();
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = at;
  }
}

async function seedDemo(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const progressFile = join(dataDir, 'demo-seed.json');
  const progress = existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as { anchor: number; done: boolean }) : { anchor: Date.now(), done: false };
  if (progress.done) {
    console.log('[seed] demo data already seeded in this data directory');
    return;
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(progressFile, JSON.stringify(progress));

  const started = Date.now();
  // Loaded only now: compiling the API takes seconds, and a seeded directory needs none of it.
  await import('reflect-metadata');
  const [{ Test }, { CLOCK }, { loadConfig }, { ensureRedis }, { ApiModule }, { configureApiApp }] = await Promise.all([
    import('@nestjs/testing'),
    import('@duban/command-handling'),
    import('@duban/config'),
    import('@duban/redis'),
    import('../../apps/api/src/api.module'),
    import('../../apps/api/src/configure-api-app'),
  ]);
  // Thousands of requests from one client in seconds: this instance alone takes no rate limits, and
  // waits for no disk flush (a seed cut short by a crash runs again from its Idempotency-Keys).
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '100000000', LOGIN_ATTEMPTS_PER_MINUTE: '100000000', SQLITE_SYNCHRONOUS: 'NORMAL' });
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const clock = new SeedClock();
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config)] })
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
  const app = configureApiApp(moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] }));
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const anchor = new Date(progress.anchor);
    const steps = planQuarter({ anchor, complaintsPerUnit: COMPLAINTS_PER_UNIT });
    const { requests } = await runPlan(steps, {
      baseUrl: `http://127.0.0.1:${port}`,
      anchor,
      password: process.env.DEMO_PASSWORD ?? 'demo-password',
      moveClockTo: (at) => clock.set(at),
    });
    writeFileSync(progressFile, JSON.stringify({ ...progress, done: true }));
    console.log(`[seed] demo data in place: a quarter of two branches, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await app.close();
    await redis.stop();
  }
}

seedDemo().catch((error: unknown) => {
  console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
