import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteEventStore, type SqliteEventStore } from '@duban/event-store';
import { anchoredLeaf, INTEGRITY_CHECKPOINT_STREAM, verifyMerkleInclusion } from '@duban/integrity';
import { recordIntegrityCheckpoint } from './record-checkpoint';
import { verifyStore, type VerificationProgress } from './verify-store';
import { verifyStream } from './verify-stream';

const directory = mkdtempSync(join(tmpdir(), 'duban-integrity-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const event = (index: number) => ({ id: randomUUID(), type: 'Noted', data: { index, text: `note ${index}` }, metadata: { actorId: 'handler.haicheng' } });
const events = (count: number) => Array.from({ length: count }, (_, index) => event(index));

describe('store integrity on a real SQLite file', () => {
  let file: string;
  let store: SqliteEventStore;
  /** Edits the file behind the store's back, as someone with access to the disk would. */
  const tamper = (sql: string, ...parameters: unknown[]) => {
    const db = new Database(file);
    try {
      expect(db.prepare(sql).run(...parameters).changes).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    file = join(directory, `${randomUUID()}.sqlite`);
    ({ store } = openSqliteEventStore({ file }));
    await store.appendToStream('complaint-1', events(5));
    await store.appendToStream('complaint-2', events(3));
    await store.appendToStream('finding-1', events(2));
    await recordIntegrityCheckpoint(store);
    await store.appendToStream('complaint-1', [event(5)]); // after the checkpoint: chained, not yet anchored
  });
  afterEach(() => store.close());

  it('proves an untouched store and each stream, with an inclusion proof of its anchored head', async () => {
    expect(await verifyStore(store)).toEqual({ valid: true, events: 12, streams: 4, checkpoints: 1, unanchoredEvents: 1, breaks: [] });

    const verification = await verifyStream(store, 'complaint-2');
    expect(verification).toMatchObject({ valid: true, events: 3, anchor: { checkpoint: 1, revision: 2n, treeSize: 3 } });
    const { anchor } = verification;
    const leaf = anchoredLeaf({ stream: 'complaint-2', revision: anchor!.revision.toString(), hash: anchor!.hash });
    expect(verifyMerkleInclusion(leaf, anchor!.leafIndex, anchor!.treeSize, anchor!.proof, anchor!.merkleRoot)).toBe(true);
    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: true, events: 6, anchor: { revision: 4n } });
  });

  it('catches an edited data field', async () => {
    tamper(`UPDATE events SET data = json_set(data, '$.text', 'nothing happened') WHERE stream = 'complaint-1' AND revision = 2`);

    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: false, events: 6, brokenAt: 2n, reason: 'content does not match its hash' });
    expect(await verifyStore(store)).toMatchObject({ valid: false, breaks: [{ stream: 'complaint-1', brokenAt: 2n, reason: 'content does not match its hash' }] });
  });

  it('catches an edited metadata field, and an edited type', async () => {
    tamper(`UPDATE events SET metadata = json_set(metadata, '$.actorId', 'admin') WHERE stream = 'complaint-2' AND revision = 1`);
    tamper(`UPDATE events SET type = 'Withdrawn' WHERE stream = 'finding-1' AND revision = 0`);

    const { breaks } = await verifyStore(store);
    expect(breaks).toEqual(
      expect.arrayContaining([
        { stream: 'complaint-2', brokenAt: 1n, reason: 'content does not match its hash' },
        { stream: 'finding-1', brokenAt: 0n, reason: 'content does not match its hash' },
      ]),
    );
  });

  it('catches a deleted event', async () => {
    tamper(`DELETE FROM events WHERE stream = 'complaint-1' AND revision = 1`);

    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: false, events: 5, brokenAt: 1n, reason: 'revision 1 is missing (next recorded: 2)' });
    expect((await verifyStore(store)).breaks).toEqual([{ stream: 'complaint-1', brokenAt: 1n, reason: 'revision 1 is missing (next recorded: 2)' }]);
  });

  it('catches two events swapped (their contents exchanged)', async () => {
    tamper(`UPDATE events SET data = CASE revision WHEN 1 THEN (SELECT data FROM events WHERE stream = 'complaint-1' AND revision = 3)
                                          ELSE (SELECT data FROM events WHERE stream = 'complaint-1' AND revision = 1) END
            WHERE stream = 'complaint-1' AND revision IN (1, 3)`);

    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: false, brokenAt: 1n });
  });

  it('catches two events swapped with their chain fields (their revisions exchanged)', async () => {
    tamper(`UPDATE events SET revision = -1 WHERE stream = 'complaint-1' AND revision = 1`);
    tamper(`UPDATE events SET revision = 1 WHERE stream = 'complaint-1' AND revision = 3`);
    tamper(`UPDATE events SET revision = 3 WHERE stream = 'complaint-1' AND revision = -1`);

    expect(await verifyStream(store, 'complaint-1')).toMatchObject({ valid: false, brokenAt: 1n });
  });

  it('catches a truncated stream through the checkpoint that anchored its head', async () => {
    tamper(`DELETE FROM events WHERE stream = 'complaint-2' AND revision >= 2`);

    expect(await verifyStream(store, 'complaint-2')).toMatchObject({
      valid: false,
      events: 2,
      brokenAt: 2n,
      reason: 'checkpoint #1 anchors revision 2, which is no longer there',
    });
    expect((await verifyStore(store)).breaks).toEqual([{ stream: 'complaint-2', brokenAt: 2n, reason: 'checkpoint #1 anchors revision 2, which is no longer there' }]);
  });

  it('catches a deleted whole stream through the checkpoint', async () => {
    tamper(`DELETE FROM events WHERE stream = 'finding-1'`);

    expect(await verifyStore(store)).toMatchObject({
      valid: false,
      breaks: [{ stream: 'finding-1', brokenAt: 1n, reason: 'stream is gone, but checkpoint #1 anchors it at revision 1' }],
    });
  });

  it('catches a rewritten checkpoint', async () => {
    tamper(`UPDATE events SET data = json_set(data, '$.streams', json('[]')) WHERE stream = ?`, INTEGRITY_CHECKPOINT_STREAM);

    expect((await verifyStore(store)).breaks).toEqual(
      expect.arrayContaining([{ stream: INTEGRITY_CHECKPOINT_STREAM, brokenAt: 0n, reason: expect.stringMatching(/Merkle root|hash/) }]),
    );
  });

  it('reports events without chain fields as unchained legacy events, not as valid', async () => {
    tamper(`UPDATE events SET hash = NULL, previous_hash = NULL WHERE stream = 'complaint-2'`);

    expect(await verifyStream(store, 'complaint-2')).toMatchObject({ valid: false, brokenAt: 0n, reason: expect.stringMatching(/^unchained legacy event/) });
  });

  it('reports its progress page by page, up to every event', async () => {
    await store.appendToStream('complaint-3', events(1_500));
    const progress: VerificationProgress[] = [];

    const report = await verifyStore(store, (step) => progress.push(step));

    expect(report).toMatchObject({ valid: true, events: 1_512 });
    expect(progress.map((step) => step.checked)).toEqual([1_000, 1_512]);
    expect(progress.at(-1)).toEqual({ checked: 1_512, position: await store.headPosition(), headPosition: await store.headPosition() });
  });

  describe('recording checkpoints', () => {
    it('anchors only the streams changed since the last one, and nothing when nothing changed', async () => {
      const second = await recordIntegrityCheckpoint(store);
      expect(second).toMatchObject({ sequence: 2, streams: [{ stream: 'complaint-1', revision: '5' }] });
      expect(await recordIntegrityCheckpoint(store)).toBeUndefined();
      expect(await verifyStore(store)).toMatchObject({ valid: true, checkpoints: 2, unanchoredEvents: 0 });
    });

    it('records one checkpoint when two processes race for it', async () => {
      const { store: other } = openSqliteEventStore({ file });
      try {
        const results = await Promise.all([recordIntegrityCheckpoint(store), recordIntegrityCheckpoint(other)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await store.readStream(INTEGRITY_CHECKPOINT_STREAM)).toHaveLength(2);
      } finally {
        await other.close();
      }
    });
  });
});
