import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteEventStore, type EventStore } from '@duban/event-store';
import { CaseProjection } from './case-projection';
import type { CasePageRequest } from './case-read-model';
import { CaseQueries } from './case-queries';
import { ProjectionRunner } from './projection-runner';
import { openReadModelDatabase } from './read-model-database';
import { rebuildCaseProjection } from './rebuild';
import { actedAt as meta, appendEvent as append, registerComplaint as register } from './testing/case-events';

const everything: CasePageRequest = { criteria: {}, sort: { field: 'receivedAt', descending: false }, limit: 100 };
const allRows = (db: Database.Database) => db.prepare('SELECT * FROM case_rows ORDER BY stream').all();

describe('CaseProjection over SQLite', () => {
  let dir: string;
  let store: EventStore;
  const opened: Database.Database[] = [];
  const readModels = (name: string) => {
    const db = openReadModelDatabase(join(dir, name));
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duban-projections-'));
    store = openSqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' }).store;
    await register(store, 'c1', 'anshan-haicheng-yys', '2025-03-03T01:00:00.000Z');
    await append(store, 'inspection-i1', 'InspectionOpened', { anything: true });
    await register(store, 'c2', 'anshan-daoxi', '2025-03-04T01:00:00.000Z', '排队时间过长');
    await append(store, 'complaint-c1', 'ComplaintAssigned', { assigneeId: 'handler.haicheng', ...meta('2025-03-05T01:00:00.000Z') });
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds each case stream into its row and moves the checkpoint over every event, case or not', async () => {
    const db = readModels('a.sqlite');
    const projection = new CaseProjection(db, store);
    const progress = await rebuildCaseProjection(store, projection);
    expect(progress).toMatchObject({ events: 4, position: await store.headPosition() });
    expect(projection.position()).toBe(await store.headPosition());
    const { rows } = new CaseQueries(db).page(everything);
    expect(rows.map((row) => [row.id, row.unitId, row.assigneeId, row.state, row.open])).toEqual([
      ['c1', 'anshan-haicheng-yys', 'handler.haicheng', 'received', true],
      ['c2', 'anshan-daoxi', null, 'received', true],
    ]);
  });

  it('applies an event twice without change: the second delivery is recognised by the checkpoint', async () => {
    const db = readModels('a.sqlite');
    const projection = new CaseProjection(db, store);
    const events = await store.readAll();
    for (const event of events) await projection.apply(event);
    const once = allRows(db);
    // Redeliver the assignment after the later events were applied: the row must not go back in time.
    await register(store, 'c3', 'anshan-daoxi', '2025-03-06T01:00:00.000Z');
    for (const event of await store.readAll()) await projection.apply(event);
    await projection.apply(events[3]);
    const twice = allRows(db);
    expect(twice.filter((row) => (row as { id: string }).id !== 'c3')).toEqual(once);
    expect(twice).toHaveLength(3);
  });

  it('applies pages, however the log is cut, into the same rows as event by event', async () => {
    const events = await store.readAll();
    const eventByEvent = readModels('event-by-event.sqlite');
    const reference = new CaseProjection(eventByEvent, store);
    for (const event of events) await reference.apply(event);
    for (const pageSize of [1, 2, 3, events.length]) {
      const db = readModels(`pages-of-${pageSize}.sqlite`);
      const projection = new CaseProjection(db, store);
      for (let start = 0; start < events.length; start += pageSize) await projection.applyPage(events.slice(start, start + pageSize));
      // A page delivered again changes nothing.
      await projection.applyPage(events.slice(0, pageSize));
      expect(allRows(db)).toEqual(allRows(eventByEvent));
      expect(projection.position()).toBe(reference.position());
    }
  });

  it('gives identical rows when rebuilt from zero, and the same as the live runner', async () => {
    const liveDb = readModels('live.sqlite');
    const runner = new ProjectionRunner(store, new CaseProjection(liveDb, store));
    runner.start();
    const { position } = await append(store, 'complaint-c2', 'ComplaintNoteAdded', { text: '已回访', ...meta('2025-03-06T01:00:00.000Z') });
    await expect(runner.waitFor(position, 5_000)).resolves.toBe(true);
    await runner.stop();

    const rebuiltDb = readModels('rebuilt.sqlite');
    const reported: bigint[] = [];
    await rebuildCaseProjection(store, new CaseProjection(rebuiltDb, store), (progress) => reported.push(progress.position));
    expect(allRows(rebuiltDb)).toEqual(allRows(liveDb));
    expect(reported.at(-1)).toBe(position);

    // Rebuilding the same file again replaces what is there with the same rows.
    await rebuildCaseProjection(store, new CaseProjection(liveDb, store));
    expect(allRows(liveDb)).toEqual(allRows(rebuiltDb));
  });

  it('resumes after a restart from the checkpoint stored with the rows, applying only what is new', async () => {
    const file = 'restart.sqlite';
    const first = new ProjectionRunner(store, new CaseProjection(readModels(file), store));
    first.start();
    await expect(first.waitFor(await store.headPosition(), 5_000)).resolves.toBe(true);
    await first.stop();

    const { position } = await register(store, 'c4', 'anshan-haicheng', '2025-03-07T01:00:00.000Z');
    const db = readModels(file);
    const projection = new CaseProjection(db, store);
    const applied: bigint[] = [];
    const applyPage = projection.applyPage.bind(projection);
    projection.applyPage = async (events) => {
      applied.push(...events.map((event) => event.position));
      return applyPage(events);
    };
    const second = new ProjectionRunner(store, projection);
    second.start();
    await expect(second.waitFor(position, 5_000)).resolves.toBe(true);
    await second.stop();
    expect(applied).toEqual([position]);
    expect(new CaseQueries(db).page(everything).rows.map((row) => row.id)).toEqual(['c1', 'c2', 'c4']);
  });

  it('catches up in pages, and tries a failed page again until each event is applied once', async () => {
    const notes = Array.from({ length: 1_200 }, (_, index) => ({
      id: randomUUID(),
      type: 'ComplaintNoteAdded',
      data: { text: `第${index}次`, ...meta('2025-03-06T01:00:00.000Z') },
      metadata: { schemaVersion: 1 },
    }));
    await store.appendToStream('complaint-c2', notes);
    const head = await store.headPosition();
    const rebuiltDb = readModels('rebuilt.sqlite');
    await rebuildCaseProjection(store, new CaseProjection(rebuiltDb, store));

    for (const failing of ['none', 'a full page', 'the last page']) {
      const db = readModels(`live-${failing}.sqlite`);
      const projection = new CaseProjection(db, store);
      const pages: bigint[][] = [];
      const applyPage = projection.applyPage.bind(projection);
      projection.applyPage = async (events) => {
        const fails = (failing === 'a full page' && pages.length === 0) || (failing === 'the last page' && events.length < 500 && !pages.some((page) => page.length < 500));
        pages.push(events.map((event) => event.position));
        if (fails) throw new Error('disk I/O error');
        return applyPage(events);
      };
      const dropped: unknown[] = [];
      const runner = new ProjectionRunner(store, projection, { onDropped: (error) => dropped.push(error) });
      runner.start();
      await expect(runner.waitFor(head, 10_000)).resolves.toBe(true);
      await runner.stop();

      expect(pages.every((page) => page.length <= 500)).toBe(true);
      expect(pages.length).toBe(failing === 'none' ? 3 : 4);
      expect(dropped).toHaveLength(failing === 'none' ? 0 : 1);
      expect(pages.at(-1)!.at(-1)).toBe(head);
      expect(allRows(db)).toEqual(allRows(rebuiltDb));
      expect(projection.position()).toBe(head);
    }
  });

  it('replays from zero without the secondary indexes and builds them once at the head; a file left without them gets them back on open', async () => {
    const indexes = (db: Database.Database) => db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    const db = readModels('bulk.sqlite');
    const built = indexes(db);
    expect(built).toHaveLength(7);
    const projection = new CaseProjection(db, store);
    const during: string[][] = [];
    const applyPage = projection.applyPage.bind(projection);
    projection.applyPage = async (events) => {
      await applyPage(events);
      during.push(indexes(db));
    };
    const events = await store.readAll({ lean: true });
    for (const event of events) await projection.applyPage([event]);
    expect(during).toEqual([...events.slice(1).map(() => []), built]);

    // A live event after the head is applied with the indexes in place, as is any page of a projection that has rows.
    await register(store, 'c5', 'anshan-daoxi', '2025-03-07T01:00:00.000Z');
    await projection.applyPage(await store.readAll({ fromPosition: (await store.headPosition()) - 1n, lean: true }));
    expect(during.at(-1)).toEqual(built);

    db.exec('DROP INDEX case_rows_due');
    db.close();
    expect(indexes(readModels('bulk.sqlite'))).toEqual(built);
  });

  it('puts cases with a breached clock first by deadline, then the nearest running deadline, then cases without a clock', async () => {
    const db = readModels('a.sqlite');
    const projection = new CaseProjection(db, store);
    const definition = { basis: 'calendar', duration: 'P3D', dueFrom: null, calendarId: 'cn-mainland', calendarVersion: 1, policyId: 'complaint', policyVersion: 1 };
    const clock = { ...definition, warnAt: [], escalation: null, extensions: [], stopOn: [], target: 'reply', level: 0 };
    const start = (id: string, dueAt: string) =>
      append(store, `complaint-${id}`, 'ClockStarted', { ...clock, clockId: 'reply', startedAt: '2025-03-05T01:00:00.000Z', dueAt, ...meta('2025-03-05T01:00:00.000Z') });
    await register(store, 'late', 'anshan-daoxi', '2025-03-05T01:00:00.000Z');
    await start('late', '2025-03-06T01:00:00.000Z');
    await append(store, 'complaint-late', 'ClockBreached', { clockId: 'reply', breachedAt: '2025-03-06T01:00:00.000Z', lateByMs: 0, ...meta('2025-03-06T01:00:00.000Z') });
    await start('c1', '2025-03-09T01:00:00.000Z');
    await start('c2', '2025-03-08T01:00:00.000Z');
    await rebuildCaseProjection(store, projection);
    const queries = new CaseQueries(db);
    const byDeadline = { ...everything, sort: { field: 'dueAt', descending: false } } as const;
    expect(queries.page(byDeadline).rows.map((row) => row.id)).toEqual(['late', 'c2', 'c1']);
    await register(store, 'unclocked', 'anshan-daoxi', '2025-03-07T01:00:00.000Z');
    await rebuildCaseProjection(store, projection);
    const firstPage = queries.page({ ...byDeadline, limit: 2 });
    expect([...firstPage.rows, ...queries.page({ ...byDeadline, after: firstPage.next }).rows].map((row) => row.id)).toEqual(['late', 'c2', 'c1', 'unclocked']);
  });

  it('pages with a keyset that neither skips nor repeats rows, and reports when a wait times out', async () => {
    const db = readModels('a.sqlite');
    const projection = new CaseProjection(db, store);
    for (let day = 10; day < 15; day++) await register(store, `d${day}`, 'anshan-daoxi', `2025-03-${day}T01:00:00.000Z`);
    await rebuildCaseProjection(store, projection);
    const queries = new CaseQueries(db);
    const seen: string[] = [];
    let after: CasePageRequest['after'];
    do {
      const page = queries.page({ ...everything, sort: { field: 'receivedAt', descending: true }, limit: 2, after });
      seen.push(...page.rows.map((row) => row.id));
      after = page.next;
    } while (after);
    expect(seen).toEqual(['d14', 'd13', 'd12', 'd11', 'd10', 'c2', 'c1']);
    expect(queries.page({ ...everything, criteria: { text: '排队' } }).rows.map((row) => row.id)).toEqual(['c2']);

    const idle = new ProjectionRunner(store, projection);
    await expect(idle.waitFor((await store.headPosition()) + 1n, 50)).resolves.toBe(false);
  });
});
