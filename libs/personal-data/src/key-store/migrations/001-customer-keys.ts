import type { SqliteMigration } from '@duban/event-store';

// IF NOT EXISTS: files from before versioning already hold exactly these tables, at user_version 0.
export const customerKeys: SqliteMigration = {
  version: 1,
  description: "wrapped customer keys and the keyed subject lookups that find a customer's key",
  statements: `
    CREATE TABLE IF NOT EXISTS customer_keys (
      key_id      TEXT PRIMARY KEY,
      wrapped_key BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS customer_subjects (
      lookup TEXT PRIMARY KEY,
      key_id TEXT NOT NULL REFERENCES customer_keys(key_id)
    );
    CREATE INDEX IF NOT EXISTS customer_subjects_by_key ON customer_subjects(key_id);
  `,
};
