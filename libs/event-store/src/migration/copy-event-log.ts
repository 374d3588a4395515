import { eventHash } from '@duban/integrity';
import { readAllPages } from '../core/read-pages';
import type { EventStore } from '../port/event-store';
import { NO_STREAM, type CheckpointStore, type GlobalPosition, type RecordedEvent } from '../port/event-store.port';

/** Where a migration stores how far it got, in the target's checkpoint store. */
export const MIGRATION_CHECKPOINT = 'event-log-migration';

export interface MigrationProgress {
  /** Source position of the last event copied. */
  readonly position: GlobalPosition;
  readonly sourceHead: GlobalPosition;
  /** Events copied by this run (events a resumed run finds already there count too: they are checked). */
  readonly copied: number;
}

export interface MigrationOptions {
  /** The target's checkpoint store: a run resumes after the last page it recorded there. */
  readonly checkpoints: CheckpointStore;
  readonly pageSize?: number;
  readonly onProgress?: (progress: MigrationProgress) => void;
  /** Asked before each page; true stops the run cleanly (the next run resumes). */
  readonly shouldStop?: () => boolean;
}

export interface MigrationResult {
  readonly copied: number;
  readonly resumedAfter: GlobalPosition | undefined;
  readonly position: GlobalPosition | undefined;
  readonly finished: boolean;
}

/** The source's stored hash and the one the target computed differ: the source was altered after it was written. */
export class SourceChainBrokenError extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
  ) {
    super(`${stream} revision ${revision}: the stored hash does not match the event; verify the source store (npm run cli -- verify) before migrating`);
    this.name = 'SourceChainBrokenError';
  }
}

/**
 * Copies the whole event log of `source` into `target`, in global order, each event with its id,
 * stream, revision, type, data and metadata unchanged, so that the target computes the same hash
 * chain (the hash covers exactly those and the previous hash; see @duban/integrity). Every copied
 * event's hash is compared with the source's: a difference means the source was tampered with, and
 * the copy stops there rather than launder it into a fresh, valid chain.
 *
 * Resumable and idempotent: each run of a stream is appended at the revision it has in the source,
 * so events already there (a crash between an append and the checkpoint) are the store's
 * idempotent no-op, and the checkpoint after each page lets a new run skip what is done. The time
 * each event was recorded is the target's (stores assign it); its business time is in its data.
 */
export async function copyEventLog(source: EventStore, target: EventStore, options: MigrationOptions): Promise<MigrationResult> {
  const resumedAfter = await options.checkpoints.load(MIGRATION_CHECKPOINT);
  const sourceHead = await source.headPosition();
  let copied = 0;
  let position = resumedAfter;
  for await (const page of readAllPages(source, { after: resumedAfter, pageSize: options.pageSize })) {
    if (options.shouldStop?.()) return { copied, resumedAfter, position, finished: false };
    for (const run of runsOfOneStream(page)) await copyRun(target, run);
    copied += page.length;
    position = page.at(-1)!.position;
    await options.checkpoints.store(MIGRATION_CHECKPOINT, position);
    options.onProgress?.({ position, sourceHead, copied });
  }
  return { copied, resumedAfter, position, finished: true };
}

/** Consecutive events of one stream, appended together: global order is kept, in fewer appends. */
function* runsOfOneStream(page: readonly RecordedEvent[]): Generator<RecordedEvent[]> {
  let run: RecordedEvent[] = [];
  for (const event of page) {
    if (run.length > 0 && run[0].stream !== event.stream) {
      yield run;
      run = [];
    }
    run.push(event);
  }
  if (run.length > 0) yield run;
}

async function copyRun(target: EventStore, run: readonly RecordedEvent[]): Promise<void> {
  // Checked before writing: an altered event must not reach the target at all.
  const altered = run.find((event) => event.integrity !== undefined && eventHash(event, event.integrity.previousHash) !== event.integrity.hash);
  if (altered) throw new SourceChainBrokenError(altered.stream, altered.revision);
  const first = run[0];
  const { recorded: written } = await target.appendToStream(
    first.stream,
    run.map((event) => ({ id: event.id, type: event.type, data: event.data, metadata: event.metadata })),
    { expectedRevision: first.revision === 0n ? NO_STREAM : first.revision - 1n },
  );
  // The same content gives the same hash only if the links match too: a broken link shows here.
  run.forEach((event, index) => {
    const sourceHash = event.integrity?.hash;
    // Events from before tamper evidence carry no hash in the source; the target chains them from here.
    if (sourceHash !== undefined && written[index]?.integrity?.hash !== sourceHash) throw new SourceChainBrokenError(event.stream, event.revision);
  });
}
