import type Database from 'better-sqlite3';
import { openWalDatabase } from '@duban/event-store';

/**
 * Opens (creating if needed) the read-model file: a separate file from the event store, so the
 * event store stays the audit log and this one can be deleted and rebuilt at any time. WAL lets
 * queries read while the projection writes; `synchronous = NORMAL` is enough for data that a
 * replay recreates.
 */
export function openReadModelDatabase(file: string): Database.Database {
  const db = openWalDatabase(file, { synchronous: 'NORMAL' });
  // Unlike the event store and the key store, which are migrated step by step (their rows exist
  // nowhere else), a read model written by another layout is dropped and replayed from the events:
  // every row is derived, so a rebuild is always right and there is no migration to get wrong.
  // IMMEDIATE takes the write lock first and the version is read again under it: two processes
  // opening one new file at once would otherwise both start a rebuild and one fail as busy.
  const layoutIsCurrent = (): boolean => db.pragma('user_version', { simple: true }) === SCHEMA_VERSION;
  if (!layoutIsCurrent()) {
    db.transaction(() => {
      if (layoutIsCurrent()) return;
      db.exec(DROP);
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }
  // Also brings back the indexes of a replay from zero that stopped before it could build them.
  db.exec(BUILD_CASE_ROW_INDEXES);
  return db;
}

/**
 * The work queues' order (CaseQueries' `dueAt` sort): a breached clock before every deadline, no
 * running clock after every deadline. The queues' index of open cases is built on it.
 */
export const DEADLINE_SORT_KEY = "CASE WHEN breached = 1 THEN '0000-01-01T00:00:00.000Z' ELSE COALESCE(due_at, '9999-12-31T23:59:59.999Z') END";

/** case_rows' secondary indexes by name: a replay from zero drops them and builds them after the load (CaseProjection). */
const CASE_ROW_INDEXES = {
  case_rows_unit: '(kind, unit_id)',
  case_rows_responsible: '(kind, responsible_unit_id)',
  case_rows_received: '(kind, received_at, id)',
  case_rows_due: '(kind, due_at, id)',
  case_rows_number: '(number)',
  case_rows_repeat_of: '(repeat_of)',
  // The work queues (open cases, nearest deadline first) walk this in order and stop at a page,
  // instead of sorting every case in scope: a year of a large branch is 100,000 of them.
  case_rows_open_by_deadline: `(${DEADLINE_SORT_KEY}, id) WHERE open = 1`,
};
export const BUILD_CASE_ROW_INDEXES = Object.entries(CASE_ROW_INDEXES)
  .map(([name, columns]) => `CREATE INDEX IF NOT EXISTS ${name} ON case_rows ${columns};`)
  .join('\n');
export const DROP_CASE_ROW_INDEXES = Object.keys(CASE_ROW_INDEXES)
  .map((name) => `DROP INDEX IF EXISTS ${name};`)
  .join('\n');

/** Raise it with every change to SCHEMA, CASE_ROW_INDEXES or how a row is derived: existing files then rebuild on open. */
const SCHEMA_VERSION = 8;

const DROP = `
  DROP TABLE IF EXISTS case_rows;
  DROP TABLE IF EXISTS calendar_versions;
  DROP TABLE IF EXISTS projection_checkpoints;
`;

// Positions are TEXT: EventStoreDB positions may exceed SQLite's int64.
const SCHEMA = `
  CREATE TABLE case_rows (
    stream              TEXT    PRIMARY KEY,
    kind                TEXT    NOT NULL,
    id                  TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    open                INTEGER NOT NULL,
    unit_id             TEXT    NOT NULL,
    responsible_unit_id TEXT    NOT NULL,
    assignee_id         TEXT,
    type                TEXT,
    category            TEXT    NOT NULL,
    channel             TEXT,
    priority            TEXT    NOT NULL,
    escalation_level    INTEGER NOT NULL,
    received_at         TEXT    NOT NULL,
    replied_at          TEXT,
    closed_at           TEXT,
    due_at              TEXT,
    breached            INTEGER NOT NULL,
    description         TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    received_month      TEXT    NOT NULL,
    responsibility      TEXT,
    reply_outcome       TEXT,
    reply_business_ms   INTEGER,
    verified_at         TEXT,
    carry_over_count    INTEGER NOT NULL,
    position            TEXT    NOT NULL,
    number              TEXT,
    follow_up_satisfied INTEGER,
    sign_off_unit_id    TEXT,
    repeat_of           TEXT,
    UNIQUE (kind, id)
  );
  -- Every published calendar version, so that business time is measured as the clock counted it.
  CREATE TABLE calendar_versions (
    id       TEXT    NOT NULL,
    version  INTEGER NOT NULL,
    calendar TEXT    NOT NULL,
    PRIMARY KEY (id, version)
  );
  CREATE TABLE projection_checkpoints (
    name     TEXT PRIMARY KEY,
    position TEXT NOT NULL
  );
`;
