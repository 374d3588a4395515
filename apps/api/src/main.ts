import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@duban/config';
import { ensureRedis } from '@duban/redis';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const app = configureApiApp(await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false }));
  app.getHttpServer().once('close', () => void redis.stop());
  await app.listen(config.PORT);
  const logger = new Logger('Duban');
  if (redis.startedHere) logger.log(`Started redis-server at ${redis.url} with data under ${config.dataDir}/redis`);
  logger.log(`Duban API listening on http://localhost:${config.PORT} (store: ${config.EVENT_STORE}, docs: /docs)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
