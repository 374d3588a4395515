import { eventHash } from '@duban/integrity';
import { readAllPages } from '../core/read-pages';
import type { EventStore } from '../port/event-store';
import { NO_STREAM, type CheckpointStore, type GlobalPosition, type RecordedEvent } from '../port/event-store.port';

/**
 * Where a migration stores how far it got, in the target's checkpoint store: one checkpoint per
 * source, named after the source's first event, so that a second source copied into the same
 * target starts from its own beginning instead of the first source's end.
 */
export function migrationCheckpointName(sourceFirstEventId: string): string {
  return `event-log-migration-from-${sourceFirstEventId}`;
}

/**
 * The most one append of a migration carries: half of EventStoreDB's default MaxAppendSize (1 MiB),
 * leaving room for the chain fields and the server's framing. A longer run of one stream is split.
 */
const MAX_APPEND_BYTES = 512 * 1024;

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
  /** The checkpoint this source's progress is stored under (undefined for an empty source). */
  readonly checkpoint: string | undefined;
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
  const [first] = await source.readAll({ maxCount: 1 });
  if (!first) return { checkpoint: undefined, copied: 0, resumedAfter: undefined, position: undefined, finished: true };
  const checkpoint = migrationCheckpointName(first.id);
  const resumedAfter = await options.checkpoints.load(checkpoint);
  const sourceHead = await source.headPosition();
  let copied = 0;
  let position = resumedAfter;
  for await (const page of readAllPages(source, { after: resumedAfter, pageSize: options.pageSize })) {
    if (options.shouldStop?.()) return { checkpoint, copied, resumedAfter, position, finished: false };
    for (const run of runsOfOneStream(page)) await copyRun(target, run);
    copied += page.length;
    position = page.at(-1)!.position;
    await options.checkpoints.store(checkpoint, position);
    options.onProgress?.({ position, sourceHead, copied });
  }
  return { checkpoint, copied, resumedAfter, position, finished: true };
}

/**
 * Consecutive events of one stream, appended together: global order is kept, in fewer appends,
 * each under MAX_APPEND_BYTES (an event larger on its own goes alone, and the target says if it is too large).
 */
function* runsOfOneStream(page: readonly RecordedEvent[]): Generator<RecordedEvent[]> {
  let run: RecordedEvent[] = [];
  let runBytes = 0;
  for (const event of page) {
    const bytes = appendedBytes(event);
    if (run.length > 0 && (run[0].stream !== event.stream || runBytes + bytes > MAX_APPEND_BYTES)) {
      yield run;
      run = [];
      runBytes = 0;
    }
    run.push(event);
    runBytes += bytes;
  }
  if (run.length > 0) yield run;
}

/** What an event weighs in an append: its JSON data and metadata, its type, and the chain fields (two hex hashes and their keys). */
function appendedBytes(event: RecordedEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata)) + Buffer.byteLength(event.type) + 2 * 64 + 64;
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
