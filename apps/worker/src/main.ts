import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@duban/config';
import { ensureRedis } from '@duban/redis';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
  process.once('beforeExit', () => void redis.stop());
  new Logger('Duban').log(`Worker running (store: ${config.EVENT_STORE}, redis: ${redis.url})`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
