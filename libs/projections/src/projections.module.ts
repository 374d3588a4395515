import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { CaseQueries } from './case-queries';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';

const READ_MODEL_DATABASE = Symbol('READ_MODEL_DATABASE');

/** Starts the projection with the app and stops it (then closes the file) before the event store closes. */
@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL_DATABASE) private readonly db: Database.Database,
  ) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
    this.db.close();
  }
}

const logger = new Logger('Projections');

/**
 * Read models of this process: `DATA_DIR/read-models.sqlite` (AppConfig.readModelsFile), fed from
 * the event store by a ProjectionRunner. Every API instance keeps its own file and runner. Needs
 * PlatformModule; imported by each module that reads the read models, which then share one runner.
 */
@Module({
  providers: [
    { provide: READ_MODEL_DATABASE, inject: [AppConfig], useFactory: (config: AppConfig) => openReadModelDatabase(config.readModelsFile) },
    {
      provide: CaseProjection,
      inject: [READ_MODEL_DATABASE, EVENT_STORE],
      useFactory: (db: Database.Database, store: EventStore) =>
        new CaseProjection(db, store, { onCorruptStream: (stream, error) => logger.error(`Case stream ${stream} does not fold: ${String(error)}`) }),
    },
    { provide: CaseQueries, inject: [READ_MODEL_DATABASE], useFactory: (db: Database.Database) => new CaseQueries(db) },
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, CaseProjection, AppConfig],
      useFactory: (store: EventStore, projection: CaseProjection, config: AppConfig) =>
        new ProjectionRunner(store, projection, {
          onDropped: (error, retryInMs) => logger.warn(`Projection dropped, resuming in ${retryInMs} ms: ${String(error)}`),
          onCorruptStream: (stream, error) => logger.error(`Case stream ${stream} does not fold: ${error}`),
          // On the embedded store the case rows are folded and written off the requests' event loop.
          ...(config.EVENT_STORE === 'sqlite' && { thread: { eventsFile: config.sqliteFile, readModelsFile: config.readModelsFile } }),
        }),
    },
    ProjectionLifecycle,
  ],
  exports: [CaseQueries, ProjectionRunner],
})
export class ProjectionsModule {}
