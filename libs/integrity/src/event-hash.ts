import { hash } from 'node:crypto';
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
  return hash('sha256', text, 'hex');
}

/**
 * SHA-256 of canonicalJson({ id, stream, revision (as a string), type, data, metadata, previousHash }),
 * written out with its keys in their sorted order (the same text, without building the object and
 * sorting its keys on every append).
 */
export function eventHash(content: HashedContent, previousHash: string | null): string {
  const { id, stream, revision, type, data, metadata } = content;
  return sha256Hex(
    `{"data":${canonicalJson(data)},"id":${JSON.stringify(id)},"metadata":${canonicalJson(metadata)},` +
      `"previousHash":${JSON.stringify(previousHash)},"revision":"${revision}","stream":${JSON.stringify(stream)},"type":${JSON.stringify(type)}}`,
  );
}

/**
 * The chain fields of a batch about to be appended at `firstRevision`, linked to the stream's head
 * (`previousHash`: the hash of the event at firstRevision - 1, null for a new stream).
 */
export function chainBatch(stream: string, firstRevision: bigint, previousHash: string | null, events: readonly Omit<HashedContent, 'stream' | 'revision'>[]): EventIntegrity[] {
  let previous = previousHash;
  return events.map(({ id, type, data, metadata }, index) => {
    const hash = eventHash({ id, stream, revision: firstRevision + BigInt(index), type, data, metadata }, previous);
    const integrity = { hash, previousHash: previous };
    previous = hash;
    return integrity;
  });
}
