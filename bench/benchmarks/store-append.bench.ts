import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteEventStore } from '@duban/event-store';
import type { Benchmark } from '../benchmark';
import { interleavedMedians, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';
import { appendConcurrently, appendOneByOne, CONCURRENT_APPENDERS, EVENTS_PER_STREAM } from '../support/append-workload';
import { noteEvent } from '../support/sample-events';

/**
 * #1: one event per append with an exact expected revision through the SQLite adapter at its
 * default durability (WAL, synchronous FULL), against raw better-sqlite3 inserts of the same rows
 * into the same schema with the same pragmas (one autocommitted INSERT per event, no revision
 * check, no hash chain): what the adapter's checks and chain cost over the disk's own limit.
 * Then the same appends from 16 appenders at once (each its own streams, one append after the
 * other), which the adapter's group commit writes together, against raw inserts 16 to a
 * transaction: the most one commit per 16 events can give.
 */
const storeAppend: Benchmark = {
  id: 'store-append',
  title: 'event-store append vs raw better-sqlite3 inserts',
  async run({ size, log }) {
    const eventsPerRound = size === 'smoke' ? 200 : 3_000;
    const rounds = size === 'smoke' ? 3 : 7;
    const directory = temporaryDirectory('append');
    // The adapter creates the schema and WAL mode in each file; the raw connection then adds only the pragmas.
    const { store } = openSqliteEventStore({ file: join(directory.path, 'adapter.sqlite') });
    await openSqliteEventStore({ file: join(directory.path, 'raw.sqlite') }).store.close();
    const raw = new Database(join(directory.path, 'raw.sqlite'));
    raw.pragma('busy_timeout = 5000');
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    const insert = raw.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created_at, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)');
    try {
      const adapterAppends = (round: number) => ratePerSecond(() => appendOneByOne(store, `complaint-r${round}`, eventsPerRound));
      const rawInsert = (stream: string, revision: number) => {
        const event = noteEvent();
        insert.run(event.id, stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), Date.now());
      };
      const rawInserts = (round: number) =>
        ratePerSecond(() => {
          for (let index = 0; index < eventsPerRound; index++) {
            rawInsert(`complaint-r${round}-${Math.floor(index / EVENTS_PER_STREAM)}`, index % EVENTS_PER_STREAM);
          }
          return eventsPerRound;
        });
      const { value, reference } = await interleavedMedians(rounds, adapterAppends, rawInserts, log);

      const perAppender = eventsPerRound / CONCURRENT_APPENDERS;
      const concurrentAppends = (round: number) => ratePerSecond(() => appendConcurrently(store, `complaint-c${round}`, eventsPerRound));
      const insertGroup = raw.transaction((round: number, index: number) => {
        for (let appenderIndex = 0; appenderIndex < CONCURRENT_APPENDERS; appenderIndex++) {
          rawInsert(`complaint-c${round}-${appenderIndex}-${Math.floor(index / EVENTS_PER_STREAM)}`, index % EVENTS_PER_STREAM);
        }
      });
      const groupedInserts = (round: number) =>
        ratePerSecond(() => {
          for (let index = 0; index < perAppender; index++) insertGroup(round, index);
          return perAppender * CONCURRENT_APPENDERS;
        });
      const concurrent = await interleavedMedians(rounds, concurrentAppends, groupedInserts, log);
      return [
        ratioRow('#1 append: SQLite adapter (FULL) vs raw better-sqlite3 inserts', 'events/s', value, reference, 0.7),
        ratioRow(
          `#1 append, ${CONCURRENT_APPENDERS} appenders at once (group commit) vs raw inserts ${CONCURRENT_APPENDERS} to a transaction`,
          'events/s',
          concurrent.value,
          concurrent.reference,
          0.7,
        ),
      ];
    } finally {
      await store.close();
      raw.close();
      directory.remove();
    }
  },
};

export default storeAppend;
