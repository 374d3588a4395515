import type Database from 'better-sqlite3';
import type { VersionedSqliteSchema } from '../sqlite-schema-migrations';
import { eventsAndCheckpoints } from './001-events-and-checkpoints';
import { chainHashes } from './002-chain-hashes';
import { projectionState } from './003-projection-state';

/** Every change to the event-store file since the first release, in order; add new ones at the end. */
export const EVENT_STORE_SCHEMA: VersionedSqliteSchema = {
  name: 'SQLite event store',
  migrations: [eventsAndCheckpoints, chainHashes, projectionState],
  versionOfUnversionedFile,
};

/**
 * Releases before versioning left user_version at 0. From tamper evidence on they created the whole
 * layout of migration 2; a file without the chain columns has (some of) migration 1's tables, which
 * migration 1 completes without touching what is there.
 */
function versionOfUnversionedFile(db: Database.Database): number {
  const columns = db.prepare<[], string>("SELECT name FROM pragma_table_info('events')").pluck().all();
  return columns.includes('hash') ? chainHashes.version : 0;
}
