import { randomUUID } from 'node:crypto';
import { SHIPPED_POLICIES, withEventsFile, newSetting, removeSetting, type CrashSetting } from '../support/crash-scenarios';
import { complaintBody } from '../support/demo-data';
import { processEnv, startApiProcess } from '../support/duban-processes';

/**
 * SIGTERM, as an orchestrator sends it: the API must answer every request it had taken, record
 * nothing it did not answer, refuse new connections and exit cleanly.
 */
jest.setTimeout(120_000);

describe('the API on SIGTERM', () => {
  const setting: CrashSetting = newSetting('sigterm', SHIPPED_POLICIES);
  afterAll(() => removeSetting(setting));

  it('finishes the commands in flight, then stops taking requests and exits 0', async () => {
    const api = await startApiProcess(processEnv(setting));
    const handler = await api.http.as('handler.haicheng');
    const keys = Array.from({ length: 40 }, () => randomUUID());
    const sent = keys.map((key) =>
      handler.post('/complaints', complaintBody(), { 'Idempotency-Key': key }).then(
        (answer) => ({ key, status: answer.status, at: Date.now() }),
        // Connections the API had not read a request from yet are closed: the client retries those.
        () => ({ key, status: 'no answer' as const, at: Date.now() }),
      ),
    );
    // Terminate once the first command has been answered: the others are queued or running in the API.
    await Promise.race(sent);
    const terminatedAt = Date.now();
    const exited = api.kill('SIGTERM');
    const answers = await Promise.all(sent);
    expect((await exited).code).toBe(0);
    await expect(api.http.get('/health/live')).rejects.toThrow();

    const answered = answers.filter((answer) => answer.status !== 'no answer');
    expect(answered.map((answer) => answer.status)).toEqual(answered.map(() => 201));
    // Everything answered is stored; nothing unanswered is (a client retries those with their keys).
    const stored = new Set(
      withEventsFile(setting.dataDir, (db) =>
        db.prepare<[], string>("SELECT json_extract(metadata, '$.idempotencyKey') FROM events WHERE type = 'ComplaintRegistered'").pluck().all(),
      ),
    );
    expect(
      answers
        .filter((answer) => stored.has(answer.key))
        .map((answer) => answer.key)
        .sort(),
    ).toEqual(answered.map((answer) => answer.key).sort());
    expect(answered.filter((answer) => answer.at > terminatedAt).length).toBeGreaterThan(0);
  });
});
