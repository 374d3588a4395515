import type Database from 'better-sqlite3';
import type { CheckpointStore, GlobalPosition } from '../../port/event-store.port';
import { withSqliteErrorsMapped } from './sqlite-database';

/** Checkpoints in the event store's own SQLite file (table `checkpoints`), so they survive restarts. */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly select;
  private readonly upsert;

  constructor(db: Database.Database) {
    this.select = db.prepare<[string], { position: string }>('SELECT position FROM checkpoints WHERE name = ?');
    this.upsert = db.prepare<[string, string, number]>(
      `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  async load(name: string): Promise<GlobalPosition | undefined> {
    const row = withSqliteErrorsMapped('load a checkpoint', () => this.select.get(name));
    return row ? BigInt(row.position) : undefined;
  }

  async store(name: string, position: GlobalPosition): Promise<void> {
    withSqliteErrorsMapped('store a checkpoint', () => this.upsert.run(name, position.toString(), Date.now()));
  }
}
