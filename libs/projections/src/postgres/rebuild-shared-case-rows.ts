import { Client } from 'pg';
import { readAllPages, type EventStore, type GlobalPosition } from '@duban/event-store';
import type { RebuildProgress } from '../rebuild';
import { tryProjectorRole } from './leased-projector';
import { PostgresCaseRows } from './postgres-case-rows';

/** The rebuild found the projector role taken: a worker (or an API with PROJECTOR_CANDIDATES=all) is building the rows. */
export class ProjectorRoleHeldError extends Error {
  constructor(schema: string) {
    super(`another process holds the projector role of schema ${schema}: stop the workers (and APIs with PROJECTOR_CANDIDATES=all) first`);
    this.name = 'ProjectorRoleHeldError';
  }
}

/**
 * Empties the case rows shared in PostgreSQL and replays the whole log into them, holding the
 * projector role meanwhile (refused with ProjectorRoleHeldError while a candidate holds it); a
 * candidate started afterwards goes on from the rebuilt checkpoint.
 */
export async function rebuildSharedCaseRows(
  store: EventStore,
  options: { connectionString: string; schema: string },
  onProgress: (progress: RebuildProgress) => void = () => undefined,
): Promise<RebuildProgress> {
  const client = new Client({ connectionString: options.connectionString, application_name: 'duban-rebuild' });
  await client.connect();
  try {
    if (!(await tryProjectorRole(client, options.schema))) throw new ProjectorRoleHeldError(options.schema);
    const caseRows = new PostgresCaseRows(store, options.schema);
    await caseRows.createTables(client);
    await caseRows.reset(client);
    const headPosition = await store.headPosition();
    let progress: RebuildProgress = { position: 0n, headPosition, events: 0 };
    let after: GlobalPosition | undefined;
    for await (const page of readAllPages(store, { pageSize: 500 })) {
      await caseRows.applyPage(client, after, page, (stream, error) => console.error(`Case stream ${stream} does not fold: ${String(error)}`));
      after = page.at(-1)!.position;
      progress = { position: after, headPosition, events: progress.events + page.length };
      onProgress(progress);
    }
    return progress;
  } finally {
    // Ending the connection gives the role back.
    await client.end();
  }
}
