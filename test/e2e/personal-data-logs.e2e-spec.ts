import { type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { format } from 'node:util';
import request from 'supertest';
import { loadConfig } from '@duban/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { jsonLoggerOnStdout, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody } from '../support/demo-requests';

/**
 * Logs never contain personal data: the API and the worker run with every log level while a whole
 * lifecycle goes through, failures included (invalid bodies carrying personal data, a malformed
 * body, a wrong-state command, a forbidden one), and an escalation by the worker with its webhook.
 * Everything written to stdout, stderr and the console, and every webhook body, is then searched.
 */
jest.setTimeout(90_000);

const NAME = '测试甲乙';
const PHONE = '13800000000';
const ID_NUMBER = '990101199001011234';
const CUSTOMER = { name: NAME, phone: PHONE, idNumber: ID_NUMBER };
// The masked forms are personal data too.
const PERSONAL = [NAME, PHONE, ID_NUMBER, '测**', '138****0000', '990101********1234'];

const ALL_LEVELS: LogLevel[] = ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'];
const SECONDS_POLICIES = join(__dirname, '../fixtures/sla-policies.seconds.json');

async function waitFor(what: string, done: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Logs, webhooks and problem answers never contain personal data', () => {
  const captured: string[] = [];
  const webhookBodies: string[] = [];
  const problemBodies: string[] = [];
  const restore: Array<() => void> = [];
  let sink: Server;
  let api: ApiTestApp;
  let worker: INestApplicationContext;
  let handler: ApiClient;

  function capture(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      stream.write = (chunk: unknown) => captured.push(String(chunk)) > 0;
      restore.push(() => (stream.write = original));
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(format(...args)));
      restore.push(() => spy.mockRestore());
    }
  }

  beforeAll(async () => {
    sink = createServer((incoming, response) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      incoming.on('end', () => {
        webhookBodies.push(body);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const webhooks = JSON.stringify({ default: { url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`, secret: 'webhook-secret-for-tests' } });
    capture();
    api = await startApiTestApp({ slaPolicyFile: SECONDS_POLICIES, realTime: true, logLevels: ALL_LEVELS, env: { NOTIFICATION_WEBHOOKS: webhooks } });
    const workerConfig = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: api.config.DATA_DIR,
      REDIS_URL: api.config.REDIS_URL,
      REDIS_AUTOSTART: 'false',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      SLA_POLICY_FILE: api.config.SLA_POLICY_FILE,
      SLA_CALENDARS_DIR: api.config.SLA_CALENDARS_DIR,
      QUEUE_PREFIX: api.config.QUEUE_PREFIX,
      SWEEP_INTERVAL_MS: '1000',
      // Soon, so the worker's own log lines are among those searched.
      INTEGRITY_CHECKPOINT_INTERVAL_MS: '500',
      NOTIFICATION_WEBHOOKS: webhooks,
    });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.forRoot(workerConfig)] })
      .setLogger(jsonLoggerOnStdout('worker', ALL_LEVELS))
      .compile();
    worker = await moduleRef.init();
    handler = await api.as('handler.haicheng');
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await new Promise((resolve) => sink?.close(resolve));
    for (const undo of restore.splice(0).reverse()) undo();
  });

  /** A refused request: its problem+json is kept for the search, and it must not echo what was sent. */
  async function refused(pending: request.Test, status: number): Promise<void> {
    const response = await pending;
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    problemBodies.push(response.text);
  }

  it('drives a whole lifecycle, failures and a worker escalation included', async () => {
    const auditor = await api.as('auditor');
    const admin = await api.as('admin');
    const head = await api.as('head.haicheng');

    // Refusals whose bodies carry personal data.
    await refused(handler.post('/complaints', complaintBody({ customer: { ...CUSTOMER, phone: PHONE.repeat(5) } })), 400);
    await refused(handler.post('/complaints', complaintBody({ customer: { ...CUSTOMER, nickname: NAME } })), 400);
    await refused(handler.post('/complaints', complaintBody({ customer: { name: 42, phone: PHONE, idNumber: ID_NUMBER } })), 400);
    await refused(handler.post('/complaints', complaintBody({ customer: CUSTOMER, unitId: 'no-such-unit' })), 422);
    await refused(auditor.post('/complaints', complaintBody({ customer: CUSTOMER })), 403);
    const malformed = `{"type":"complaint","customer":{"name":"${NAME}","phone":"${PHONE}","idNumber":"${ID_NUMBER}"`;
    await refused(handler.post('/complaints').set('Content-Type', 'application/json').send(malformed), 400);

    // A complaint nobody answers: the worker warns, breaches, escalates and calls the webhook.
    const unanswered = (await handler.post('/complaints', complaintBody({ customer: CUSTOMER })).expect(201)).body.id as string;
    // A complaint that goes all the way, with a wrong-state command on the way.
    const answered = (
      await handler
        .post('/complaints', complaintBody({ customer: CUSTOMER }))
        .set('Idempotency-Key', 'logs-1')
        .expect(201)
    ).body.id as string;
    await handler
      .post('/complaints', complaintBody({ customer: CUSTOMER }))
      .set('Idempotency-Key', 'logs-1')
      .expect(201);
    await refused(handler.post('/complaints', complaintBody({ customer: { ...CUSTOMER, name: '测试丙丁' } })).set('Idempotency-Key', 'logs-1'), 422);
    await refused(head.post(`/complaints/${answered}/verify`, { satisfied: true }), 409);
    await handler.post(`/complaints/${answered}/reply`, { responsibility: 'valid', text: '已致歉并整改', channel: 'phone' }).expect(200);
    await head.post(`/complaints/${answered}/verify`, { satisfied: true }).expect(200);
    await head.post(`/complaints/${answered}/close`).expect(200);
    for (const path of [`/complaints/${answered}`, `/complaints/${answered}/history`, `/complaints/${answered}/audit-pack`, `/complaints/${answered}/verify`]) {
      await auditor.get(path).expect(200);
    }

    await waitFor('the worker to escalate the unanswered complaint', async () => (await handler.get(`/complaints/${unanswered}`)).body.escalationLevel >= 1);
    await waitFor('a webhook delivery', () => webhookBodies.length > 0);
    await admin.post(`/complaints/${unanswered}/customer/erasure`, { reason: '依法删除', requestReference: 'REQ-LOGS-1' }).expect(200);
    await admin.post(`/complaints/${answered}/customer/erasure`, { reason: '依法删除', requestReference: 'REQ-LOGS-2' }).expect(200);
  });

  it('captured the logs it searches: the API mapped its routes, the worker anchored a checkpoint', async () => {
    await waitFor('a checkpoint logged by the worker', () => captured.some((line) => line.includes('Checkpoint #')));
    expect(captured.join('')).toMatch(/Mapped \{\/complaints, POST\} route/);
    expect(problemBodies).toHaveLength(8);
  });

  it('logs JSON lines, one per answered request with its route pattern and correlation id', () => {
    const lines = captured.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request');
    expect(requests).toContainEqual(
      // No `app` here: both apps run in this process and Nest's static loggers use the last one installed.
      expect.objectContaining({ level: 'info', method: 'POST', route: '/complaints/:id/reply', status: 200, correlationId: expect.any(String) }),
    );
    expect(requests.filter((line) => line.status === 400).length).toBeGreaterThan(0);
  });

  it.each(PERSONAL)('finds %j in no log line, no webhook body and no problem answer', (value) => {
    expect(captured.filter((line) => line.includes(value))).toEqual([]);
    expect(webhookBodies.filter((body) => body.includes(value))).toEqual([]);
    expect(problemBodies.filter((body) => body.includes(value))).toEqual([]);
  });
});
