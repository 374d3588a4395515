import type { SqliteMigration } from '../sqlite-schema-migrations';

// Tamper evidence. Events recorded before keep NULL here: verification reports them as unchained
// legacy events rather than inventing hashes for them.
export const chainHashes: SqliteMigration = {
  version: 2,
  description: "each event's chain hash and the hash of its stream's previous event",
  statements: `
    ALTER TABLE events ADD COLUMN hash TEXT;
    ALTER TABLE events ADD COLUMN previous_hash TEXT;
  `,
};
