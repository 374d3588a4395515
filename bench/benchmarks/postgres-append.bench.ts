import { Client } from 'pg';
import { openPostgresEventStore } from '@duban/event-store';
import type { Benchmark } from '../benchmark';
import { interleavedMedians, ratePerSecond, ratioRow } from '../support/measure';
import { appendConcurrently, appendOneByOne, CONCURRENT_APPENDERS, EVENTS_PER_STREAM } from '../support/append-workload';
import { noteEvent } from '../support/sample-events';

/**
 * The PostgreSQL adapter against raw INSERTs on the same server, with the same durability
 * (the server's synchronous_commit, on by default) into the same table of the same schema:
 * one event per append with an exact expected revision (the adapter's lock, revision and
 * id lookups, chain hash and NOTIFY: three round trips and one commit) against one autocommitted
 * INSERT per event; then 16 appenders at once (group commit) against INSERTs 16 to a transaction.
 * Runs against DATABASE_URL (default the machine's 127.0.0.1:5432/test), in a schema of its own
 * that it drops afterwards.
 */
const postgresAppend: Benchmark = {
  id: 'postgres-append',
  title: 'PostgreSQL event-store append vs raw INSERTs on the same server',
  async run({ size, log }) {
    const connectionString = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const eventsPerRound = size === 'smoke' ? 160 : 2_000;
    const rounds = size === 'smoke' ? 3 : 7;
    const schema = `bench_append_${process.pid}`;
    const { store } = await openPostgresEventStore({ connectionString, schema });
    const raw = new Client({ connectionString });
    await raw.connect();
    const { rows } = await raw.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    log(`synchronous_commit = ${rows[0].synchronous_commit}`);
    const insertSql = `INSERT INTO "${schema}".events (id, stream, revision, type, data, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())`;
    const rawInsert = (stream: string, revision: number) => {
      const event = noteEvent();
      return raw.query(insertSql, [event.id, stream, revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)]);
    };
    try {
      const adapterAppends = (round: number) => ratePerSecond(() => appendOneByOne(store, `complaint-r${round}`, eventsPerRound));
      const rawInserts = (round: number) =>
        ratePerSecond(async () => {
          for (let index = 0; index < eventsPerRound; index++) await rawInsert(`raw-r${round}-${Math.floor(index / EVENTS_PER_STREAM)}`, index % EVENTS_PER_STREAM);
          return eventsPerRound;
        });
      const single = await interleavedMedians(rounds, adapterAppends, rawInserts, log);

      const perAppender = eventsPerRound / CONCURRENT_APPENDERS;
      const concurrentAppends = (round: number) => ratePerSecond(() => appendConcurrently(store, `complaint-c${round}`, eventsPerRound));
      const groupedInserts = (round: number) =>
        ratePerSecond(async () => {
          for (let index = 0; index < perAppender; index++) {
            await raw.query('BEGIN');
            for (let appenderIndex = 0; appenderIndex < CONCURRENT_APPENDERS; appenderIndex++) {
              await rawInsert(`raw-c${round}-${appenderIndex}-${Math.floor(index / EVENTS_PER_STREAM)}`, index % EVENTS_PER_STREAM);
            }
            await raw.query('COMMIT');
          }
          return perAppender * CONCURRENT_APPENDERS;
        });
      const concurrent = await interleavedMedians(rounds, concurrentAppends, groupedInserts, log);
      return [
        ratioRow('#1 append: PostgreSQL adapter vs raw INSERTs, same server and durability', 'events/s', single.value, single.reference, 0.7),
        ratioRow(
          `#1 append on PostgreSQL, ${CONCURRENT_APPENDERS} appenders at once (group commit) vs raw INSERTs ${CONCURRENT_APPENDERS} to a transaction`,
          'events/s',
          concurrent.value,
          concurrent.reference,
          0.7,
        ),
      ];
    } finally {
      await store.close();
      await raw.query(`DROP SCHEMA "${schema}" CASCADE`);
      await raw.end();
    }
  },
};

export default postgresAppend;
