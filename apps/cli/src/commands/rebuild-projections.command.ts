import type { AppConfig } from '@duban/config';
import type { EventStore } from '@duban/event-store';
import { CaseProjection, openReadModelDatabase, rebuildCaseProjection } from '@duban/projections';
import { shareOf, type ProgressOutput } from '../progress';

/**
 * Empties this DATA_DIR's read models and replays the whole event log into them. Run it with the
 * API of that DATA_DIR stopped: a running API keeps feeding the same file from its own position.
 */
export async function rebuildProjections(config: AppConfig, store: EventStore, progress: ProgressOutput): Promise<number> {
  const db = openReadModelDatabase(config.readModelsFile);
  try {
    const started = Date.now();
    const result = await rebuildCaseProjection(store, new CaseProjection(db, store), (step) =>
      progress.update(`rebuilding read models: position ${shareOf(step.position, step.headPosition)}, ${step.events.toLocaleString('en')} events`),
    );
    const seconds = (Date.now() - started) / 1000;
    progress.done(`read models rebuilt: ${result.events.toLocaleString('en')} events up to position ${result.position} in ${seconds.toFixed(1)} s (${config.readModelsFile})`);
    return 0;
  } finally {
    db.close();
  }
}
