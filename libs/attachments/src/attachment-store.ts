import { createHash } from 'node:crypto';

/** Where a case's evidence lies: its stream name, so one case's erasure never touches another case's copy of the same bytes. */
export type AttachmentScope = string;

/** What the store knows of a file: the SHA-256 of its bytes (lower-case hex) and their length. */
export type ContentAddress = { sha256: string; size: number };

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/**
 * The evidence files, content-addressed by SHA-256 within a scope. The filesystem adapter keeps
 * them under DATA_DIR; an object store can replace it behind this port. Every method is idempotent.
 */
export interface AttachmentStore {
  /** Stores the bytes and answers their address; storing the same bytes again changes nothing. Durable once it resolves. */
  put(scope: AttachmentScope, content: Buffer): Promise<ContentAddress>;
  /** The bytes stored under that hash, unchecked, or undefined when there are none. Read through readChecked. */
  read(scope: AttachmentScope, sha256: string): Promise<Buffer | undefined>;
  /** Removes the bytes (erasure); absent bytes are fine. */
  delete(scope: AttachmentScope, sha256: string): Promise<void>;
}

export const sha256Of = (content: Buffer): string => createHash('sha256').update(content).digest('hex');

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The bytes as recorded, or why they cannot be served: gone (erased or lost) or no longer the bytes the event hashed. */
export type CheckedContent = { status: 'intact'; content: Buffer } | { status: 'missing' } | { status: 'mismatch'; actual: ContentAddress };

/** Reads and re-hashes: a caller never gets bytes other than those the event recorded. */
export async function readChecked(store: AttachmentStore, scope: AttachmentScope, expected: ContentAddress): Promise<CheckedContent> {
  const content = await store.read(scope, expected.sha256);
  if (content === undefined) return { status: 'missing' };
  const actual = { sha256: sha256Of(content), size: content.length };
  return actual.sha256 === expected.sha256 && actual.size === expected.size ? { status: 'intact', content } : { status: 'mismatch', actual };
}
