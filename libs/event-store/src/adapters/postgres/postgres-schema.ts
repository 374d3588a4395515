import type { ClientBase } from 'pg';

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
  {
    version: 2,
    description: 'one-round-trip append: lock, head and id checks, insert and notify in one autocommitted call',
    // Returns no rows, writing nothing, when the stream's head is not the one the caller chained onto
    // or an id is already recorded: the caller then takes the full path, which knows every outcome.
    // The lock is the append transaction's (positions in commit order); each statement of a volatile
    // function sees what was committed before the lock was granted.
    statements: `
      CREATE FUNCTION $schema.append_onto_head(
        p_stream text, p_head_revision bigint, p_head_hash text,
        p_ids uuid[], p_revisions bigint[], p_types text[], p_data json[], p_metadata json[],
        p_created_at timestamptz, p_hashes text[], p_previous_hashes text[], p_channel text, p_payload text)
      RETURNS TABLE (id text, "position" bigint) LANGUAGE plpgsql AS $body$
      #variable_conflict use_column
      DECLARE
        head_revision bigint;
        head_hash text;
      BEGIN
        LOCK TABLE $schema.events IN EXCLUSIVE MODE;
        SELECT e.revision, e.hash INTO head_revision, head_hash FROM $schema.events e WHERE e.stream = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF head_revision IS DISTINCT FROM p_head_revision OR head_hash IS DISTINCT FROM p_head_hash THEN RETURN; END IF;
        IF EXISTS (SELECT 1 FROM $schema.events e WHERE e.id = ANY(p_ids)) THEN RETURN; END IF;
        RETURN QUERY
          INSERT INTO $schema.events AS e (id, stream, revision, type, data, metadata, created_at, hash, previous_hash)
          SELECT batch.id, p_stream, batch.revision, batch.type, batch.data, batch.metadata, p_created_at, batch.hash, batch.previous_hash
          FROM unnest(p_ids, p_revisions, p_types, p_data, p_metadata, p_hashes, p_previous_hashes)
            WITH ORDINALITY AS batch(id, revision, type, data, metadata, hash, previous_hash, ordinality)
          ORDER BY batch.ordinality
          RETURNING e.id::text, e.position;
        PERFORM pg_notify(p_channel, p_payload);
      END
      $body$;
    `,
  },
  {
    version: 3,
    description: "projection state: each projection's position and its JSON documents by key",
    statements: `
      CREATE TABLE $schema.projections (
        name       text        PRIMARY KEY,
        position   text        NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE TABLE $schema.projection_documents (
        projection text NOT NULL,
        key        text NOT NULL,
        document   text NOT NULL,
        PRIMARY KEY (projection, key)
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
export async function migratePostgresSchema(client: ClientBase, schema: string, migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS): Promise<void> {
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
