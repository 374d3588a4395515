import { randomUUID } from 'node:crypto';
import { readAllPages, readStreamOrEmpty, WrongExpectedVersionError, type EventStore } from '@duban/event-store';
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
 */
export async function recordIntegrityCheckpoint(store: EventStore, now: Date = new Date()): Promise<IntegrityCheckpoint | undefined> {
  const previous = await lastCheckpoint(store);
  let heads: AnchoredHead[] = [];
  let upToPosition: bigint | undefined;
  for await (const page of readAllPages(store, { after: previous ? BigInt(previous.checkpoint.upToPosition) : undefined })) {
    heads = changedHeads(page, heads);
    upToPosition = page[page.length - 1].position;
  }
  if (heads.length === 0 || upToPosition === undefined) return undefined;

  const checkpoint = nextCheckpoint(previous, heads, upToPosition);
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

/** The newest checkpoint. One that cannot be read stops the writer rather than restarting the chain; verification says why. */
async function lastCheckpoint(store: EventStore): Promise<RecordedCheckpoint | undefined> {
  const [event] = await readStreamOrEmpty(store, INTEGRITY_CHECKPOINT_STREAM, { direction: 'backwards', maxCount: 1 });
  if (!event) return undefined;
  const read = readCheckpoint(event);
  if (typeof read === 'string') throw new Error(`The newest integrity checkpoint (revision ${event.revision}) is unreadable: ${read}`);
  return read;
}
