import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { LeasedProjector } from './leased-projector';

const logger = new Logger('SharedProjector');

/** A candidate for the one projector of the case rows shared in the configured PostgreSQL schema, logging what it does. */
export function sharedProjectorCandidate(config: AppConfig, store: EventStore): LeasedProjector {
  return new LeasedProjector(store, {
    connectionString: config.DATABASE_URL!,
    schema: config.POSTGRES_SCHEMA,
    onEvent: (event) => {
      if (event.kind === 'holding') logger.log('Holding the projector role: building the shared read models');
      else if (event.kind === 'lost') logger.warn(`Projector role lost, trying again: ${String(event.error)}`);
      else if (event.kind === 'corrupt') logger.error(`Case stream ${event.stream} does not fold: ${String(event.error)}`);
    },
  });
}

/** Tries for the role from the app's start to its stop, on PostgreSQL; nothing on the other stores. */
@Injectable()
class SharedProjectorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly projector: LeasedProjector | undefined;

  constructor(config: AppConfig, @Inject(EVENT_STORE) store: EventStore) {
    this.projector = config.EVENT_STORE === 'postgres' ? sharedProjectorCandidate(config, store) : undefined;
  }

  onApplicationBootstrap(): void {
    this.projector?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.projector?.stop();
  }
}

/**
 * The worker's part in the shared read models (EVENT_STORE=postgres): every worker is a candidate
 * for the one projector (LeasedProjector). Needs PlatformModule.
 */
@Module({ providers: [SharedProjectorLifecycle] })
export class SharedProjectorModule {}
