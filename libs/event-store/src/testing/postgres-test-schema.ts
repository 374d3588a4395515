import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The server test/global-setup made sure of (ensurePostgres). */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

/** A schema name of its own for one test file's store, so runs sharing the server never meet. */
export function uniqueTestSchema(label: string): string {
  return `test_${label}_${randomUUID().replaceAll('-', '').slice(0, 12)}`.toLowerCase();
}

/** Drops the schemas a test file created, with everything in them. */
export async function dropTestSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
