import Database from 'better-sqlite3';
import { EventStoreFullError, EventStoreReadOnlyError, EventStoreUnavailableError } from '../../port/event-store.errors';
import { EVENT_STORE_SCHEMA } from './migrations';
import { migrateSqliteSchema, type VersionedSqliteSchema } from './sqlite-schema-migrations';

/** PRAGMA synchronous levels that keep WAL commits durable enough for a ledger-like store. */
export type SqliteSynchronous = 'NORMAL' | 'FULL' | 'EXTRA';

export interface SqliteDatabaseOptions {
  file: string;
  /** FULL (default) and EXTRA survive power loss; NORMAL survives process crashes only. */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
}

const SYNCHRONOUS_LEVELS: readonly SqliteSynchronous[] = ['NORMAL', 'FULL', 'EXTRA'];
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) an event-store file. safeIntegers makes every INTEGER come back as a
 * bigint, so revisions and positions never pass through a lossy number.
 */
export function openSqliteDatabase(options: SqliteDatabaseOptions): Database.Database {
  const synchronous = options.synchronous ?? 'FULL';
  if (!SYNCHRONOUS_LEVELS.includes(synchronous)) {
    throw new Error(`Unsupported SQLite synchronous level ${String(synchronous)}; use one of ${SYNCHRONOUS_LEVELS.join(', ')}`);
  }
  return withSqliteErrorsMapped('open the database', () =>
    openWalDatabase(options.file, { schema: EVENT_STORE_SCHEMA, synchronous, busyTimeoutMs: options.busyTimeoutMs, safeIntegers: true }),
  );
}

/**
 * Opens (creating if needed) a SQLite file in WAL mode, so readers never wait for the writer, and
 * migrates it to the newest version of its schema, if it has one. Shared by the event store, the
 * customer key store and the read models, which differ in durability.
 */
export function openWalDatabase(
  file: string,
  options: { schema?: VersionedSqliteSchema; synchronous: SqliteSynchronous; busyTimeoutMs?: number; safeIntegers?: boolean },
): Database.Database {
  const db = new Database(file);
  try {
    if (options.safeIntegers) db.defaultSafeIntegers(true);
    // busy_timeout first: switching to WAL needs a lock that another process may hold.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    if (options.schema !== undefined) migrateSqliteSchema(db, options.schema);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Failures of the database itself become the port's typed errors: SQLITE_FULL (disk full, or the
 * file at max_page_count) is EventStoreFullError, SQLITE_READONLY* EventStoreReadOnlyError, and
 * the rest (locked too long, I/O errors, a closed or corrupt file) EventStoreUnavailableError.
 * A failed append is rolled back whole: better-sqlite3 ends the transaction on any error.
 */
export function withSqliteErrorsMapped<T>(action: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw storeErrorOf(action, error) ?? error;
  }
}

const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|PROTOCOL|PERM)/;

/**
 * Duck-typed: the native addon keeps the SqliteError class of the first realm that loaded it, so
 * in other realms (every jest test file after the first) instanceof checks fail.
 */
function storeErrorOf(action: string, error: unknown): EventStoreUnavailableError | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const described = `SQLite event store could not ${action}: ${String(message)}`;
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_FULL')) return new EventStoreFullError(described, error);
    if (code.startsWith('SQLITE_READONLY')) return new EventStoreReadOnlyError(described, error);
    if (UNAVAILABLE_CODES.test(code)) return new EventStoreUnavailableError(described, error);
    return undefined;
  }
  return /database connection is not open/i.test(String(message)) ? new EventStoreUnavailableError(described, error) : undefined;
}
