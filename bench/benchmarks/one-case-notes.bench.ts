import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import { SHIPPED_POLICIES } from '../../test/support/crash-scenarios';
import { complaintBody } from '../../test/support/demo-data';
import { HttpClient, processEnv, startApiProcess, type DubanProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { interleavedMedians, percentile, ratePerSecond, ratioRow } from '../support/measure';

/**
 * Issue 17, on one case through the real API (a child process):
 * - commands to one case from one API instance wait for each other instead of failing: per round
 *   a fresh complaint and 16 notes sent on it at once (fetch, keep-alive), every answer other
 *   than 200 and every transport error counted;
 * - a view is bounded (the newest notes and their count), so reading a case of many notes costs
 *   about what reading a fresh one does: GET /complaints/:id of both, interleaved round by round.
 */
const ROUNDS = { smoke: 3, full: 30 } as const;
const CONCURRENT_NOTES = 16;
const LONG_CASE_NOTES = { smoke: 200, full: 1_000 } as const;
const READ_ROUNDS = { smoke: 3, full: 7 } as const;
const READS_PER_ROUND = { smoke: 200, full: 2_000 } as const;
/** Reads in flight at once: enough to keep the API busy, as a console's users would. */
const READERS = 4;

async function registerComplaint(handler: HttpClient): Promise<string> {
  const registered = await handler.post('/complaints', complaintBody());
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  return (registered.body as { id: string }).id;
}

/** Reads of one case per second, READERS at a time; any answer but 200 fails the benchmark. */
function readsPerSecond(handler: HttpClient, id: string, reads: number): Promise<number> {
  return ratePerSecond(async () => {
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < reads) {
        next += 1;
        const answer = await handler.get(`/complaints/${id}`);
        if (answer.status !== 200) throw new Error(`read answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    return reads;
  });
}

/** A complaint with `notes` notes, sent CONCURRENT_NOTES at a time. */
async function longCase(handler: HttpClient, notes: number): Promise<string> {
  const id = await registerComplaint(handler);
  for (let sent = 0; sent < notes; sent += CONCURRENT_NOTES) {
    const batch = Array.from({ length: Math.min(CONCURRENT_NOTES, notes - sent) }, (_, index) => handler.post(`/complaints/${id}/notes`, { text: `核实记录 ${sent + index + 1}` }));
    for (const answer of await Promise.all(batch)) if (answer.status !== 200) throw new Error(`note answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return id;
}

const oneCaseNotes: Benchmark = {
  id: 'one-case',
  title: `${CONCURRENT_NOTES} concurrent notes on one case through the real API`,
  async run(context: BenchContext): Promise<BenchRow[]> {
    const rounds = ROUNDS[context.size];
    const dataDir = mkdtempSync(join(tmpdir(), 'duban-bench-one-case-'));
    const redisUrl = sharedRedisUrl();
    const queuePrefix = uniqueKeyPrefix('bench-one-case');
    let api: DubanProcess | undefined;
    try {
      const env = processEnv({ dataDir, redisUrl, queuePrefix, slaPolicyFile: SHIPPED_POLICIES, extra: { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' } });
      const started = await startApiProcess(env);
      api = started;
      const handler = await started.http.as('handler.haicheng');
      let errors = 0;
      const roundMs: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const id = await registerComplaint(handler);
        const startedAt = performance.now();
        const answers = await Promise.allSettled(Array.from({ length: CONCURRENT_NOTES }, (_, index) => handler.post(`/complaints/${id}/notes`, { text: `note ${index}` })));
        roundMs.push(performance.now() - startedAt);
        const failed = answers.filter((answer) => answer.status === 'rejected' || answer.value.status !== 200);
        for (const failure of failed.slice(0, 3))
          context.log(`one-case: ${failure.status === 'rejected' ? String(failure.reason) : `${failure.value.status} ${JSON.stringify(failure.value.body)}`}`);
        errors += failed.length;
      }
      context.log(
        `one-case: ${rounds} rounds of ${CONCURRENT_NOTES} notes, ${errors} errors, all answered in p50 ${percentile(roundMs, 50).toFixed(0)} ms, max ${Math.max(...roundMs).toFixed(0)} ms`,
      );
      const notes = LONG_CASE_NOTES[context.size];
      const [long, fresh] = [await longCase(handler, notes), await registerComplaint(handler)];
      const reads = READS_PER_ROUND[context.size];
      const measured = await interleavedMedians(
        READ_ROUNDS[context.size],
        () => readsPerSecond(handler, long, reads),
        () => readsPerSecond(handler, fresh, reads),
        (message) => context.log(`one-case reads: ${message}`),
      );
      return [
        ratioRow(
          `reads of a case with ${notes.toLocaleString('en')} notes vs reads of a fresh case (GET /complaints/:id, ${READERS} at a time)`,
          'reads/s',
          measured.value,
          measured.reference,
          0.5,
        ),
        {
          name: `${CONCURRENT_NOTES} concurrent notes on one case, ${rounds} cases (errors: non-200 answers and transport errors)`,
          value: errors,
          unit: 'errors',
          reference: null,
          ratio: null,
          target: '0 errors',
          met: errors === 0,
        },
      ];
    } finally {
      await api?.kill('SIGKILL');
      await deleteKeysWithPrefix(redisUrl, queuePrefix);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default oneCaseNotes;
