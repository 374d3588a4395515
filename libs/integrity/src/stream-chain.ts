import { eventHash, type EventIntegrity, type HashedContent } from './event-hash';

/** A recorded event as verification sees it; `integrity` is absent on events written before tamper evidence. */
export interface ChainedEvent extends HashedContent {
  integrity?: EventIntegrity;
}

/** The first place a stream's chain does not hold. */
export interface ChainBreak {
  /** The revision that is missing, unchained or does not match. */
  brokenAt: bigint;
  reason: string;
}

export type StreamVerdict = { valid: true; events: number } | ({ valid: false; events: number } & ChainBreak);

/**
 * Checks one stream's hash chain event by event, in revision order, so a whole store can be
 * verified in one pass over the global log without holding any stream in memory. Only the first
 * break counts: everything after it is unprovable anyway.
 */
export class StreamChainVerifier {
  private nextRevision = 0n;
  private previousHash: string | null = null;
  private events = 0;
  private firstBreak?: ChainBreak;

  /** Feeds the stream's next recorded event; returns the break it reveals, if it is the first. */
  accept(event: ChainedEvent): ChainBreak | undefined {
    this.events++;
    if (this.firstBreak) return undefined;
    this.firstBreak = this.breakAt(event);
    this.nextRevision = event.revision + 1n;
    this.previousHash = event.integrity?.hash ?? null;
    return this.firstBreak;
  }

  /** The hash of the last event accepted, for anchoring the stream's head. */
  get headHash(): string | null {
    return this.previousHash;
  }

  get verdict(): StreamVerdict {
    return this.firstBreak ? { valid: false, events: this.events, ...this.firstBreak } : { valid: true, events: this.events };
  }

  private breakAt(event: ChainedEvent): ChainBreak | undefined {
    if (event.revision !== this.nextRevision) {
      return { brokenAt: this.nextRevision, reason: `revision ${this.nextRevision} is missing (next recorded: ${event.revision})` };
    }
    const { integrity } = event;
    if (!integrity) {
      return { brokenAt: event.revision, reason: 'unchained legacy event (recorded before tamper evidence): cannot be proven' };
    }
    if (integrity.previousHash !== this.previousHash) {
      return { brokenAt: event.revision, reason: 'previous-hash link does not match the preceding event' };
    }
    if (eventHash(event, integrity.previousHash) !== integrity.hash) {
      return { brokenAt: event.revision, reason: 'content does not match its hash' };
    }
    return undefined;
  }
}

/** Verifies a whole stream read forwards from revision 0. */
export function verifyStreamChain(events: readonly ChainedEvent[]): StreamVerdict {
  const verifier = new StreamChainVerifier();
  for (const event of events) verifier.accept(event);
  return verifier.verdict;
}
