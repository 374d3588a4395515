import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { CaseQueries } from './case-queries';
import { CASE_READ_MODEL, type CaseReadModel } from './case-read-model';
import { PostgresCaseQueries } from './postgres/postgres-case-queries';
import { sharedProjectorCandidate } from './postgres/shared-projector.module';
import { SharedReadModelPosition } from './postgres/shared-read-model-position';
import { ProjectionRunner } from './projection-runner';
import { READ_MODEL_POSITION, type ReadModelPosition } from './read-model-position';
import { openReadModelDatabase } from './read-model-database';

const logger = new Logger('Projections');

/** The read models this process reads, where they stand, and what keeps them going between the app's start and stop. */
interface ReadSide {
  queries: CaseReadModel;
  position: ReadModelPosition;
  start(): void;
  stop(): Promise<void>;
}

const READ_SIDE = Symbol('READ_SIDE');

/** Every API instance keeps its own file (AppConfig.readModelsFile), fed by its own ProjectionRunner. */
function ownSqliteReadSide(config: AppConfig, store: EventStore): ReadSide {
  const db = openReadModelDatabase(config.readModelsFile);
  const projection = new CaseProjection(db, store, { onCorruptStream: (stream, error) => logger.error(`Case stream ${stream} does not fold: ${String(error)}`) });
  const runner = new ProjectionRunner(store, projection, {
    onDropped: (error, retryInMs) => logger.warn(`Projection dropped, resuming in ${retryInMs} ms: ${String(error)}`),
    onCorruptStream: (stream, error) => logger.error(`Case stream ${stream} does not fold: ${error}`),
    // On the embedded store the case rows are folded and written off the requests' event loop.
    ...(config.EVENT_STORE === 'sqlite' && { thread: { eventsFile: config.sqliteFile, readModelsFile: config.readModelsFile } }),
  });
  return {
    queries: new CaseQueries(db),
    position: runner,
    start: () => runner.start(),
    stop: async () => {
      await runner.stop();
      db.close();
    },
  };
}

/** The rows shared in PostgreSQL, built by one projector (a worker's, or this process's with PROJECTOR_CANDIDATES=all). */
function sharedPostgresReadSide(config: AppConfig, store: EventStore): ReadSide {
  const connectionString = config.DATABASE_URL!;
  const pool = new Pool({ connectionString, application_name: 'duban-read-models', max: 4 });
  pool.on('error', () => undefined); // an idle connection dropped: the next query opens another
  const position = new SharedReadModelPosition(pool, store, { connectionString, schema: config.POSTGRES_SCHEMA });
  const projector = config.PROJECTOR_CANDIDATES === 'all' ? sharedProjectorCandidate(config, store) : undefined;
  return {
    queries: new PostgresCaseQueries(pool, config.POSTGRES_SCHEMA),
    position,
    start: () => {
      position.start();
      projector?.start();
    },
    stop: async () => {
      await projector?.stop();
      await position.stop();
      await pool.end();
    },
  };
}

/** Starts the read side with the app and stops it before the event store closes. */
@Injectable()
class ReadSideLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  onApplicationBootstrap(): void {
    this.readSide.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.readSide.stop();
  }
}

/**
 * The API's read side, by store: on SQLite and EventStoreDB every instance keeps its own read-model
 * file; on PostgreSQL every instance reads the rows shared there. Exports CASE_READ_MODEL and
 * READ_MODEL_POSITION. Needs PlatformModule; imported by each module that reads the read models,
 * which then share one read side.
 */
@Module({
  providers: [
    {
      provide: READ_SIDE,
      inject: [AppConfig, EVENT_STORE],
      useFactory: (config: AppConfig, store: EventStore): ReadSide =>
        config.EVENT_STORE === 'postgres' ? sharedPostgresReadSide(config, store) : ownSqliteReadSide(config, store),
    },
    { provide: CASE_READ_MODEL, inject: [READ_SIDE], useFactory: (readSide: ReadSide) => readSide.queries },
    { provide: READ_MODEL_POSITION, inject: [READ_SIDE], useFactory: (readSide: ReadSide) => readSide.position },
    ReadSideLifecycle,
  ],
  exports: [CASE_READ_MODEL, READ_MODEL_POSITION],
})
export class ProjectionsModule {}
