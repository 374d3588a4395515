import type Database from 'better-sqlite3';
import { openWalDatabase } from '@duban/event-store';

/**
 * Opens (creating if needed) the read-model file: a separate file from the event store, so the
 * event store stays the audit log and this one can be deleted and rebuilt at any time. WAL lets
 * queries read while the projection writes; `synchronous = NORMAL` is enough for data that a
 * replay recreates.
 */
export function openReadModelDatabase(file: string): Database.Database {
  return openWalDatabase(file, { schema: SCHEMA, synchronous: 'NORMAL' });
}

// Positions are TEXT: EventStoreDB positions may exceed SQLite's int64.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS case_rows (
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
    position            TEXT    NOT NULL,
    UNIQUE (kind, id)
  );
  CREATE INDEX IF NOT EXISTS case_rows_unit ON case_rows (kind, unit_id);
  CREATE INDEX IF NOT EXISTS case_rows_responsible ON case_rows (kind, responsible_unit_id);
  CREATE INDEX IF NOT EXISTS case_rows_received ON case_rows (kind, received_at, id);
  CREATE INDEX IF NOT EXISTS case_rows_due ON case_rows (kind, due_at, id);
  CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name     TEXT PRIMARY KEY,
    position TEXT NOT NULL
  );
`;
