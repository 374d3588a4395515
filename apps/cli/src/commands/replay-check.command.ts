import type { AppConfig } from '@duban/config';
import type { EventStore } from '@duban/event-store';
import { CaseProjection, CaseQueries, openReadModelDatabase, replayCheck } from '@duban/projections';
import type { ProgressOutput } from '../progress';

/**
 * Folds every case stream from scratch and compares it with this DATA_DIR's read models; exits 1
 * naming each case and field that differs. Safe while the API runs: cases with events the read
 * models have not reached yet are counted and left out.
 */
export async function checkReplay(config: AppConfig, store: EventStore, progress: ProgressOutput): Promise<number> {
  const db = openReadModelDatabase(config.readModelsFile);
  try {
    const projectedUpTo = new CaseProjection(db, store).position() ?? 0n;
    const result = await replayCheck(store, new CaseQueries(db), projectedUpTo, (checked, total) => progress.update(`replaying cases: ${checked} / ${total}`));
    for (const difference of result.differences) {
      progress.done(`DIFFERENT ${difference.stream} ${difference.field}: read model ${JSON.stringify(difference.readModel)}, replay ${JSON.stringify(difference.replayed)}`);
    }
    const skipped = result.notYetProjected > 0 ? `, ${result.notYetProjected} not yet projected` : '';
    const differences = result.differences.length;
    progress.done(`${result.cases} cases replayed, ${differences} difference${differences === 1 ? '' : 's'}${skipped}`);
    return result.differences.length === 0 ? 0 : 1;
  } finally {
    db.close();
  }
}
