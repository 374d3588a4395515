import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { createRedisConnection } from '@duban/redis';
import { QUEUES } from '@duban/scheduling';
import { SHIPPED_POLICIES, withEventsFile, newSetting, removeSetting, waitFor, type CrashSetting } from '../support/crash-scenarios';
import { complaintBody } from '../support/demo-data';
import { processEnv, spawnWorkerProcess, startApiProcess, startWorkerProcess } from '../support/duban-processes';

/**
 * SIGTERM, as an orchestrator sends it: the API must answer every request it had taken, record
 * nothing it did not answer, refuse new connections and exit cleanly. The worker stops the same
 * way, through the same start-up and shutdown path.
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

describe('the worker on SIGTERM', () => {
  const setting: CrashSetting = newSetting('worker-sigterm', SHIPPED_POLICIES);
  afterAll(() => removeSetting(setting));

  it('finishes the job it is running and exits 0, even when a second signal arrives during the close', async () => {
    // A webhook that answers only when told: the worker's close waits for the delivery in flight.
    let answerWebhook = () => undefined as void;
    const deliveries: string[] = [];
    const webhook = createServer((request, response) => {
      deliveries.push(String(request.headers['x-duban-delivery'] ?? request.url));
      answerWebhook = () => void response.writeHead(204).end();
    });
    await new Promise<void>((listening) => webhook.listen(0, '127.0.0.1', listening));
    const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/`;
    const worker = await startWorkerProcess(processEnv({ ...setting, extra: { NOTIFICATION_WEBHOOKS: JSON.stringify({ default: { url: webhookUrl, secret: 'test' } }) } }));
    const connection = createRedisConnection(setting.redisUrl, 'worker', 'duban-shutdown-test');
    const queue = new Queue(QUEUES.notifications, { connection, prefix: setting.queuePrefix });
    try {
      await queue.add('ClockBreached', { id: randomUUID(), type: 'ClockBreached', caseId: 'c-1', unitId: 'u-1', payload: {} });
      await waitFor(() => deliveries.length === 1, 'the delivery to start', 30_000);

      const exited = worker.kill('SIGTERM');
      await waitFor(() => worker.output().includes('SIGTERM: finishing running jobs'), 'the worker to start closing', 10_000);
      // The orchestrator repeating itself: the default action would end the process mid-close.
      process.kill(worker.pid, 'SIGTERM');
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
      answerWebhook();
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(worker.output().match(/finishing running jobs/g)).toHaveLength(1);
      expect(deliveries).toHaveLength(1);
    } finally {
      await queue.close();
      connection.disconnect();
      webhook.closeAllConnections();
      webhook.close();
    }
  });

  it('exits 1 with the reason when it cannot start', async () => {
    const worker = spawnWorkerProcess(processEnv({ ...setting, slaPolicyFile: `${setting.dataDir}/no-such-policies.json` }));
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output()).toContain('no-such-policies.json');
  });
});
