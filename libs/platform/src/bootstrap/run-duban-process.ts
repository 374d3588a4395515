import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { AppConfig, loadConfig } from '@duban/config';
import { JsonLogger } from '@duban/logging';
import { ensureRedis, type EnsuredRedis } from '@duban/redis';

/** What every app's process starts with: the validated configuration, its logger and Redis (started here if allowed and absent). */
export interface DubanPlatform {
  config: AppConfig;
  logger: JsonLogger;
  redis: EnsuredRedis;
}

/** An app built by its entry point, not yet serving, and how it stops. */
export interface DubanApp {
  app: INestApplicationContext;
  /** Logged after the signal's name when a stop begins, e.g. what is being finished. */
  stopping: string;
  /** What must end before the app closes (the API's HTTP server: Nest would close the read models before its own server). */
  stopFirst?: () => Promise<void>;
  /** Starts the work (listening, announcing) once signals are handled. */
  serve?: () => Promise<void>;
}

/**
 * The one start-up and shutdown path of the API and the worker. SIGTERM (an orchestrator stopping
 * the instance) or SIGINT: stop what the app says must stop first, close the application (stores,
 * subscriptions, queue workers finishing their jobs), then the Redis this process started, and
 * exit. Not Nest's enableShutdownHooks: it runs the destroy hooks before the API's server closes,
 * and a Redis started here must outlive the workers finishing their jobs. An error while closing
 * is logged and exits 1; a failure to start prints its message and exits 1.
 */
export function runDubanProcess(appName: 'api' | 'worker', build: (platform: DubanPlatform) => Promise<DubanApp>): void {
  start(appName, build).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

async function start(appName: 'api' | 'worker', build: (platform: DubanPlatform) => Promise<DubanApp>): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const logger = new JsonLogger({ app: appName, level: config.LOG_LEVEL });
  const built = await build({ config, logger, redis });
  closeOnSignals(built, logger, () => redis.stop());
  await built.serve?.();
}

/** Where the signals come from and how the process ends: `process`, but for tests. */
export type SignalHost = { on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown; exit(code: number): void };

/** Closes `app` on the first SIGTERM or SIGINT, ignoring those that follow, then runs `afterClose` and exits (1 if anything failed). */
export function closeOnSignals({ app, stopping, stopFirst }: DubanApp, logger: LoggerService, afterClose: () => Promise<void>, host: SignalHost = process): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: ${stopping}`, 'Duban');
    void Promise.resolve(stopFirst?.())
      .then(() => app.close())
      .then(afterClose)
      .then(
        () => host.exit(0),
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`, 'Duban');
          host.exit(1);
        },
      );
  };
  // `on`, not `once`: a second signal during the close must not fall back to the default action, dying mid-close.
  host.on('SIGTERM', close);
  host.on('SIGINT', close);
}
