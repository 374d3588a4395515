export {
  type JsonValue,
  type JsonObject,
  type StreamRevision,
  type GlobalPosition,
  NO_STREAM,
  ANY,
  type NewEvent,
  type RecordedEvent,
  type LeanEvent,
  type ReadStreamOptions,
  type Subscription,
  type CheckpointStore,
  type ProjectionState,
  type ProjectionStateStore,
} from './port/event-store.port';
export {
  WrongExpectedVersionError,
  StreamNotFoundError,
  EventStoreUnavailableError,
  EventStoreFullError,
  EventStoreReadOnlyError,
  DuplicateEventIdError,
} from './port/event-store.errors';
export { EVENT_STORE, CHECKPOINT_STORE, PROJECTION_STATE_STORE, type EventStore } from './port/event-store';
export { type EventStoreConfig, createEventStore } from './create-event-store';
export { InMemoryEventStore } from './adapters/in-memory/in-memory-event-store';
export { InMemoryCheckpointStore } from './adapters/in-memory/in-memory-checkpoint-store';
export { InMemoryProjectionStateStore } from './adapters/in-memory/in-memory-projection-state-store';
export { SqliteEventStore, openSqliteEventStore } from './adapters/sqlite/sqlite-event-store';
export { postgresStoreErrorOf } from './adapters/postgres/postgres-errors';
export { PostgresChannelListener, type ChannelListenerHandlers } from './adapters/postgres/channel-listener';
export { PostgresEventStore, createPostgresEventStore, openPostgresEventStore, DEFAULT_POSTGRES_SCHEMA } from './adapters/postgres/postgres-event-store';
export { ensurePostgres, probePostgres, PostgresUnavailableError, type EnsuredPostgres } from './adapters/postgres/local-postgres';
export { openWalDatabase, type SqliteSynchronous } from './adapters/sqlite/sqlite-database';
export { SqliteSchemaTooNewError, type SqliteMigration, type VersionedSqliteSchema } from './adapters/sqlite/sqlite-schema-migrations';
export { readAllPages, readStreamOrEmpty } from './core/read-pages';
export { copyEventLog } from './migration/copy-event-log';
