import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { SqliteSchemaTooNewError } from '@duban/event-store';
import { CUSTOMER_KEY_SCHEMA } from './migrations';
import { SqliteCustomerKeyRows } from './sqlite-customer-key-rows';

const directory = mkdtempSync(join(tmpdir(), 'duban-key-migrations-'));
const freshFile = () => join(directory, `${randomUUID()}.sqlite`);
afterAll(() => rmSync(directory, { recursive: true, force: true }));

// The DDL the releases before versioning ran on every open; they left user_version at 0.
const UNVERSIONED = `
  CREATE TABLE IF NOT EXISTS customer_keys (key_id TEXT PRIMARY KEY, wrapped_key BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS customer_subjects (lookup TEXT PRIMARY KEY, key_id TEXT NOT NULL REFERENCES customer_keys(key_id));
  CREATE INDEX IF NOT EXISTS customer_subjects_by_key ON customer_subjects(key_id);
`;

function userVersion(file: string): unknown {
  const db = new Database(file, { readonly: true });
  const version = db.pragma('user_version', { simple: true });
  db.close();
  return version;
}

describe('SQLite customer key rows: schema versions', () => {
  it('creates a new file at the latest version', () => {
    const file = freshFile();
    new SqliteCustomerKeyRows(file).close();
    expect(userVersion(file)).toBe(CUSTOMER_KEY_SCHEMA.migrations.length);
  });

  it('adopts a file written before versioning, keeping its keys and subject lookups', () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(UNVERSIONED);
    old.prepare('INSERT INTO customer_keys VALUES (?, ?)').run('k-1', Buffer.from('wrapped'));
    old.prepare('INSERT INTO customer_subjects VALUES (?, ?)').run('lookup-1', 'k-1');
    old.close();

    const rows = new SqliteCustomerKeyRows(file);
    try {
      expect(userVersion(file)).toBe(CUSTOMER_KEY_SCHEMA.migrations.length);
      expect(rows.byId('k-1')).toEqual({ keyId: 'k-1', wrappedKey: Buffer.from('wrapped') });
      expect(rows.insertOrGet('lookup-1', { keyId: 'k-2', wrappedKey: Buffer.from('other') })).toEqual({ keyId: 'k-1', wrappedKey: Buffer.from('wrapped') });
    } finally {
      rows.close();
    }
  });

  it('refuses a file written by a newer build', () => {
    const file = freshFile();
    const newer = new Database(file);
    newer.pragma(`user_version = ${CUSTOMER_KEY_SCHEMA.migrations.length + 1}`);
    newer.close();
    expect(() => new SqliteCustomerKeyRows(file)).toThrow(SqliteSchemaTooNewError);
  });
});
