import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { runDubanProcess } from '@duban/platform';
import { WorkerModule } from './worker.module';

runDubanProcess('worker', async ({ config, logger, redis }) => {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger });
  return {
    app,
    stopping: 'finishing running jobs',
    serve: async () => logger.log(`Worker running (store: ${config.EVENT_STORE}, redis: ${redis.url})`, 'Duban'),
  };
});
