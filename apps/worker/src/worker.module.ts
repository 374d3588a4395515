import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { PlatformModule } from '@duban/platform';
import { SchedulingModule } from '@duban/scheduling';

/**
 * The job runner: delivers notifications and, once the SLA layer passes its `deadlineHandler`,
 * fires deadlines and sweeps. Workers stop taking jobs on shutdown and finish the running ones.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [PlatformModule.forRoot(config), SchedulingModule.forWorker({ redisUrl: config.REDIS_URL })],
    };
  }
}
