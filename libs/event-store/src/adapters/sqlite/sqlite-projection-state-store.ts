import type Database from 'better-sqlite3';
import type { GlobalPosition, JsonValue, ProjectionState, ProjectionStateStore } from '../../port/event-store.port';
import { withSqliteErrorsMapped } from './sqlite-database';

/** Projection state in the event store's own SQLite file (tables `projections`, `projection_documents`). */
export class SqliteProjectionStateStore implements ProjectionStateStore {
  private readonly selectPosition;
  private readonly selectDocuments;
  private readonly moveForward;
  private readonly upsertDocument;
  private readonly deleteDocument;
  private readonly saveAll;
  private readonly loadAll;

  constructor(db: Database.Database) {
    this.selectPosition = db.prepare<[string], { position: string }>('SELECT position FROM projections WHERE name = ?');
    this.selectDocuments = db.prepare<[string], { key: string; document: string }>('SELECT key, document FROM projection_documents WHERE projection = ?');
    // Positions of this store fit in int64, so comparing them as integers is exact.
    this.moveForward = db.prepare<[string, string, number]>(
      `INSERT INTO projections (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
       WHERE CAST(projections.position AS INTEGER) < CAST(excluded.position AS INTEGER)`,
    );
    this.upsertDocument = db.prepare<[string, string, string]>(
      'INSERT INTO projection_documents (projection, key, document) VALUES (?, ?, ?) ON CONFLICT (projection, key) DO UPDATE SET document = excluded.document',
    );
    this.deleteDocument = db.prepare<[string, string]>('DELETE FROM projection_documents WHERE projection = ? AND key = ?');
    // One read transaction: the documents are the ones of the position read.
    this.loadAll = db.transaction((projection: string): ProjectionState | undefined => {
      const row = this.selectPosition.get(projection);
      if (!row) return undefined;
      const documents = new Map(this.selectDocuments.all(projection).map(({ key, document }) => [key, JSON.parse(document) as JsonValue]));
      return { position: BigInt(row.position), documents };
    });
    this.saveAll = db.transaction((projection: string, position: GlobalPosition, changes: ReadonlyMap<string, JsonValue | null>): boolean => {
      if (this.moveForward.run(projection, position.toString(), Date.now()).changes === 0) return false;
      for (const [key, document] of changes) {
        if (document === null) this.deleteDocument.run(projection, key);
        else this.upsertDocument.run(projection, key, JSON.stringify(document));
      }
      return true;
    });
  }

  async load(projection: string): Promise<ProjectionState | undefined> {
    return withSqliteErrorsMapped('load a projection', () => this.loadAll(projection));
  }

  async save(projection: string, position: GlobalPosition, changes: ReadonlyMap<string, JsonValue | null>): Promise<boolean> {
    return withSqliteErrorsMapped('save a projection', () => this.saveAll.immediate(projection, position, changes));
  }
}
