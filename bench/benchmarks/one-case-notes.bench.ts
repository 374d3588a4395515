import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchContext, BenchRow } from '../benchmark';
import { SHIPPED_POLICIES } from '../../test/support/crash-scenarios';
import { complaintBody } from '../../test/support/demo-data';
import { processEnv, startApiProcess, type DubanProcess } from '../../test/support/duban-processes';
import { deleteKeysWithPrefix, sharedRedisUrl, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { percentile } from '../support/measure';

/**
 * Issue 17: commands to one case from one API instance wait for each other instead of failing.
 * The real API as a child process; per round a fresh complaint and 16 notes sent on it at once
 * (fetch, keep-alive), every answer other than 200 and every transport error counted.
 */
const ROUNDS = { smoke: 3, full: 30 } as const;
const CONCURRENT_NOTES = 16;

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
        const registered = await handler.post('/complaints', complaintBody());
        if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
        const id = (registered.body as { id: string }).id;
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
      return [
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
