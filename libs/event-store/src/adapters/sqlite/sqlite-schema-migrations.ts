import type Database from 'better-sqlite3';

/** One schema change; `version` is its place in the sequence, starting at 1. */
export interface SqliteMigration {
  readonly version: number;
  readonly description: string;
  readonly statements: string;
}

/**
 * The migrations of one kind of file (event store, customer keys), oldest first. A file records in
 * `PRAGMA user_version` the newest migration applied to it.
 */
export interface VersionedSqliteSchema {
  /** What the file holds, for error messages. */
  readonly name: string;
  readonly migrations: readonly SqliteMigration[];
  /**
   * Files written before the schema was versioned have user_version 0 whatever their layout; this
   * tells, once per such file, which migration its layout matches. Without it, 0 means empty.
   */
  readonly versionOfUnversionedFile?: (db: Database.Database) => number;
}

/** The file was written by a newer build: its layout is unknown here, so it is not touched. */
export class SqliteSchemaTooNewError extends Error {
  constructor(
    readonly schema: string,
    readonly fileVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`The ${schema} file has schema version ${fileVersion}; this build knows up to ${supportedVersion}. Run a newer build, or restore a backup made by this one.`);
    this.name = new.target.name;
  }
}

export function latestVersion(schema: VersionedSqliteSchema): number {
  return schema.migrations.length;
}

/**
 * Brings the file up to `target` (default: the latest): the missing migrations in order and the
 * new user_version in one BEGIN IMMEDIATE transaction, so a crash leaves the file at its old
 * version and another process opening it at the same time waits, then finds it migrated.
 */
export function migrateSqliteSchema(db: Database.Database, schema: VersionedSqliteSchema, target = latestVersion(schema)): void {
  schema.migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`${schema.name} migration ${migration.version} is out of sequence at position ${index + 1}`);
  });
  if (versionOf(db, schema) >= target) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated meanwhile.
    const stored = versionOf(db, schema);
    const current = stored === 0 && schema.versionOfUnversionedFile !== undefined ? schema.versionOfUnversionedFile(db) : stored;
    schema.migrations.slice(current, target).forEach((migration) => db.exec(migration.statements));
    db.pragma(`user_version = ${Math.max(current, target)}`);
  }).immediate();
}

/** The file's recorded version; refuses a file newer than every migration this build has. */
function versionOf(db: Database.Database, schema: VersionedSqliteSchema): number {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > latestVersion(schema)) throw new SqliteSchemaTooNewError(schema.name, version, latestVersion(schema));
  return version;
}
