import type { CustomerKeyRows, StoredKeyRow } from './envelope';

/** Rows in a Map, for tests and tools that need no file. */
export class InMemoryCustomerKeyRows implements CustomerKeyRows {
  private readonly keys = new Map<string, StoredKeyRow>();
  private readonly subjects = new Map<string, string>();

  insertOrGet(lookup: string | null, row: StoredKeyRow): StoredKeyRow {
    const existing = lookup === null ? undefined : this.subjects.get(lookup);
    if (existing !== undefined) return this.keys.get(existing)!;
    this.keys.set(row.keyId, row);
    if (lookup !== null) this.subjects.set(lookup, row.keyId);
    return row;
  }

  byId(keyId: string): StoredKeyRow | null {
    return this.keys.get(keyId) ?? null;
  }

  delete(keyId: string): void {
    this.keys.get(keyId)?.wrappedKey.fill(0);
    this.keys.delete(keyId);
    for (const [lookup, owner] of this.subjects) if (owner === keyId) this.subjects.delete(lookup);
  }

  close(): void {}
}
