import type { AppConfig } from '@duban/config';
import type { EventStoreConfig } from '@duban/event-store';

/** The event store the configuration names: the embedded SQLite file under DATA_DIR, or EventStoreDB. */
export function eventStoreConfigOf(config: AppConfig): EventStoreConfig {
  return config.EVENT_STORE === 'eventstoredb'
    ? { kind: 'eventstoredb', eventStoreDb: { connectionString: config.EVENTSTORE_CONNECTION_STRING as string } }
    : { kind: 'sqlite', sqlite: { file: config.sqliteFile, synchronous: config.SQLITE_SYNCHRONOUS } };
}
