import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { PROJECTION_THREAD, type ProjectionThreadMessage, type ProjectionThreadSettings } from './projection-thread-host';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';

/**
 * How often the thread looks for new events. Appends happen on the main thread, whose in-process
 * signal does not reach this one, so a short poll keeps read-your-writes (minPosition) prompt.
 */
const POLL_INTERVAL_MS = 5;

/** Whether this thread was started as the projection thread (ProjectionThread). */
export function isProjectionThread(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[PROJECTION_THREAD] !== undefined;
}

/** The body of the projection thread: a ProjectionRunner on connections of its own, reporting its progress to the main thread. */
export function runProjectionThread(): void {
  const settings = (workerData as Record<string, ProjectionThreadSettings>)[PROJECTION_THREAD];
  const port = parentPort!;
  const report = (message: ProjectionThreadMessage): void => port.postMessage(message);
  const { store } = openSqliteEventStore({ file: settings.eventsFile, pollIntervalMs: POLL_INTERVAL_MS });
  const db = openReadModelDatabase(settings.readModelsFile);
  const projection = new CaseProjection(db, store, { onCorruptStream: (stream, error) => report({ corruptStream: stream, error: String(error) }) });
  const runner = new ProjectionRunner(store, projection, {
    onDropped: (error, retryInMs) => report({ dropped: String(error), retryInMs }),
    onApplied: (position) => report({ applied: position.toString() }),
  });
  port.on('message', (message: { stop?: true }) => {
    if (!message.stop) return;
    void (async () => {
      await runner.stop();
      await store.close();
      db.close();
      port.close();
    })();
  });
  runner.start();
}
