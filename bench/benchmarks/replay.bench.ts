import Database from 'better-sqlite3';
import { join } from 'node:path';
import { pastStateOf } from '@duban/audit';
import { COMPLAINTS } from '@duban/cases';
import { toStoredEvent } from '@duban/workflow';
import { openSqliteEventStore } from '@duban/event-store';
import { CaseProjection, openReadModelDatabase, rebuildCaseProjection } from '@duban/projections';
import type { Benchmark, BenchRow } from '../benchmark';
import { complaintEvents, fillStore } from '../support/generate';
import { ceilingRow, interleavedMedians, percentile, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';

const EVENTS_PER_CASE = 10;
const LONG_CASE_EVENTS = 1_000;

/**
 * #5 replay: rebuildCaseProjection (every projection there is: the case rows) over the whole
 * store, against reading the same rows with raw better-sqlite3 and JSON.parse of data and
 * metadata. Time travel: GET /complaints/:id/state's work on a case of 1,000 events (read the
 * stream, cut it at a random revision, fold that prefix, build the view), as a p99 latency.
 */
const replay: Benchmark = {
  id: 'replay',
  title: 'projection rebuild vs raw read + JSON.parse; time travel on a long case',
  async run({ size, log }) {
    const totalEvents = size === 'smoke' ? 20_000 : 1_000_000;
    const rounds = size === 'smoke' ? 3 : 3;
    const directory = temporaryDirectory('replay');
    const file = join(directory.path, 'events.sqlite');
    const { store } = openSqliteEventStore({ file, synchronous: 'NORMAL' });
    const readModels = openReadModelDatabase(join(directory.path, 'read-models.sqlite'));
    const raw = new Database(file, { readonly: true });
    try {
      log(`generating ${totalEvents} events`);
      await fillStore(store, await complaintEvents(EVENTS_PER_CASE), totalEvents / EVENTS_PER_CASE, log);
      const projection = new CaseProjection(readModels, store);
      const rebuild = () => ratePerSecond(async () => (await rebuildCaseProjection(store, projection)).events);
      const readAndParse = () =>
        ratePerSecond(() => {
          let events = 0;
          for (const row of raw.prepare<[], { data: string; metadata: string }>('SELECT data, metadata FROM events ORDER BY position').iterate()) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
            events++;
          }
          return events;
        });
      const { value, reference } = await interleavedMedians(rounds, rebuild, readAndParse, log);
      const rows: BenchRow[] = [ratioRow(`#5 replay: rebuild projections from ${totalEvents} events vs raw read + JSON.parse`, 'events/s', value, reference, 0.5)];
      rows.push(await timeTravel(store, size === 'smoke' ? 200 : 1_000, log));
      return rows;
    } finally {
      raw.close();
      readModels.close();
      await store.close();
      directory.remove();
    }
  },
};

async function timeTravel(store: ReturnType<typeof openSqliteEventStore>['store'], requests: number, log: (message: string) => void): Promise<BenchRow> {
  const id = 'long-case';
  await fillStore(store, await complaintEvents(LONG_CASE_EVENTS), 1, log, id);
  const stream = `complaint-${id}-0`;
  const latencies: number[] = [];
  for (let request = 0; request < requests; request++) {
    const started = process.hrtime.bigint();
    const history = await store.readStream(stream);
    const past = pastStateOf(`complaint ${id}`, history, { revision: Math.floor(Math.random() * history.length) });
    COMPLAINTS.toView(COMPLAINTS.decider.fold(past.events.map(toStoredEvent)));
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  log(`time travel: median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms over ${requests} requests`);
  return ceilingRow(`#5 time travel: state of a ${LONG_CASE_EVENTS}-event case at a random revision, p99`, 'ms', percentile(latencies, 99), 20, 'p99 ≤ 20 ms');
}

export default replay;
