import type { AppConfig } from '@duban/config';
import type { EventStoreConfig } from '@duban/event-store';

/** The event store the configuration names: the embedded SQLite file by default, PostgreSQL or EventStoreDB when asked. */
export function eventStoreConfigOf(config: AppConfig): EventStoreConfig {
  switch (config.EVENT_STORE) {
    case 'eventstoredb':
      return { kind: 'eventstoredb', eventStoreDb: { connectionString: config.EVENTSTORE_CONNECTION_STRING as string } };
    case 'postgres':
      return { kind: 'postgres', postgres: { connectionString: config.DATABASE_URL as string, schema: config.POSTGRES_SCHEMA } };
    default:
      return { kind: 'sqlite', sqlite: { file: config.sqliteFile, synchronous: config.SQLITE_SYNCHRONOUS } };
  }
}
