import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventStore, type GlobalPosition } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { PROJECTION_THREAD, type ProjectionThreadMessage, type ProjectionThreadSettings } from './projection-thread-host';
import { openReadModelDatabase } from './read-model-database';

/** Events applied in one transaction at the most, as in the in-process ProjectionRunner. */
const PAGE_SIZE = 500;
/** How often to look for events other processes appended; this process's appends wake the thread at once (a nudge). */
const POLL_INTERVAL_MS = 100;
/** Wait before reading again after a page failed. */
const RETRY_MS = 1_000;

/** Whether this thread was started as the projection thread (ProjectionThread). */
export function isProjectionThread(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[PROJECTION_THREAD] !== undefined;
}

/**
 * The body of the projection thread: on connections of its own, reads the global log after the
 * checkpoint stored with the rows in pages and applies each (CaseProjection.applyPage: one
 * transaction with the checkpoint), reporting each position reached; sleeps when it has caught up
 * until nudged (an append of the main thread) or the poll interval has passed.
 */
export function runProjectionThread(): void {
  const settings = (workerData as Record<string, ProjectionThreadSettings>)[PROJECTION_THREAD];
  const port = parentPort!;
  const report = (message: ProjectionThreadMessage): void => port.postMessage(message);
  const { store } = openSqliteEventStore({ file: settings.eventsFile });
  const db = openReadModelDatabase(settings.readModelsFile);
  const projection = new CaseProjection(db, store, { onCorruptStream: (stream, error) => report({ corruptStream: stream, error: String(error) }) });
  let stopping = false;
  let nudged = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake?.(), ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  port.on('message', (message: { nudge?: true; stop?: true }) => {
    nudged = true;
    stopping ||= message.stop === true;
    wake?.();
  });

  const catchUp = async (): Promise<void> => {
    let applied: GlobalPosition | undefined = projection.position();
    while (!stopping) {
      const answering = nudged;
      nudged = false;
      try {
        const page = await store.readAll({ fromPosition: applied === undefined ? 'start' : applied + 1n, maxCount: PAGE_SIZE, lean: true });
        if (page.length > 0) {
          await projection.applyPage(page);
          applied = page.at(-1)!.position;
        }
        // A nudge is answered even when its events were read already, so that the next one is sent.
        if (page.length > 0 || answering) report({ applied: (applied ?? 0n).toString() });
        if (page.length < PAGE_SIZE && !nudged) await sleep(POLL_INTERVAL_MS);
      } catch (error) {
        report({ dropped: String(error), retryInMs: RETRY_MS });
        await sleep(RETRY_MS);
      }
    }
  };
  void catchUp().finally(async () => {
    await store.close();
    db.close();
    port.close();
  });
}
