import { createHash } from 'node:crypto';

/**
 * Merkle trees as RFC 9162 (Certificate Transparency 2.0, §2.1) defines them: domain-separated leaf
 * (0x00) and node (0x01) hashes, split at the largest power of two below the size, so inclusion
 * proofs can be checked with any RFC 9162 verifier. Leaves are UTF-8 strings; hashes are hex.
 */

export function merkleLeafHash(leaf: string): string {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leaf, 'utf8')
    .digest('hex');
}

function nodeHash(left: string, right: string): string {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(Buffer.from(left, 'hex'))
    .update(Buffer.from(right, 'hex'))
    .digest('hex');
}

function largestPowerOfTwoBelow(size: number): number {
  let split = 1;
  while (split * 2 < size) split *= 2;
  return split;
}

/** The root over `leaves` in their order; the empty tree's root is SHA-256 of nothing. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  return subtreeRoot(leaves.map(merkleLeafHash));
}

function subtreeRoot(hashes: readonly string[]): string {
  if (hashes.length === 1) return hashes[0];
  const split = largestPowerOfTwoBelow(hashes.length);
  return nodeHash(subtreeRoot(hashes.slice(0, split)), subtreeRoot(hashes.slice(split)));
}

/** The audit path proving that leaf `index` is in the tree over `leaves` (RFC 9162 §2.1.3.1). */
export function merkleInclusionProof(leaves: readonly string[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`No leaf ${index} among ${leaves.length}`);
  return auditPath(leaves.map(merkleLeafHash), index);
}

function auditPath(hashes: readonly string[], index: number): string[] {
  if (hashes.length === 1) return [];
  const split = largestPowerOfTwoBelow(hashes.length);
  return index < split
    ? [...auditPath(hashes.slice(0, split), index), subtreeRoot(hashes.slice(split))]
    : [...auditPath(hashes.slice(split), index - split), subtreeRoot(hashes.slice(0, split))];
}

/** Checks an audit path against a root (RFC 9162 §2.1.3.2). */
export function verifyMerkleInclusion(leaf: string, index: number, treeSize: number, proof: readonly string[], root: string): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let hash = merkleLeafHash(leaf);
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      hash = nodeHash(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = nodeHash(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && hash === root;
}
