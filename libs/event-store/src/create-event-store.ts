import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreDbCheckpointStore } from './adapters/eventstoredb/eventstoredb-checkpoint-store';
import { EventStoreDbEventStore } from './adapters/eventstoredb/eventstoredb-event-store';
import { InMemoryCheckpointStore } from './adapters/in-memory/in-memory-checkpoint-store';
import { InMemoryEventStore } from './adapters/in-memory/in-memory-event-store';
import { InMemoryProjectionStateStore } from './adapters/in-memory/in-memory-projection-state-store';
import { createPostgresEventStore, type PostgresEventStoreOptions } from './adapters/postgres/postgres-event-store';
import { openSqliteEventStore, type SqliteEventStoreOptions } from './adapters/sqlite/sqlite-event-store';
import type { EventStore } from './port/event-store';
import type { CheckpointStore, ProjectionStateStore } from './port/event-store.port';

export interface EventStoreConfig {
  kind: 'sqlite' | 'postgres' | 'eventstoredb' | 'memory';
  /** Required when kind is 'sqlite'. */
  sqlite?: SqliteEventStoreOptions;
  /** Required when kind is 'postgres': `connectionString` (e.g. `postgres://duban@db:5432/duban`), optional `schema`. */
  postgres?: PostgresEventStoreOptions;
  /** Required when kind is 'eventstoredb', e.g. `esdb://localhost:2113?tls=false`. */
  eventStoreDb?: { connectionString: string };
}

/**
 * The configured store and the checkpoint and projection state stores that belong with it (same file,
 * same server). On EventStoreDB projection state is kept in memory: rebuilt from the log on start.
 */
export function createEventStore(config: EventStoreConfig): { store: EventStore; checkpoints: CheckpointStore; projectionState: ProjectionStateStore } {
  switch (config.kind) {
    case 'sqlite': {
      if (!config.sqlite?.file) throw new Error("Event store kind 'sqlite' needs sqlite.file");
      return openSqliteEventStore(config.sqlite);
    }
    case 'postgres': {
      if (!config.postgres?.connectionString) throw new Error("Event store kind 'postgres' needs postgres.connectionString");
      return createPostgresEventStore(config.postgres);
    }
    case 'eventstoredb': {
      const connectionString = config.eventStoreDb?.connectionString;
      if (!connectionString) throw new Error("Event store kind 'eventstoredb' needs eventStoreDb.connectionString");
      const client = EventStoreDBClient.connectionString(connectionString);
      const checkpoints = new EventStoreDbCheckpointStore(client);
      return { store: new EventStoreDbEventStore(client, { beforeClose: () => checkpoints.flush() }), checkpoints, projectionState: new InMemoryProjectionStateStore() };
    }
    case 'memory':
      return { store: new InMemoryEventStore(), checkpoints: new InMemoryCheckpointStore(), projectionState: new InMemoryProjectionStateStore() };
    default:
      throw new Error(`Unknown event store kind ${String((config as { kind: unknown }).kind)}`);
  }
}
