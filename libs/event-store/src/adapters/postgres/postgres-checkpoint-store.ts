import type { Pool } from 'pg';
import type { CheckpointStore, GlobalPosition } from '../../port/event-store.port';
import { withPostgresErrorsMapped } from './postgres-errors';
import { quotedSchema } from './postgres-schema';

/** Checkpoints in the event store's own schema (table `checkpoints`), so they survive restarts. */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly schemaReady: () => Promise<void>,
  ) {
    this.table = `${quotedSchema(schema)}.checkpoints`;
  }

  async load(name: string): Promise<GlobalPosition | undefined> {
    const { rows } = await withPostgresErrorsMapped('load a checkpoint', async () => {
      await this.schemaReady();
      return this.pool.query<{ position: string }>(`SELECT position FROM ${this.table} WHERE name = $1`, [name]);
    });
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  async store(name: string, position: GlobalPosition): Promise<void> {
    await withPostgresErrorsMapped('store a checkpoint', async () => {
      await this.schemaReady();
      await this.pool.query(
        `INSERT INTO ${this.table} (name, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
        [name, position.toString()],
      );
    });
  }
}
