import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { PlatformModule } from '@duban/platform';

/** The job runner: deadline firing and notifications attach here as BullMQ processors. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [PlatformModule.forRoot(config)] };
  }
}
