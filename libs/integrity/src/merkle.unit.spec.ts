import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { merkleInclusionProof, merkleLeafHash, merkleRoot, verifyMerkleInclusion } from './merkle';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const hex = (value: string) => Buffer.from(value, 'hex');
const leaves = (count: number) => Array.from({ length: count }, (_, index) => `leaf-${index}`);

describe('Merkle tree (RFC 9162)', () => {
  it('hashes leaves and nodes with domain separation', () => {
    expect(merkleLeafHash('x')).toBe(sha256(Buffer.from([0]), Buffer.from('x')));
    expect(merkleRoot([])).toBe(sha256());
    expect(merkleRoot(['x'])).toBe(merkleLeafHash('x'));
    const [a, b, c] = ['a', 'b', 'c'].map(merkleLeafHash);
    const node = (left: string, right: string) => sha256(Buffer.from([1]), hex(left), hex(right));
    expect(merkleRoot(['a', 'b'])).toBe(node(a, b));
    // Three leaves split at two: ((a, b), c), not (a, (b, c)).
    expect(merkleRoot(['a', 'b', 'c'])).toBe(node(node(a, b), c));
  });

  it('depends on every leaf and on their order', () => {
    const root = merkleRoot(leaves(5));
    expect(merkleRoot([...leaves(4), 'other'])).not.toBe(root);
    expect(merkleRoot([...leaves(5)].reverse())).not.toBe(root);
    expect(merkleRoot(leaves(4))).not.toBe(root);
  });

  it('proves every leaf of trees of 1 to 40 leaves', () => {
    for (let size = 1; size <= 40; size++) {
      const tree = leaves(size);
      const root = merkleRoot(tree);
      tree.forEach((leaf, index) => expect(verifyMerkleInclusion(leaf, index, size, merkleInclusionProof(tree, index), root)).toBe(true));
    }
  });

  it('rejects a proof for another leaf, index, size or root, or with a sibling changed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }).chain((size) => fc.tuple(fc.constant(size), fc.nat(size - 1))),
        ([size, index]) => {
          const tree = leaves(size);
          const root = merkleRoot(tree);
          const proof = merkleInclusionProof(tree, index);
          expect(verifyMerkleInclusion('forged', index, size, proof, root)).toBe(false);
          expect(verifyMerkleInclusion(tree[index], (index + 1) % size, size, proof, root)).toBe(false);
          expect(verifyMerkleInclusion(tree[index], size, size, proof, root)).toBe(false);
          expect(verifyMerkleInclusion(tree[index], index, size, proof, merkleRoot(['other']))).toBe(false);
          const tampered = [...proof];
          tampered[0] = merkleLeafHash('tampered');
          expect(verifyMerkleInclusion(tree[index], index, size, tampered, root)).toBe(false);
          expect(verifyMerkleInclusion(tree[index], index, size, proof.slice(1), root)).toBe(false);
        },
      ),
    );
  });

  it('refuses to prove a leaf that is not there', () => {
    expect(() => merkleInclusionProof(leaves(3), 3)).toThrow(RangeError);
    expect(verifyMerkleInclusion('leaf-0', 0, 0, [], merkleRoot([]))).toBe(false);
  });
});
