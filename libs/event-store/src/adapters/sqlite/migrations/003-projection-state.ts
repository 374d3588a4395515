import type { SqliteMigration } from '../sqlite-schema-migrations';

// Read models kept beside the log (ProjectionStateStore): a position per projection, its documents by key.
export const projectionState: SqliteMigration = {
  version: 3,
  description: "projection state: each projection's position and its JSON documents by key",
  statements: `
    CREATE TABLE projections (
      name       TEXT    PRIMARY KEY,
      position   TEXT    NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE projection_documents (
      projection TEXT NOT NULL,
      key        TEXT NOT NULL,
      document   TEXT NOT NULL,
      PRIMARY KEY (projection, key)
    ) WITHOUT ROWID;
  `,
};
