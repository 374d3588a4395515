import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../create-event-store';
import type { EventStore } from '../port/event-store';
import type { CheckpointStore, RecordedEvent } from '../port/event-store.port';
import { dropTestSchemas, testDatabaseUrl, uniqueTestSchema } from '../testing/postgres-test-schema';
import { newEvent, uniqueCategory } from '../testing/test-events';
import { copyEventLog, migrationCheckpointName, SourceChainBrokenError } from './copy-event-log';

type Opened = { store: EventStore; checkpoints: CheckpointStore };

/** Each PostgreSQL target in a schema of its own, all dropped at the end. */
const postgresSchemas: string[] = [];
const targetSchema = () => postgresSchemas[postgresSchemas.push(uniqueTestSchema('migrate')) - 1];
afterAll(() => dropTestSchemas(postgresSchemas));

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const TARGETS: [string, (directory: string) => Opened][] = [
  ['SQLite', (directory) => createEventStore({ kind: 'sqlite', sqlite: { file: join(directory, 'target.sqlite'), synchronous: 'NORMAL' } })],
  ['in-memory', () => createEventStore({ kind: 'memory' })],
  ['PostgreSQL', () => createEventStore({ kind: 'postgres', postgres: { connectionString: testDatabaseUrl(), schema: targetSchema() } })],
];
if (connectionString) TARGETS.push(['EventStoreDB', () => createEventStore({ kind: 'eventstoredb', eventStoreDb: { connectionString } })]);
else process.stderr.write('\n⚠ The migration into EventStoreDB was not exercised: EVENTSTORE_CONNECTION_STRING is not set.\n\n');

/** What must survive a migration: everything but the store-assigned position and time. */
const copyOf = (event: RecordedEvent) => ({
  id: event.id,
  stream: event.stream,
  revision: event.revision,
  type: event.type,
  data: event.data,
  metadata: event.metadata,
  integrity: event.integrity,
});

describe.each(TARGETS)('copyEventLog from SQLite into %s', (_name, openTarget) => {
  let directory: string;
  let sourceFile: string;
  let source: EventStore;
  let target: Opened;
  let streams: string[];

  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'duban-migrate-'));
    sourceFile = join(directory, 'source.sqlite');
    source = createEventStore({ kind: 'sqlite', sqlite: { file: sourceFile, synchronous: 'NORMAL' } }).store;
    const category = uniqueCategory();
    streams = Array.from({ length: 7 }, (_, index) => `${category}-${index}`);
    // Interleaved across streams, some appends of several events, metadata as commands record it.
    for (let round = 0; round < 9; round += 1) {
      for (const [index, stream] of streams.entries()) {
        if ((round + index) % 3 === 0) continue;
        const events = Array.from({ length: 1 + ((round * index) % 3) }, (_, n) =>
          newEvent(`Happened${n}`, { round, index, text: '核实中' }, { actorId: `user-${index}`, correlationId: `c-${round}` }),
        );
        await source.appendToStream(stream, events);
      }
    }
    target = openTarget(directory);
  });
  afterEach(async () => {
    await source.close();
    await target.store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const sourceLog = () => source.readAll();
  const targetLogOf = async () => {
    const ours = new Set(streams);
    return (await target.store.readAll({ maxCount: 100_000 })).filter((event) => ours.has(event.stream));
  };

  it('keeps order, ids, metadata and hash chains, with progress', async () => {
    const progress: bigint[] = [];
    const result = await copyEventLog(source, target.store, { checkpoints: target.checkpoints, pageSize: 10, onProgress: ({ position }) => progress.push(position) });
    const log = await sourceLog();
    expect(result).toMatchObject({ copied: log.length, finished: true, position: log.at(-1)!.position });
    expect((await targetLogOf()).map(copyOf)).toEqual(log.map(copyOf));
    expect(log.every((event) => event.integrity?.hash !== undefined)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => (a < b ? -1 : 1)));
    expect(progress.length).toBe(Math.ceil(log.length / 10));
  });

  it('resumes after an interruption and copies nothing twice; a repeated run copies nothing', async () => {
    let pages = 0;
    const stopped = await copyEventLog(source, target.store, { checkpoints: target.checkpoints, pageSize: 10, shouldStop: () => ++pages > 3 });
    const log = await sourceLog();
    expect(stopped.finished).toBe(false);
    expect(stopped.copied).toBeGreaterThan(0);
    expect((await targetLogOf()).map(copyOf)).toEqual(log.slice(0, stopped.copied).map(copyOf));
    const resumed = await copyEventLog(source, target.store, { checkpoints: target.checkpoints, pageSize: 10 });
    expect(resumed).toMatchObject({ copied: log.length - stopped.copied, finished: true, resumedAfter: stopped.position });
    expect((await targetLogOf()).map(copyOf)).toEqual(log.map(copyOf));
    expect(await copyEventLog(source, target.store, { checkpoints: target.checkpoints })).toMatchObject({ copied: 0, finished: true });
    expect(await targetLogOf()).toHaveLength(log.length);
  });

  it('is idempotent when it stopped between an append and its checkpoint', async () => {
    let failOnce = true;
    const flaky: CheckpointStore = {
      load: (name) => target.checkpoints.load(name),
      store: async (name, position) => {
        if (failOnce && position > 20n) {
          failOnce = false;
          throw new Error('crashed before the checkpoint');
        }
        await target.checkpoints.store(name, position);
      },
    };
    await expect(copyEventLog(source, target.store, { checkpoints: flaky, pageSize: 10 })).rejects.toThrow('crashed before the checkpoint');
    await copyEventLog(source, target.store, { checkpoints: flaky, pageSize: 10 });
    const log = await sourceLog();
    expect((await targetLogOf()).map(copyOf)).toEqual(log.map(copyOf));
    expect(await target.checkpoints.load(migrationCheckpointName(log[0].id))).toBe(log.at(-1)!.position);
  });

  it('stops at an event altered in the source instead of writing it a fresh valid hash', async () => {
    const log = await sourceLog();
    const altered = log[25];
    const db = new Database(sourceFile);
    db.prepare("UPDATE events SET data = json_set(data, '$.text', '已篡改') WHERE id = ?").run(altered.id);
    db.close();
    await expect(copyEventLog(source, target.store, { checkpoints: target.checkpoints, pageSize: 10 })).rejects.toEqual(
      new SourceChainBrokenError(altered.stream, altered.revision),
    );
    const checkpoint = await target.checkpoints.load(migrationCheckpointName(log[0].id));
    expect(checkpoint).toBeLessThan(altered.position);
    const copied = await targetLogOf();
    expect(copied.map((event) => event.id)).not.toContain(altered.id);
    expect(
      copied
        .slice(
          0,
          log.findIndex((event) => event.position > checkpoint!),
        )
        .map(copyOf),
    ).toEqual(log.filter((event) => event.position <= checkpoint!).map(copyOf));
  });
});
