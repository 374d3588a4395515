/** The API process: imported by main.ts unless this thread is the projection thread. */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { runDubanProcess } from '@duban/platform';
import { ApiModule } from './api.module';
import { configureApiApp } from './configure-api-app';
import { stopServing } from './graceful-shutdown';

runDubanProcess('api', async ({ config, logger, redis }) => {
  const app = configureApiApp(await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, logger }));
  return {
    app,
    stopping: `taking no new requests, finishing those in flight (at most ${config.SHUTDOWN_GRACE_MS} ms)`,
    stopFirst: () => stopServing(app.getHttpServer(), config.SHUTDOWN_GRACE_MS),
    serve: async () => {
      await app.listen(config.PORT);
      if (redis.startedHere) logger.log(`Started redis-server at ${redis.url} with data under ${config.dataDir}/redis`, 'Duban');
      logger.log(`Duban API listening on http://localhost:${config.PORT} (store: ${config.EVENT_STORE}, docs: /docs)`, 'Duban');
    },
  };
});
