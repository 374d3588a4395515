import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { openSqliteEventStore } from '@duban/event-store';
import { verifyStore } from '@duban/store-integrity';
import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import { HttpClient, processEnv, startApiProcess, type ApiProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { ceilingRow, interleavedMedians, median, percentile, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';
import { BRANCH_SUPERVISOR, OUTLET_HANDLER, SCORED_QUARTER, YEAR, YEAR_BRANCH, seedYear, writeYearOrganisation, type YearSize } from '../support/year-of-a-branch';

const ROOT = join(__dirname, '../..');
/** Full size is the issue's; YEAR_COMPLAINTS / YEAR_INSPECTIONS pick a size between (a medium run on a busy machine). */
const SIZES: Record<BenchContext['size'], YearSize> = {
  smoke: { complaints: 1_000, inspections: 100 },
  full: { complaints: Number(process.env.YEAR_COMPLAINTS ?? 100_000), inspections: Number(process.env.YEAR_INSPECTIONS ?? 10_000) },
};
const REQUESTS = { smoke: 10, full: 100 } as const;
const VERIFY_ROUNDS = { smoke: 1, full: 3 } as const;

/**
 * Issue 21, "a year of a large branch": 100,000 complaints and 10,000 checklist inspections with
 * their findings over twelve months in a branch of 10 sub-branches and 60 outlets, seeded through
 * the API's own command handler (bench/support/year-of-a-branch.ts). Then, on that DATA_DIR: the
 * whole-store verify against a raw SHA-256 pass over the same rows, and the real API (a child
 * process, FULL durability) answering the year's reports, the lists and queues, and an audit pack.
 */
const yearOfABranch: Benchmark = {
  id: 'year',
  title: 'a year of a large branch: reports, lists, queues, audit pack and verify at 1,000,000+ events',
  async run(context) {
    const size = SIZES[context.size];
    const dataDir = temporaryDirectory('year');
    const redisUrl = sharedRedisUrl();
    const queuePrefix = uniqueKeyPrefix('bench-year');
    let api: ApiProcess | undefined;
    try {
      const organisationFile = await writeYearOrganisation(ROOT, dataDir.path);
      context.log(`year: seeding ${size.complaints} complaints and ${size.inspections} inspections`);
      const seeded = await seedYear(size, { root: ROOT, dataDir: dataDir.path, organisationFile, redisUrl, queuePrefix, log: context.log });
      context.log(`year: ${seeded.events} events seeded in ${seeded.seconds.toFixed(0)} s (${(seeded.events / seeded.seconds).toFixed(0)} events/s)`);
      const rows: BenchRow[] = [await verifyRow(join(dataDir.path, 'events.sqlite'), seeded.events, VERIFY_ROUNDS[context.size], context.log)];
      const env = processEnv({
        dataDir: dataDir.path,
        redisUrl,
        queuePrefix,
        slaPolicyFile: join(ROOT, 'config/sla/policies.default.json'),
        extra: { ORG_CONFIG_FILE: organisationFile, RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
      });
      api = await startApiProcess(env);
      const supervisor = await api.http.as(BRANCH_SUPERVISOR as never);
      const handler = await api.http.as(OUTLET_HANDLER as never);
      const requests = REQUESTS[context.size];
      const year = `unitId=${YEAR_BRANCH}&from=${YEAR.from}&to=${YEAR.to}`;
      const p99 = (client: HttpClient, paths: readonly string[]) => p99Of(client, paths, requests, context.log);
      for (const report of ['sla', 'complaints', 'rankings', 'rectification'])
        rows.push(ceilingRow(`GET /reports/${report} for the year (p99)`, 'ms', await p99(supervisor, [`/reports/${report}?${year}`]), 300, 'p99 ≤ 300 ms'));
      rows.push(
        ceilingRow(
          `GET /reports/scores, every outlet of the branch (p99)`,
          'ms',
          await p99(supervisor, [`/reports/scores?unitId=${YEAR_BRANCH}&level=outlet&period=${SCORED_QUARTER}`]),
          300,
          'p99 ≤ 300 ms',
        ),
      );
      const lists = [
        `/complaints?unitId=${YEAR_BRANCH}&state=received&category=attitude`,
        `/complaints?unitId=${YEAR_BRANCH}-03&receivedFrom=2026-06-01T00:00:00Z&receivedTo=2026-07-01T00:00:00Z&sort=-receivedAt`,
        `/complaints?q=${encodeURIComponent('吞卡')}`,
        `/complaints?q=${encodeURIComponent('第4242号')}&unitId=${YEAR_BRANCH}`,
      ];
      rows.push(ceilingRow('GET /complaints with filters and text search (p99)', 'ms', await p99(supervisor, lists), 50, 'p99 ≤ 50 ms'));
      const queues = Math.max(await p99(handler, ['/queues/mine']), await p99(supervisor, ['/queues/mine', '/queues/overdue', '/queues/escalated']));
      rows.push(ceilingRow('GET /queues/{mine,overdue,escalated} of an outlet handler and the branch supervisor (p99)', 'ms', queues, 50, 'p99 ≤ 50 ms'));
      const packMs = await timings(supervisor, [`/complaints/${seeded.longComplaintId}/audit-pack`], Math.max(5, requests / 10), context.log);
      rows.push(ceilingRow('audit pack of a 200-event complaint (median)', 'ms', median(packMs), 200, '≤ 200 ms'));
      context.log(`year: audit pack p99 ${percentile(packMs, 99).toFixed(1)} ms`);
      return rows;
    } finally {
      await api?.kill('SIGTERM');
      await deleteKeysWithPrefix(redisUrl, queuePrefix);
      dataDir.remove();
    }
  },
};

/** Whole-store verify (every chain, checkpoint and anchor) vs SHA-256 of the same rows' stored bytes, read raw; events/s, interleaved. */
async function verifyRow(file: string, events: number, rounds: number, log: (message: string) => void): Promise<BenchRow> {
  const { store } = openSqliteEventStore({ file });
  const raw = new Database(file, { readonly: true });
  try {
    const verified = () =>
      ratePerSecond(async () => {
        const report = await verifyStore(store);
        if (!report.valid) throw new Error(`verify found breaks: ${JSON.stringify(report.breaks.slice(0, 3))}`);
        return report.events;
      });
    const hashed = () =>
      ratePerSecond(() => {
        let rows = 0;
        for (const row of raw
          .prepare<[], { id: string; stream: string; type: string; data: string; metadata: string }>('SELECT id, stream, type, data, metadata FROM events')
          .iterate()) {
          hash('sha256', row.id + row.stream + row.type + row.data + row.metadata, 'hex');
          rows++;
        }
        return rows;
      });
    const { value, reference } = await interleavedMedians(rounds, verified, hashed, (message) => log(`year verify: ${message}`));
    return ratioRow(`whole-store verify of ${events} events vs raw SHA-256 of their rows`, 'events/s', value, reference, 0.5);
  } finally {
    raw.close();
    await store.close();
  }
}

/** Each path `count` times in turn, one request at a time (a user at a console); every answer but 200 fails the benchmark. */
async function timings(client: HttpClient, paths: readonly string[], count: number, log: (message: string) => void): Promise<number[]> {
  const measured: number[] = [];
  for (let index = 0; index < count; index++) {
    const path = paths[index % paths.length];
    const started = performance.now();
    const answer = await client.get(path);
    measured.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
  log(`year: ${paths[0]}${paths.length > 1 ? ` (+${paths.length - 1})` : ''}: p50 ${percentile(measured, 50).toFixed(1)} ms, p99 ${percentile(measured, 99).toFixed(1)} ms`);
  return measured;
}

async function p99Of(client: HttpClient, paths: readonly string[], count: number, log: (message: string) => void): Promise<number> {
  return percentile(await timings(client, paths, count, log), 99);
}

export default yearOfABranch;
