import type { PoolClient } from 'pg';

/**
 * The event store's tables in their own PostgreSQL schema. Numbered migrations, as for the SQLite
 * file (the log cannot be rebuilt from anything else): each runs once, in order, in one transaction
 * that holds an advisory lock, so processes starting together migrate once and the others wait.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly description: string;
  /** SQL with `$schema` standing for the quoted schema name. */
  readonly statements: string;
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'events log with store-wide unique ids, per-stream revisions and chain hashes; subscription checkpoints',
    // json, not jsonb: the text is kept as written, so what was hashed is what is read back.
    // Checkpoint positions are text: a checkpoint may track another store whose positions exceed int64.
    statements: `
      CREATE TABLE $schema.events (
        position      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id            uuid        NOT NULL UNIQUE,
        stream        text        NOT NULL,
        revision      bigint      NOT NULL,
        type          text        NOT NULL,
        data          json        NOT NULL,
        metadata      json        NOT NULL,
        created_at    timestamptz NOT NULL,
        hash          text,
        previous_hash text,
        UNIQUE (stream, revision)
      );
      CREATE TABLE $schema.checkpoints (
        name       text        PRIMARY KEY,
        position   text        NOT NULL,
        updated_at timestamptz NOT NULL
      );
    `,
  },
];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, checked so that it can be spliced into SQL; quoted on use. */
export function quotedSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`PostgreSQL schema name ${JSON.stringify(schema)} must match ${SCHEMA_NAME.source}`);
  return `"${schema}"`;
}

/** The schema holds a version newer than this build knows: it is left untouched. */
export class PostgresSchemaTooNewError extends Error {
  constructor(
    readonly schema: string,
    readonly storedVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`The PostgreSQL event store in schema ${schema} has version ${storedVersion}; this build knows up to ${supportedVersion}. Run a newer build.`);
    this.name = new.target.name;
  }
}

/** Creates the schema or brings it to the newest version; `client` must not be in a transaction. */
export async function migratePostgresSchema(client: PoolClient, schema: string, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<void> {
  const quoted = quotedSchema(schema);
  await client.query('BEGIN');
  try {
    // One lock per schema name: concurrent CREATE ... IF NOT EXISTS can still collide in the catalogue.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban-event-store-schema:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (version integer NOT NULL)`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_version`);
    const stored = rows[0]?.version ?? 0;
    if (stored > migrations.length) throw new PostgresSchemaTooNewError(schema, stored, migrations.length);
    for (const migration of migrations.slice(stored)) await client.query(migration.statements.replaceAll('$schema', quoted));
    if (rows.length === 0) await client.query(`INSERT INTO ${quoted}.schema_version (version) VALUES ($1)`, [migrations.length]);
    else await client.query(`UPDATE ${quoted}.schema_version SET version = $1`, [migrations.length]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
