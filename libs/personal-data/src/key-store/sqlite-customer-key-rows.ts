import { openWalDatabase, type SqliteSynchronous } from '@duban/event-store';
import type Database from 'better-sqlite3';
import type { CustomerKeyRows, StoredKeyRow } from './envelope';
import { CUSTOMER_KEY_SCHEMA } from './migrations';

type KeyRecord = { key_id: string; wrapped_key: Buffer };

/**
 * Rows in their own SQLite file (customer-keys.sqlite), WAL like the event store, so API
 * instances, the worker and the CLI may share it. secure_delete zeroes a destroyed key's pages,
 * and a truncating checkpoint afterwards drops the WAL frames that still held it.
 */
export class SqliteCustomerKeyRows implements CustomerKeyRows {
  private readonly db: Database.Database;
  /** Prepared once: every view of a case with a customer reads a key. */
  private readonly selectById;

  constructor(file: string, synchronous: SqliteSynchronous = 'FULL') {
    this.db = openWalDatabase(file, { schema: CUSTOMER_KEY_SCHEMA, synchronous });
    this.db.pragma('secure_delete = ON');
    this.selectById = this.db.prepare<[string], KeyRecord>('SELECT key_id, wrapped_key FROM customer_keys WHERE key_id = ?');
  }

  insertOrGet(lookup: string | null, row: StoredKeyRow): StoredKeyRow {
    // Immediate: two processes registering the same customer agree on one key.
    return this.db
      .transaction((): StoredKeyRow => {
        const owner = lookup === null ? undefined : this.db.prepare<[string], { key_id: string }>('SELECT key_id FROM customer_subjects WHERE lookup = ?').get(lookup);
        const existing = owner === undefined ? null : this.byId(owner.key_id);
        if (existing !== null) return existing;
        this.db.prepare('INSERT INTO customer_keys (key_id, wrapped_key) VALUES (?, ?)').run(row.keyId, row.wrappedKey);
        if (lookup !== null) this.db.prepare('INSERT OR REPLACE INTO customer_subjects (lookup, key_id) VALUES (?, ?)').run(lookup, row.keyId);
        return row;
      })
      .immediate();
  }

  byId(keyId: string): StoredKeyRow | null {
    const record = this.selectById.get(keyId);
    return record === undefined ? null : { keyId: record.key_id, wrappedKey: record.wrapped_key };
  }

  delete(keyId: string): void {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM customer_subjects WHERE key_id = ?').run(keyId);
        this.db.prepare('DELETE FROM customer_keys WHERE key_id = ?').run(keyId);
      })
      .immediate();
    // Best effort: a reader in another process may keep old frames until its next checkpoint.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}
