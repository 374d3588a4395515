import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';
import { rebuildCaseProjection } from './rebuild';
import { actedAt as meta, appendEvent as append, registerComplaint as register } from './testing/case-events';

const allRows = (file: string) => {
  const db = openReadModelDatabase(file);
  try {
    return db.prepare('SELECT * FROM case_rows ORDER BY stream').all();
  } finally {
    db.close();
  }
};

describe('ProjectionRunner on its own thread', () => {
  let dir: string;
  let store: EventStore;
  let eventsFile: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-projection-thread-'));
    eventsFile = join(dir, 'events.sqlite');
    store = openSqliteEventStore({ file: eventsFile, synchronous: 'NORMAL' }).store;
    await register(store, 'c1', 'anshan-haicheng-yys', '2025-03-03T01:00:00.000Z');
    await register(store, 'c2', 'anshan-daoxi', '2025-03-04T01:00:00.000Z', '排队时间过长');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the rows the in-process runner writes, and resumes from its checkpoint', async () => {
    const readModelsFile = join(dir, 'threaded.sqlite');
    const db = openReadModelDatabase(readModelsFile);
    const runner = new ProjectionRunner(store, new CaseProjection(db, store), { thread: { eventsFile, readModelsFile } });
    runner.start();
    // Written by this thread, folded by the other: the position is only reached through its report.
    const { position } = await append(store, 'complaint-c1', 'ComplaintAssigned', { assigneeId: 'handler.haicheng', ...meta('2025-03-05T01:00:00.000Z') });
    await expect(runner.waitFor(position, 10_000)).resolves.toBe(true);
    expect(runner.position()).toBe(position);
    await runner.stop();

    const later = await append(store, 'complaint-c2', 'ComplaintNoteAdded', { text: '已回访', ...meta('2025-03-06T01:00:00.000Z') });
    runner.start();
    expect(runner.position()).toBe(position);
    await expect(runner.waitFor(later.position, 10_000)).resolves.toBe(true);
    await runner.stop();
    db.close();

    const referenceFile = join(dir, 'in-process.sqlite');
    const referenceDb = openReadModelDatabase(referenceFile);
    await rebuildCaseProjection(store, new CaseProjection(referenceDb, store));
    referenceDb.close();
    expect(allRows(readModelsFile)).toEqual(allRows(referenceFile));
    expect((allRows(readModelsFile) as { assignee_id: string | null }[]).map((row) => row.assignee_id)).toEqual(['handler.haicheng', null]);
  });
});
