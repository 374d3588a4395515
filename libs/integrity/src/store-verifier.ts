import { anchorBreak, anchoredRevisionMissing, checkpointProblem, INTEGRITY_CHECKPOINT_STREAM, readCheckpoint, type AnchoredHead, type RecordedCheckpoint } from './checkpoint';
import { StreamChainVerifier, type ChainedEvent } from './stream-chain';

/** A recorded event with its global position, as a pass over the whole log delivers it. */
export interface LoggedEvent extends ChainedEvent {
  position: bigint;
}

/** The first break found in one stream. */
export interface StoreBreak {
  stream: string;
  /** The revision that is missing, unchained or does not match; absent when the whole stream is gone. */
  brokenAt?: bigint;
  reason: string;
}

export interface StoreReport {
  valid: boolean;
  events: number;
  streams: number;
  checkpoints: number;
  /** Events after the newest checkpoint: chained, but not yet anchored. */
  unanchoredEvents: number;
  breaks: StoreBreak[];
}

interface Anchor {
  head: AnchoredHead;
  sequence: number;
  seen: boolean;
}

/**
 * Verifies a whole store in one pass over its global log. Built from the checkpoint stream (read
 * first), it then takes every event in position order and checks:
 * - each stream's hash chain (edited, reordered, deleted or unchained events);
 * - the checkpoint chain itself: sequence, links, growing positions (counted anew from a restart
 *   after a migration, whose earlier checkpoints carry the source store's), Merkle roots;
 * - every head a checkpoint anchors still stands with the same hash (truncated or deleted streams);
 * - every event up to a checkpoint's position belongs to a stream that checkpoint anchors at or
 *   beyond the event's revision (streams inserted behind a checkpoint's back).
 * Only checkpoints before the first bad one are trusted.
 */
export class StoreVerifier {
  private readonly streams = new Map<string, StreamChainVerifier>();
  private readonly breaks = new Map<string, StoreBreak>();
  private readonly anchors = new Map<string, Map<bigint, Anchor>>();
  private readonly trusted: RecordedCheckpoint[] = [];
  /** The trusted checkpoints whose positions are this store's: from the last restart after a migration on. */
  private positioned: RecordedCheckpoint[] = [];
  private events = 0;
  private unanchoredEvents = 0;
  private coveringHeads?: { checkpoint: RecordedCheckpoint; revisions: Map<string, bigint> };

  constructor(checkpointEvents: readonly ChainedEvent[]) {
    for (const event of checkpointEvents) {
      const read = readCheckpoint(event);
      const problem = typeof read === 'string' ? read : checkpointProblem(read.checkpoint, this.trusted.at(-1));
      if (problem) {
        this.recordBreak({ stream: INTEGRITY_CHECKPOINT_STREAM, brokenAt: event.revision, reason: problem });
        break;
      }
      this.trust(read as RecordedCheckpoint);
    }
  }

  accept(event: LoggedEvent): void {
    this.events++;
    let chain = this.streams.get(event.stream);
    if (!chain) this.streams.set(event.stream, (chain = new StreamChainVerifier()));
    const chainBreak = chain.accept(event);
    if (chainBreak) this.recordBreak({ stream: event.stream, ...chainBreak });
    if (event.stream !== INTEGRITY_CHECKPOINT_STREAM) this.checkAnchoring(event);
  }

  finish(): StoreReport {
    for (const [stream, anchors] of this.anchors) {
      for (const [revision, anchor] of anchors) {
        if (anchor.seen) continue;
        const gone = { brokenAt: revision, reason: `stream is gone, but checkpoint #${anchor.sequence} anchors it at revision ${revision}` };
        this.recordBreak({ stream, ...(this.streams.has(stream) ? anchoredRevisionMissing(anchor.sequence, anchor.head) : gone) });
        break;
      }
    }
    const breaks = [...this.breaks.values()];
    return {
      valid: breaks.length === 0,
      events: this.events,
      streams: this.streams.size,
      checkpoints: this.trusted.length,
      unanchoredEvents: this.unanchoredEvents,
      breaks,
    };
  }

  private trust(recorded: RecordedCheckpoint): void {
    this.trusted.push(recorded);
    if (recorded.checkpoint.restartsAfterMigration) this.positioned = [recorded];
    else this.positioned.push(recorded);
    const { sequence, streams } = recorded.checkpoint;
    for (const head of streams) {
      let anchors = this.anchors.get(head.stream);
      if (!anchors) this.anchors.set(head.stream, (anchors = new Map<bigint, Anchor>()));
      anchors.set(BigInt(head.revision), { head, sequence, seen: false });
    }
  }

  private checkAnchoring(event: LoggedEvent): void {
    const anchor = this.anchors.get(event.stream)?.get(event.revision);
    if (anchor) {
      anchor.seen = true;
      const found = anchorBreak(anchor.sequence, anchor.head, event);
      if (found) this.recordBreak({ stream: event.stream, ...found });
    }
    const covering = this.checkpointCovering(event.position);
    if (!covering) {
      this.unanchoredEvents++;
      return;
    }
    const anchoredRevision = this.anchoredRevision(covering, event.stream);
    if (event.integrity && (anchoredRevision === undefined || anchoredRevision < event.revision)) {
      this.recordBreak({
        stream: event.stream,
        brokenAt: event.revision,
        reason: `recorded before checkpoint #${covering.checkpoint.sequence} but not anchored by it`,
      });
    }
  }

  /**
   * The revision at which `covering` anchors `stream`. A checkpoint lists every stream (100,000 in
   * a large branch's year), so its heads are indexed once, for the checkpoint covering the events
   * now arriving: events come in position order, so that is one checkpoint after another.
   */
  private anchoredRevision(covering: RecordedCheckpoint, stream: string): bigint | undefined {
    if (this.coveringHeads?.checkpoint !== covering) {
      this.coveringHeads = { checkpoint: covering, revisions: new Map(covering.checkpoint.streams.map((head) => [head.stream, BigInt(head.revision)])) };
    }
    return this.coveringHeads.revisions.get(stream);
  }

  /**
   * The first checkpoint with this store's positions whose range (previous upToPosition,
   * upToPosition] holds `position`; a restart after a migration anchors everything before it.
   */
  private checkpointCovering(position: bigint): RecordedCheckpoint | undefined {
    let low = 0;
    let high = this.positioned.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (BigInt(this.positioned[middle].checkpoint.upToPosition) < position) low = middle + 1;
      else high = middle;
    }
    return this.positioned[low];
  }

  /** One break per stream: the earliest revision wins. */
  private recordBreak(found: StoreBreak): void {
    const known = this.breaks.get(found.stream);
    if (!known || (found.brokenAt !== undefined && known.brokenAt !== undefined && found.brokenAt < known.brokenAt)) {
      this.breaks.set(found.stream, found);
    }
  }
}
