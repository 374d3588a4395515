import Database from 'better-sqlite3';
import { EventStoreFullError, EventStoreReadOnlyError, EventStoreUnavailableError } from '../../port/event-store.errors';

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
  return withSqliteErrorsMapped('open the database', () => {
    const db = openWalDatabase(options.file, { schema: SCHEMA, synchronous, busyTimeoutMs: options.busyTimeoutMs, safeIntegers: true });
    try {
      addChainColumns(db);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

/**
 * Files created before tamper evidence lack the chain columns; their events keep NULL there and
 * verification reports them as unchained legacy events.
 */
function addChainColumns(db: Database.Database): void {
  const missing = () => {
    const present = new Set(
      db
        .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('events')")
        .all()
        .map((column) => column.name),
    );
    return ['hash', 'previous_hash'].filter((column) => !present.has(column));
  };
  if (missing().length === 0) return;
  // Checked again under the write lock: another process may be adding them right now.
  db.transaction(() => missing().forEach((column) => db.exec(`ALTER TABLE events ADD COLUMN ${column} TEXT`))).immediate();
}

/**
 * Opens (creating if needed) a SQLite file in WAL mode, so readers never wait for the writer, and
 * applies its schema. Shared by the event store and the read models, which differ in durability.
 */
export function openWalDatabase(file: string, options: { schema: string; synchronous: SqliteSynchronous; busyTimeoutMs?: number; safeIntegers?: boolean }): Database.Database {
  const db = new Database(file);
  try {
    if (options.safeIntegers) db.defaultSafeIntegers(true);
    // busy_timeout first: switching to WAL needs a lock that another process may hold.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    db.exec(options.schema);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

// AUTOINCREMENT so that a position is never handed out twice, even after the newest rows are deleted.
// Checkpoint positions are TEXT: a checkpoint may track another store whose positions exceed int64.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position   INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    stream     TEXT    NOT NULL,
    revision   INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    metadata   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    hash          TEXT,
    previous_hash TEXT,
    UNIQUE (stream, revision)
  );
  CREATE TABLE IF NOT EXISTS checkpoints (
    name       TEXT    PRIMARY KEY,
    position   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  );
`;

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
