import { anchoredLeaf, anchorOf, changedHeads, checkpointProblem, INTEGRITY_CHECKPOINT_STREAM, nextCheckpoint, readCheckpoint, type IntegrityCheckpoint } from './checkpoint';
import { merkleRoot, verifyMerkleInclusion } from './merkle';
import { ChainedLog } from './testing/chained-log';

describe('integrity checkpoints', () => {
  const log = () => {
    const built = new ChainedLog();
    built.append('complaint-b');
    built.append('complaint-a');
    built.append('complaint-b');
    return built;
  };
  /** The log above, checkpointed, one more stream, checkpointed again. */
  const twoCheckpoints = () => {
    const built = log();
    built.checkpoint();
    built.append('complaint-c');
    built.checkpoint();
    return built.checkpoints();
  };

  it('anchor the newest head of each changed stream, sorted by name, under a Merkle root', () => {
    const built = log();
    const heads = changedHeads(built.events);
    expect(heads).toEqual([
      { stream: 'complaint-a', revision: '0', hash: built.events[1].integrity!.hash },
      { stream: 'complaint-b', revision: '1', hash: built.events[2].integrity!.hash },
    ]);
    const first = nextCheckpoint(undefined, heads, 3n);
    expect(first).toEqual({ sequence: 1, previousCheckpointHash: null, upToPosition: '3', streams: heads, merkleRoot: merkleRoot(heads.map(anchoredLeaf)) });
    expect(checkpointProblem(first, undefined)).toBeUndefined();
    expect(changedHeads(built.events.slice(2), changedHeads(built.events.slice(0, 2)))).toEqual(heads); // a page at a time
  });

  it('leave out the checkpoint stream itself and unchained legacy events', () => {
    const built = log();
    built.checkpoint();
    const [checkpointEvent] = built.stream(INTEGRITY_CHECKPOINT_STREAM);
    const { integrity: _, ...legacy } = built.append('complaint-legacy');
    expect(changedHeads([checkpointEvent, legacy])).toEqual([]);
  });

  it('link each checkpoint to the previous one by its event hash and sequence', () => {
    const [first, second] = twoCheckpoints();
    expect(second.checkpoint).toMatchObject({ sequence: 2, previousCheckpointHash: first.hash, upToPosition: '5' });
    expect(checkpointProblem(second.checkpoint, first)).toBeUndefined();
  });

  describe('a checkpoint that does not add up', () => {
    const [first, second] = twoCheckpoints();
    const broken = (change: Partial<IntegrityCheckpoint>) => checkpointProblem({ ...second.checkpoint, ...change }, first);

    it.each<[string, Partial<IntegrityCheckpoint>, RegExp]>([
      ['a skipped sequence', { sequence: 3 }, /sequence 3 where 2 was due/],
      ['a link to another checkpoint', { previousCheckpointHash: 'f'.repeat(64) }, /does not link/],
      ['no progress', { upToPosition: first.checkpoint.upToPosition }, /does not cover anything/],
      ['an edited head', { streams: [{ ...second.checkpoint.streams[0], revision: '7' }] }, /Merkle root/],
      ['a removed head', { streams: [] }, /Merkle root/],
      ['heads out of order', { streams: [...first.checkpoint.streams].reverse() }, /out of order/],
    ])('is caught: %s', (_, change, reason) => {
      expect(broken(change)).toMatch(reason);
    });

    it('is caught: a first checkpoint claiming a predecessor', () => {
      expect(checkpointProblem({ ...first.checkpoint, previousCheckpointHash: second.hash }, undefined)).toMatch(/does not link/);
    });
  });

  it('read back from their events, refusing anything else', () => {
    const built = log();
    const event = built.checkpoint();
    expect(readCheckpoint(event)).toEqual({ checkpoint: event.data, hash: event.integrity!.hash, revision: 0n });
    expect(readCheckpoint({ ...event, type: 'Other' })).toMatch(/unexpected event type/);
    expect(readCheckpoint({ ...event, integrity: undefined })).toBe('unchained checkpoint');
    expect(readCheckpoint({ ...event, data: { ...event.data, streams: [{ stream: 'x' }] } })).toBe('malformed checkpoint');
    expect(readCheckpoint({ ...event, data: { ...event.data, upToPosition: 12 } })).toBe('malformed checkpoint');
  });

  it('give each anchored stream an inclusion proof against the Merkle root', () => {
    const built = log();
    const [recorded] = (built.checkpoint(), built.checkpoints());
    const anchor = anchorOf(recorded.checkpoint, 'complaint-b')!;
    expect(anchor.head).toMatchObject({ stream: 'complaint-b', revision: '1' });
    expect(verifyMerkleInclusion(anchoredLeaf(anchor.head), anchor.leafIndex, 2, anchor.proof, recorded.checkpoint.merkleRoot)).toBe(true);
    expect(anchorOf(recorded.checkpoint, 'complaint-z')).toBeUndefined();
  });
});
