import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@duban/config';
import { JsonLogger } from '@duban/logging';
import { ensureRedis } from '@duban/redis';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';
import { closeGracefullyOnSignals } from './graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const redis = await ensureRedis({ url: config.REDIS_URL, dataDir: config.dataDir, autostart: config.REDIS_AUTOSTART });
  const logger = new JsonLogger({ app: 'api', level: config.LOG_LEVEL });
  const app = configureApiApp(await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, logger }));
  closeGracefullyOnSignals(app, { graceMs: config.SHUTDOWN_GRACE_MS, logger, afterClose: () => redis.stop() });
  await app.listen(config.PORT);
  if (redis.startedHere) logger.log(`Started redis-server at ${redis.url} with data under ${config.dataDir}/redis`, 'Duban');
  logger.log(`Duban API listening on http://localhost:${config.PORT} (store: ${config.EVENT_STORE}, docs: /docs)`, 'Duban');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
