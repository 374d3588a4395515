import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import { CaseQueries } from './case-queries';
import { openReadModelDatabase } from './read-model-database';
import { rebuildCaseProjection } from './rebuild';
import { replayCheck } from './replay-check';
import { actedAt, appendEvent, registerComplaint } from './testing/case-events';

describe('replayCheck', () => {
  let dir: string;
  let store: EventStore;
  let db: Database.Database;
  let queries: CaseQueries;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-replay-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' }).store;
    await registerComplaint(store, 'c1', 'anshan-haicheng-yys', '2026-03-02T02:00:00.000Z');
    await registerComplaint(store, 'c2', 'anshan-daoxi', '2026-03-03T02:00:00.000Z');
    await appendEvent(store, 'complaint-c1', 'ComplaintAssigned', { assigneeId: 'handler.haicheng', ...actedAt('2026-03-03T03:00:00.000Z') });
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    queries = new CaseQueries(db);
    await rebuildCaseProjection(store, new CaseProjection(db, store));
  });
  afterEach(async () => {
    db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds no difference between a rebuilt read model and folds from scratch, reporting progress per case', async () => {
    const progress: string[] = [];
    const result = await replayCheck(store, queries, await store.headPosition(), (checked, total) => progress.push(`${checked}/${total}`));
    expect(result).toEqual({ cases: 2, notYetProjected: 0, differences: [] });
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('names the case and the field of every row that differs, and rows that are missing or have no events', async () => {
    db.prepare("UPDATE case_rows SET state = 'closed', assignee_id = NULL WHERE id = 'c1'").run();
    db.prepare("DELETE FROM case_rows WHERE id = 'c2'").run();
    db.prepare(
      "INSERT INTO case_rows SELECT 'complaint-ghost', kind, 'ghost', state, open, unit_id, responsible_unit_id, assignee_id, type, category, channel, priority, escalation_level, received_at, replied_at, closed_at, due_at, breached, description, updated_at, received_month, responsibility, reply_outcome, reply_business_ms, verified_at, carry_over_count, position, number, follow_up_satisfied, sign_off_unit_id, repeat_of FROM case_rows WHERE id = 'c1'",
    ).run();
    const { differences } = await replayCheck(store, queries, await store.headPosition());
    expect(differences).toEqual([
      { stream: 'complaint-c1', id: 'c1', field: 'state', readModel: 'closed', replayed: 'received' },
      { stream: 'complaint-c1', id: 'c1', field: 'assigneeId', readModel: null, replayed: 'handler.haicheng' },
      { stream: 'complaint-c2', id: 'c2', field: 'row', readModel: 'missing', replayed: 'present' },
      { stream: 'complaint-ghost', id: 'ghost', field: 'row', readModel: 'present', replayed: 'no events' },
    ]);
  });

  it('leaves out cases with events the read models have not reached', async () => {
    const before = await store.headPosition();
    await appendEvent(store, 'complaint-c2', 'ComplaintAssigned', { assigneeId: 'handler.daoxi', ...actedAt('2026-03-04T03:00:00.000Z') });
    expect(await replayCheck(store, queries, before)).toEqual({ cases: 1, notYetProjected: 1, differences: [] });
  });
});
