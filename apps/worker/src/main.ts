import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@duban/config';
import { JsonLogger } from '@duban/logging';
import { ensureRedis } from '@duban/redis';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const logger = new JsonLogger({ app: 'worker', level: config.LOG_LEVEL });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  // Not enableShutdownHooks: a Redis this process started must outlive the workers finishing their jobs.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: finishing running jobs`, 'Duban');
      void app
        .close()
        .then(() => redis.stop())
        .then(() => process.exit(0));
    });
  }
  logger.log(`Worker running (store: ${config.EVENT_STORE}, redis: ${redis.url})`, 'Duban');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
