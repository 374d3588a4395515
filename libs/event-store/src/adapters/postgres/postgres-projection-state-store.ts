import type { Pool } from 'pg';
import type { GlobalPosition, JsonValue, ProjectionState, ProjectionStateStore } from '../../port/event-store.port';
import { withPostgresErrorsMapped } from './postgres-errors';
import { quotedSchema } from './postgres-schema';

/** Projection state in the event store's own schema (tables `projections`, `projection_documents`). */
export class PostgresProjectionStateStore implements ProjectionStateStore {
  private readonly projections: string;
  private readonly documents: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly schemaReady: () => Promise<void>,
  ) {
    this.projections = `${quotedSchema(schema)}.projections`;
    this.documents = `${quotedSchema(schema)}.projection_documents`;
  }

  async load(projection: string): Promise<ProjectionState | undefined> {
    return withPostgresErrorsMapped('load a projection', async () => {
      await this.schemaReady();
      // One statement, one snapshot: the documents are the ones of the position read.
      const { rows } = await this.pool.query<{ position: string; key: string | null; document: string | null }>(
        `SELECT p.position, d.key, d.document FROM ${this.projections} p LEFT JOIN ${this.documents} d ON d.projection = p.name WHERE p.name = $1`,
        [projection],
      );
      if (rows.length === 0) return undefined;
      const documents = new Map<string, JsonValue>();
      for (const { key, document } of rows) if (key !== null) documents.set(key, JSON.parse(document!) as JsonValue);
      return { position: BigInt(rows[0].position), documents };
    });
  }

  async save(projection: string, position: GlobalPosition, changes: ReadonlyMap<string, JsonValue | null>): Promise<boolean> {
    return withPostgresErrorsMapped('save a projection', async () => {
      await this.schemaReady();
      const client = await this.pool.connect();
      let unusable: Error | undefined;
      try {
        await client.query('BEGIN');
        // The row lock taken here orders concurrent savers; positions compare as numbers, stored as text.
        const moved = await client.query(
          `INSERT INTO ${this.projections} (name, position, updated_at) VALUES ($1, $2, now())
           ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
           WHERE ${this.projections}.position::numeric < excluded.position::numeric`,
          [projection, position.toString()],
        );
        if (moved.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        const removed = [...changes].filter(([, document]) => document === null).map(([key]) => key);
        const written = [...changes].filter((change): change is [string, JsonValue] => change[1] !== null);
        await client.query(`DELETE FROM ${this.documents} WHERE projection = $1 AND key = ANY($2::text[])`, [projection, removed]);
        await client.query(
          `INSERT INTO ${this.documents} (projection, key, document) SELECT $1, key, document FROM unnest($2::text[], $3::text[]) AS changed(key, document)
           ON CONFLICT (projection, key) DO UPDATE SET document = excluded.document`,
          [projection, written.map(([key]) => key), written.map(([, document]) => JSON.stringify(document))],
        );
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackFailure: Error) => (unusable = rollbackFailure));
        throw error;
      } finally {
        client.release(unusable);
      }
    });
  }
}
