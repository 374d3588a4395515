import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@duban/event-store';
import { anchorBreak, anchorOf, INTEGRITY_CHECKPOINT_STREAM, readCheckpoint, verifyStreamChain, type ChainBreak } from '@duban/integrity';

/** Where the newest checkpoint anchoring a stream put its head, with the proof that it is under that checkpoint's root. */
export interface StreamAnchor {
  checkpoint: number;
  revision: bigint;
  hash: string;
  merkleRoot: string;
  leafIndex: number;
  treeSize: number;
  proof: string[];
}

export interface StreamVerification {
  valid: boolean;
  events: number;
  brokenAt?: bigint;
  reason?: string;
  anchor?: StreamAnchor;
}

const CHECKPOINT_PAGE = 100;

/**
 * One stream's proof: its hash chain, and its head as the newest checkpoint anchoring it recorded
 * it (which catches a truncated tail the chain alone cannot). The checkpoint chain itself is
 * verified with the whole store (verifyStore). `events` spares a caller that read them a second read.
 */
export async function verifyStream(store: EventStore, stream: string, read?: readonly RecordedEvent[]): Promise<StreamVerification> {
  const events = read ?? (await readStreamOrEmpty(store, stream));
  const verdict = verifyStreamChain(events);
  const found = events.length === 0 ? undefined : await newestAnchor(store, stream, events[0].position);
  if (!found) return verdict;
  const { checkpoint, head, leafIndex, proof } = found;
  const anchor = {
    checkpoint: checkpoint.sequence,
    revision: BigInt(head.revision),
    hash: head.hash,
    merkleRoot: checkpoint.merkleRoot,
    leafIndex,
    treeSize: checkpoint.streams.length,
    proof,
  };
  const anchorProblem = anchorBreak(
    checkpoint.sequence,
    head,
    events.find((event) => event.revision === anchor.revision),
  );
  const earliest = [verdict.valid ? undefined : verdict, anchorProblem]
    .filter((problem): problem is ChainBreak => problem !== undefined)
    .sort((a, b) => (a.brokenAt < b.brokenAt ? -1 : 1))[0];
  return earliest ? { valid: false, events: events.length, brokenAt: earliest.brokenAt, reason: earliest.reason, anchor } : { ...verdict, anchor };
}

/** Reads checkpoints newest first, back to the first one that could not have seen the stream. */
async function newestAnchor(store: EventStore, stream: string, firstPosition: bigint) {
  let from: bigint | 'end' = 'end';
  for (;;) {
    const page = await readStreamOrEmpty(store, INTEGRITY_CHECKPOINT_STREAM, { direction: 'backwards', from, maxCount: CHECKPOINT_PAGE });
    for (const event of page) {
      const read = readCheckpoint(event);
      if (typeof read === 'string') continue;
      if (BigInt(read.checkpoint.upToPosition) < firstPosition) return undefined;
      const anchor = anchorOf(read.checkpoint, stream);
      if (anchor) return { ...anchor, checkpoint: read.checkpoint };
      // Older checkpoints carry another store's positions, and this one anchored every stream there was.
      if (read.checkpoint.restartsAfterMigration) return undefined;
    }
    const oldest = page.at(-1);
    if (page.length < CHECKPOINT_PAGE || !oldest || oldest.revision === 0n) return undefined;
    from = oldest.revision - 1n;
  }
}
