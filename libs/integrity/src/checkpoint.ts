import { canonicalJson } from './canonical-json';
import { merkleInclusionProof, merkleRoot } from './merkle';
import type { ChainBreak, ChainedEvent } from './stream-chain';

/** The global checkpoint chain lives in one ordinary, itself hash-chained stream. */
export const INTEGRITY_CHECKPOINT_STREAM = 'integrity-checkpoints';
export const INTEGRITY_CHECKPOINT_RECORDED = 'IntegrityCheckpointRecorded';

/** A stream's head as a checkpoint anchors it; revision as a string, as positions are (they exceed 2^53). */
export type AnchoredHead = { stream: string; revision: string; hash: string };

/** The data of an IntegrityCheckpointRecorded event. */
export type IntegrityCheckpoint = {
  /** 1, 2, 3... */
  sequence: number;
  /** The chain hash of the previous checkpoint event; null for the first. */
  previousCheckpointHash: string | null;
  /** The global position of the newest event this checkpoint covers, in the store that recorded the checkpoint. */
  upToPosition: string;
  /**
   * That event by stream and revision, which every store copied by a migration keeps: a store
   * finds it at another position than upToPosition when the checkpoint came from another store.
   * Absent on checkpoints recorded before migrations were told apart.
   */
  upToEvent?: { stream: string; revision: string };
  /**
   * The earlier checkpoints' positions are another store's (a migration copied them): this one
   * anchors every stream of this store's log from its start, and positions count from here on.
   */
  restartsAfterMigration?: true;
  /** Heads of the streams changed since the previous checkpoint, sorted by stream name. */
  streams: AnchoredHead[];
  /** Merkle root over `streams` (leaf: the canonical JSON of one head). */
  merkleRoot: string;
};

/** A checkpoint together with its event's own chain hash (what the next checkpoint links to). */
export interface RecordedCheckpoint {
  checkpoint: IntegrityCheckpoint;
  hash: string;
  revision: bigint;
}

export function anchoredLeaf(head: AnchoredHead): string {
  return canonicalJson({ stream: head.stream, revision: head.revision, hash: head.hash });
}

/**
 * The newest chained head of every stream among `events` (read in global order since the last
 * checkpoint, possibly a page at a time after `earlier` pages' heads), sorted by stream name. The
 * checkpoint stream itself is chained by its own links; legacy events have no hash to anchor.
 */
export function changedHeads(events: readonly ChainedEvent[], earlier: readonly AnchoredHead[] = []): AnchoredHead[] {
  const heads = new Map(earlier.map((head) => [head.stream, head]));
  for (const { stream, revision, integrity } of events) {
    if (stream === INTEGRITY_CHECKPOINT_STREAM || !integrity) continue;
    heads.set(stream, { stream, revision: revision.toString(), hash: integrity.hash });
  }
  return [...heads.values()].sort((a, b) => compareStrings(a.stream, b.stream));
}

export function nextCheckpoint(
  previous: RecordedCheckpoint | undefined,
  streams: AnchoredHead[],
  upToPosition: bigint,
  upTo?: { event: { stream: string; revision: bigint }; restartsAfterMigration: boolean },
): IntegrityCheckpoint {
  return {
    sequence: (previous?.checkpoint.sequence ?? 0) + 1,
    previousCheckpointHash: previous?.hash ?? null,
    upToPosition: upToPosition.toString(),
    ...(upTo && { upToEvent: { stream: upTo.event.stream, revision: upTo.event.revision.toString() } }),
    ...(upTo?.restartsAfterMigration && { restartsAfterMigration: true as const }),
    streams,
    merkleRoot: merkleRoot(streams.map(anchoredLeaf)),
  };
}

