import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json';

/** The chain fields every event appended since tamper evidence carries. */
export interface EventIntegrity {
  /** SHA-256 (hex) of the event's canonical content and previousHash. */
  hash: string;
  /** The hash of the stream's previous event; null for revision 0. */
  previousHash: string | null;
}

/** What an event's hash covers: everything a reader relies on except the store-assigned time and position. */
export interface HashedContent {
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: { [key: string]: JsonValue };
  metadata: { [key: string]: JsonValue };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function eventHash(content: HashedContent, previousHash: string | null): string {
  const { id, stream, revision, type, data, metadata } = content;
  return sha256Hex(canonicalJson({ id, stream, revision: revision.toString(), type, data, metadata, previousHash }));
}

/**
 * The chain fields of a batch about to be appended at `firstRevision`, linked to the stream's head
 * (`previousHash`: the hash of the event at firstRevision - 1, null for a new stream).
 */
export function chainBatch(
  stream: string,
  firstRevision: bigint,
  previousHash: string | null,
  events: readonly Omit<HashedContent, 'stream' | 'revision'>[],
): EventIntegrity[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const hash = eventHash({ ...event, stream, revision: firstRevision + BigInt(index) }, previous);
    const integrity = { hash, previousHash: previous };
    previous = hash;
    return integrity;
  });
}
