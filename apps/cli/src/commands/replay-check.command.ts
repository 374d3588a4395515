import { Pool } from 'pg';
import type { AppConfig } from '@duban/config';
import type { EventStore, GlobalPosition } from '@duban/event-store';
import { CaseProjection, CaseQueries, openReadModelDatabase, PostgresCaseQueries, replayCheck, sharedCaseRowsPosition, type CaseReadModel } from '@duban/projections';
import type { ProgressOutput } from '../progress';

/**
 * Folds every case stream from scratch and compares it with the read models (this DATA_DIR's file,
 * or on PostgreSQL the shared rows); exits 1 naming each case and field that differs. Safe while the
 * apps run: cases with events the read models have not reached yet are counted and left out.
 */
export async function checkReplay(config: AppConfig, store: EventStore, progress: ProgressOutput): Promise<number> {
  if (config.EVENT_STORE === 'postgres') {
    const pool = new Pool({ connectionString: config.DATABASE_URL, max: 1 });
    try {
      return await compare(store, new PostgresCaseQueries(pool, config.POSTGRES_SCHEMA), await sharedCaseRowsPosition(pool, config.POSTGRES_SCHEMA), progress);
    } finally {
      await pool.end();
    }
  }
  const db = openReadModelDatabase(config.readModelsFile);
  try {
    return await compare(store, new CaseQueries(db), new CaseProjection(db, store).position() ?? 0n, progress);
  } finally {
    db.close();
  }
}

async function compare(store: EventStore, queries: CaseReadModel, projectedUpTo: GlobalPosition, progress: ProgressOutput): Promise<number> {
  const result = await replayCheck(store, queries, projectedUpTo, (checked, total) => progress.update(`replaying cases: ${checked} / ${total}`));
  for (const difference of result.differences) {
    progress.done(`DIFFERENT ${difference.stream} ${difference.field}: read model ${JSON.stringify(difference.readModel)}, replay ${JSON.stringify(difference.replayed)}`);
  }
  const skipped = result.notYetProjected > 0 ? `, ${result.notYetProjected} not yet projected` : '';
  const differences = result.differences.length;
  progress.done(`${result.cases} cases replayed, ${differences} difference${differences === 1 ? '' : 's'}${skipped}`);
  return result.differences.length === 0 ? 0 : 1;
}
