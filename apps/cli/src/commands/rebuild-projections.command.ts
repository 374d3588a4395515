import type { AppConfig } from '@duban/config';
import type { EventStore } from '@duban/event-store';
import { CaseProjection, openReadModelDatabase, ProjectorRoleHeldError, rebuildCaseProjection, rebuildSharedCaseRows, type RebuildProgress } from '@duban/projections';
import { shareOf, type ProgressOutput } from '../progress';

/**
 * Empties the read models and replays the whole event log into them: this DATA_DIR's file (run it
 * with the API of that DATA_DIR stopped: a running API keeps feeding the same file from its own
 * position), or on PostgreSQL the shared rows (refused while a worker holds the projector role).
 */
export async function rebuildProjections(config: AppConfig, store: EventStore, progress: ProgressOutput): Promise<number> {
  const started = Date.now();
  const report = (step: RebuildProgress) =>
    progress.update(`rebuilding read models: position ${shareOf(step.position, step.headPosition)}, ${step.events.toLocaleString('en')} events`);
  let result: RebuildProgress;
  let where: string;
  if (config.EVENT_STORE === 'postgres') {
    try {
      result = await rebuildSharedCaseRows(store, { connectionString: config.DATABASE_URL!, schema: config.POSTGRES_SCHEMA }, report);
    } catch (error) {
      if (!(error instanceof ProjectorRoleHeldError)) throw error;
      progress.done(`read models not rebuilt: ${error.message}`);
      return 1;
    }
    where = `PostgreSQL schema ${config.POSTGRES_SCHEMA}`;
  } else {
    const db = openReadModelDatabase(config.readModelsFile);
    try {
      result = await rebuildCaseProjection(store, new CaseProjection(db, store), report);
    } finally {
      db.close();
    }
    where = config.readModelsFile;
  }
  const seconds = (Date.now() - started) / 1000;
  progress.done(`read models rebuilt: ${result.events.toLocaleString('en')} events up to position ${result.position} in ${seconds.toFixed(1)} s (${where})`);
  return 0;
}
