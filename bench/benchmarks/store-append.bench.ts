import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openSqliteEventStore } from '@duban/event-store';
import type { Benchmark } from '../benchmark';
import { interleavedMedians, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';
import { noteEvent } from '../support/sample-events';

const EVENTS_PER_STREAM = 10;

/**
 * #1: one event per append with an exact expected revision through the SQLite adapter at its
 * default durability (WAL, synchronous FULL), against raw better-sqlite3 inserts of the same rows
 * into the same schema with the same pragmas (one autocommitted INSERT per event, no revision
 * check, no hash chain): what the adapter's checks and chain cost over the disk's own limit.
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
    openSqliteEventStore({ file: join(directory.path, 'raw.sqlite') }).store.close();
    const raw = new Database(join(directory.path, 'raw.sqlite'));
    raw.pragma('busy_timeout = 5000');
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    const insert = raw.prepare(
      'INSERT INTO events (id, stream, revision, type, data, metadata, created_at, hash, previous_hash) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)',
    );
    try {
      const adapterAppends = (round: number) =>
        ratePerSecond(async () => {
          for (let index = 0; index < eventsPerRound; index++) {
            const revision = index % EVENTS_PER_STREAM;
            const stream = `complaint-r${round}-${Math.floor(index / EVENTS_PER_STREAM)}`;
            await store.appendToStream(stream, [noteEvent()], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) });
          }
          return eventsPerRound;
        });
      const rawInserts = (round: number) =>
        ratePerSecond(() => {
          for (let index = 0; index < eventsPerRound; index++) {
            const event = noteEvent();
            const stream = `complaint-r${round}-${Math.floor(index / EVENTS_PER_STREAM)}`;
            insert.run(event.id, stream, index % EVENTS_PER_STREAM, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), Date.now());
          }
          return eventsPerRound;
        });
      const { value, reference } = await interleavedMedians(rounds, adapterAppends, rawInserts, log);
      return [ratioRow('#1 append: SQLite adapter (FULL) vs raw better-sqlite3 inserts', 'events/s', value, reference, 0.7)];
    } finally {
      await store.close();
      raw.close();
      directory.remove();
    }
  },
};

export default storeAppend;
