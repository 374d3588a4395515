import type { SqliteMigration } from '../sqlite-schema-migrations';

// The layout of the first release. AUTOINCREMENT so that a position is never handed out twice, even
// after the newest rows are deleted. Checkpoint positions are TEXT: a checkpoint may track another
// store whose positions exceed int64. IF NOT EXISTS: unversioned files of the first release run it
// again (see versionOfUnversionedFile) and get only what they lack.
export const eventsAndCheckpoints: SqliteMigration = {
  version: 1,
  description: 'events log with store-wide unique ids and per-stream revisions; subscription checkpoints',
  statements: `
    CREATE TABLE IF NOT EXISTS events (
      position   INTEGER PRIMARY KEY AUTOINCREMENT,
      id         TEXT    NOT NULL UNIQUE,
      stream     TEXT    NOT NULL,
      revision   INTEGER NOT NULL,
      type       TEXT    NOT NULL,
      data       TEXT    NOT NULL,
      metadata   TEXT    NOT NULL,
      created_at INTEGER NOT NULL,
      UNIQUE (stream, revision)
    );
    CREATE TABLE IF NOT EXISTS checkpoints (
      name       TEXT    PRIMARY KEY,
      position   TEXT    NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
