import { randomUUID } from 'node:crypto';
import { readAllPages, readStreamOrEmpty, WrongExpectedVersionError, type EventStore, type RecordedEvent } from '@duban/event-store';
import {
  changedHeads,
  INTEGRITY_CHECKPOINT_RECORDED,
  INTEGRITY_CHECKPOINT_STREAM,
  nextCheckpoint,
  readCheckpoint,
  type AnchoredHead,
  type IntegrityCheckpoint,
  type RecordedCheckpoint,
} from '@duban/integrity';

/**
 * Anchors every stream changed since the last checkpoint in a new IntegrityCheckpointRecorded
 * event. Returns it, or undefined when nothing changed or another process recorded the same
 * checkpoint first (the append expects the checkpoint stream's exact revision, so the chain of
 * checkpoints never forks; the loser's changes are covered by the winner or the next one).
 *
 * When the last checkpoint came from another store (a migration copied it, with that store's
 * positions), the chain restarts: the new checkpoint links to it as usual but anchors every
 * stream from the start of this store's log, and its positions are this store's.
 */
export async function recordIntegrityCheckpoint(store: EventStore, now: Date = new Date()): Promise<IntegrityCheckpoint | undefined> {
  const previous = await lastCheckpoint(store);
  const restartsAfterMigration = previous !== undefined && (await positionsOfAnotherStore(store, previous.checkpoint));
  let heads: AnchoredHead[] = [];
  let upTo: RecordedEvent | undefined;
  for await (const page of readAllPages(store, { after: previous && !restartsAfterMigration ? BigInt(previous.checkpoint.upToPosition) : undefined })) {
    heads = changedHeads(page, heads);
    upTo = page[page.length - 1];
  }
  if (heads.length === 0 || upTo === undefined) return undefined;

  const checkpoint = nextCheckpoint(previous, heads, upTo.position, { event: upTo, restartsAfterMigration });
  try {
    await store.appendToStream(
      INTEGRITY_CHECKPOINT_STREAM,
      [{ id: randomUUID(), type: INTEGRITY_CHECKPOINT_RECORDED, data: checkpoint, metadata: { occurredAt: now.toISOString() } }],
      { expectedRevision: previous?.revision ?? 'no_stream' },
    );
    return checkpoint;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return undefined;
    throw error;
  }
}

/**
 * After a migration: records the checkpoint that restarts the chain on this store's positions,
 * if the newest checkpoint came from another store; undefined when there is nothing to restart.
 * (The checkpoint writer would do so at its next tick; verification right after a migration needs it now.)
 */
export async function restartCheckpointChainAfterMigration(store: EventStore, now: Date = new Date()): Promise<IntegrityCheckpoint | undefined> {
  const previous = await lastCheckpoint(store);
  if (!previous || !(await positionsOfAnotherStore(store, previous.checkpoint))) return undefined;
  return recordIntegrityCheckpoint(store, now);
}

/**
 * Whether the checkpoint's positions are another store's: the event it names stands elsewhere
 * here. A checkpoint that names none (recorded before they did) is another store's when its
 * position lies beyond this store's head, as EventStoreDB's (beyond 2^64) do in any other store.
 */
async function positionsOfAnotherStore(store: EventStore, checkpoint: IntegrityCheckpoint): Promise<boolean> {
  const upToPosition = BigInt(checkpoint.upToPosition);
  if (!checkpoint.upToEvent) return upToPosition > (await store.headPosition());
  const { stream, revision } = checkpoint.upToEvent;
  const [event] = await readStreamOrEmpty(store, stream, { from: BigInt(revision), maxCount: 1 });
  return event?.position !== upToPosition;
}

/** The newest checkpoint. One that cannot be read stops the writer rather than restarting the chain; verification says why. */
async function lastCheckpoint(store: EventStore): Promise<RecordedCheckpoint | undefined> {
  const [event] = await readStreamOrEmpty(store, INTEGRITY_CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  if (!event) return undefined;
  const read = readCheckpoint(event);
  if (typeof read === 'string') throw new Error(`The newest integrity checkpoint (revision ${event.revision}) is unreadable: ${read}`);
  return read;
}