/** Why `checkpoint` does not follow `previous` or does not add up; undefined when it does. */
export function checkpointProblem(checkpoint: IntegrityCheckpoint, previous: RecordedCheckpoint | undefined): string | undefined {
  const expectedSequence = (previous?.checkpoint.sequence ?? 0) + 1;
  if (checkpoint.sequence !== expectedSequence) return `checkpoint sequence ${checkpoint.sequence} where ${expectedSequence} was due`;
  if (checkpoint.previousCheckpointHash !== (previous?.hash ?? null)) return `checkpoint #${checkpoint.sequence} does not link to the previous checkpoint`;
  if (previous && !checkpoint.restartsAfterMigration && BigInt(checkpoint.upToPosition) <= BigInt(previous.checkpoint.upToPosition)) {
    return `checkpoint #${checkpoint.sequence} does not cover anything after checkpoint #${previous.checkpoint.sequence}`;
  }
  const sorted = checkpoint.streams.every((head, index) => index === 0 || compareStrings(checkpoint.streams[index - 1].stream, head.stream) < 0);
  if (!sorted) return `checkpoint #${checkpoint.sequence} lists its streams out of order or twice`;
  if (merkleRoot(checkpoint.streams.map(anchoredLeaf)) !== checkpoint.merkleRoot) {
    return `checkpoint #${checkpoint.sequence}: the Merkle root does not match the streams it lists`;
  }
  return undefined;
}

/** The checkpoint in a recorded event, or a reason why the event is not one. */
export function readCheckpoint(event: ChainedEvent): RecordedCheckpoint | string {
  if (event.type !== INTEGRITY_CHECKPOINT_RECORDED) return `unexpected event type ${event.type} in the checkpoint chain`;
  if (!event.integrity) return 'unchained checkpoint';
  const { sequence, previousCheckpointHash, upToPosition, upToEvent, restartsAfterMigration, streams, merkleRoot: root } = event.data;
  const wellFormed =
    Number.isSafeInteger(sequence) &&
    (upToEvent === undefined || isEventAddress(upToEvent)) &&
    (restartsAfterMigration === undefined || restartsAfterMigration === true) &&
    (previousCheckpointHash === null || typeof previousCheckpointHash === 'string') &&
    typeof upToPosition === 'string' &&
    /^\d+$/.test(upToPosition) &&
    typeof root === 'string' &&
    Array.isArray(streams) &&
    streams.every(isAnchoredHead);
  if (!wellFormed) return 'malformed checkpoint';
  return { checkpoint: event.data as IntegrityCheckpoint, hash: event.integrity.hash, revision: event.revision };
}

function isEventAddress(value: unknown): boolean {
  const address = value as { stream?: unknown; revision?: unknown };
  return typeof address === 'object' && address !== null && typeof address.stream === 'string' && /^\d+$/.test(String(address.revision));
}

function isAnchoredHead(value: unknown): value is AnchoredHead {
  const head = value as AnchoredHead;
  return typeof head === 'object' && head !== null && typeof head.stream === 'string' && typeof head.hash === 'string' && /^\d+$/.test(String(head.revision));
}

/** Where `stream` stands in the checkpoint and the audit path proving it is under the Merkle root. */
export function anchorOf(checkpoint: IntegrityCheckpoint, stream: string): { head: AnchoredHead; leafIndex: number; proof: string[] } | undefined {
  const leafIndex = checkpoint.streams.findIndex((head) => head.stream === stream);
  if (leafIndex < 0) return undefined;
  return { head: checkpoint.streams[leafIndex], leafIndex, proof: merkleInclusionProof(checkpoint.streams.map(anchoredLeaf), leafIndex) };
}

/**
 * Whether the event recorded at an anchored head's revision (undefined: none is) still is what
 * checkpoint #`sequence` anchored. Catches truncated streams and heads rewritten chain and all.
 */
export function anchorBreak(sequence: number, head: AnchoredHead, recorded: ChainedEvent | undefined): ChainBreak | undefined {
  if (!recorded) return anchoredRevisionMissing(sequence, head);
  if (recorded.integrity?.hash !== head.hash) return { brokenAt: BigInt(head.revision), reason: `hash differs from the one checkpoint #${sequence} anchored` };
  return undefined;
}

export function anchoredRevisionMissing(sequence: number, head: AnchoredHead): ChainBreak {
  return { brokenAt: BigInt(head.revision), reason: `checkpoint #${sequence} anchors revision ${head.revision}, which is no longer there` };
}

/** Code-unit order, the same in every locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
