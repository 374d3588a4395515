import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QUEUES, type ResolvedSchedulingOptions } from '../scheduling-options';
import {
  deleteKeysWithPrefix,
  producerConnection,
  sharedRedisUrl,
  sleep,
  testSchedulingOptions,
  uniqueKeyPrefix,
  waitUntil,
  workerConnection,
} from '../testing/redis-test-namespace';
import { notificationJobId, type Notification } from './notification';
import { NotificationProcessor } from './notification-processor';
import { BullmqNotificationPublisher } from './notification-publisher';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from './webhook-signature';
import { WebhookSink } from './webhook-sink';

interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number | 'no answer';
}

/** A webhook receiver on 127.0.0.1 answering each request as `answer` says. */
class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (requestIndex: number) => number | 'no answer' = () => 200;
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = this.answer(this.requests.length);
      this.requests.push({ path: request.url ?? '', headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status });
      if (status !== 'no answer') response.writeHead(status).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolveListen) => this.server.listen(0, '127.0.0.1', resolveListen));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get delivered(): ReceivedRequest[] {
    return this.requests.filter((request) => typeof request.status === 'number' && request.status < 300);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolveClose) => this.server.close(resolveClose));
  }
}

const HEAD_OFFICE_SECRET = 'head-office-webhook-secret';
const BRANCH_SECRET = 'branch-1-webhook-secret';

const escalation = (overrides: Partial<Notification> = {}): Notification => ({
  id: 'evt-5f1c',
  type: 'CaseEscalated',
  caseId: 'complaint-42',
  unitId: 'branch-1',
  payload: { from: 'outlet-7', to: 'branch-1', reason: 'reply clock breached' },
  ...overrides,
});

describe('Notifications over webhooks (real Redis, real HTTP receiver)', () => {
  const url = sharedRedisUrl();
  const receiver = new WebhookReceiver();
  let receiverUrl: string;
  let options: ResolvedSchedulingOptions;
  let producer: Redis;
  let worker: Redis;
  let publisher: BullmqNotificationPublisher;
  let processor: NotificationProcessor;
  let inspector: Queue;

  const jobState = async (notification: Notification) => (await inspector.getJob(notificationJobId(notification)))?.getState();

  beforeAll(async () => {
    receiverUrl = await receiver.start();
  });

  afterAll(() => receiver.stop());

  beforeEach(async () => {
    receiver.requests.splice(0);
    receiver.answer = () => 200;
    options = testSchedulingOptions(uniqueKeyPrefix('webhooks'), {
      webhookTimeoutMs: 300,
      webhooks: {
        units: { 'branch-1': { url: `${receiverUrl}/branch-1`, secret: BRANCH_SECRET } },
        default: { url: `${receiverUrl}/head-office`, secret: HEAD_OFFICE_SECRET },
      },
    });
    producer = producerConnection(url);
    worker = workerConnection(url);
    publisher = new BullmqNotificationPublisher(producer, options);
    processor = new NotificationProcessor(worker, new WebhookSink(options.webhooks, options.webhookTimeoutMs), options);
    inspector = new Queue(QUEUES.notifications, { connection: producer, prefix: options.keyPrefix });
    await processor.start();
  });

  afterEach(async () => {
    await processor.close();
    await publisher.close();
    await inspector.close();
    producer.disconnect();
    worker.disconnect();
    await deleteKeysWithPrefix(url, options.keyPrefix);
  });

  it("posts the notification as JSON to the unit's webhook, signed with its secret over timestamp and body", async () => {
    const notification = escalation();
    expect(await publisher.publish(notification)).toBe(true);

    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the delivery');
    const [request] = receiver.requests;
    expect(request.path).toBe('/branch-1');
    expect(JSON.parse(request.rawBody)).toEqual(notification);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers[WEBHOOK_HEADERS.delivery]).toBe(notification.id);
    expect(request.headers[WEBHOOK_HEADERS.event]).toBe('CaseEscalated');
    const timestampHeader = request.headers[WEBHOOK_HEADERS.timestamp] as string;
    expect(Math.abs(Number(timestampHeader) - Date.now() / 1_000)).toBeLessThan(5);
    const signatureHeader = request.headers[WEBHOOK_HEADERS.signature] as string;
    expect(signatureHeader).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: BRANCH_SECRET, rawBody: request.rawBody, timestampHeader, signatureHeader })).toBe(true);
    expect(verifyWebhookSignature({ secret: HEAD_OFFICE_SECRET, rawBody: request.rawBody, timestampHeader, signatureHeader })).toBe(false);
  });

  it('sends a unit without a webhook of its own to the default one', async () => {
    await publisher.publish(escalation({ unitId: 'outlet-7' }));

    await waitUntil(() => receiver.requests.length === 1, 5_000, 'the delivery');
    const [request] = receiver.requests;
    expect(request.path).toBe('/head-office');
    expect(
      verifyWebhookSignature({
        secret: HEAD_OFFICE_SECRET,
        rawBody: request.rawBody,
        timestampHeader: request.headers[WEBHOOK_HEADERS.timestamp] as string,
        signatureHeader: request.headers[WEBHOOK_HEADERS.signature] as string,
      }),
    ).toBe(true);
  });

  it('retries after a 500 and then delivers exactly once, under the same delivery id', async () => {
    receiver.answer = (index) => (index === 0 ? 500 : 200);
    const notification = escalation();
    await publisher.publish(notification);

    await waitUntil(async () => (await jobState(notification)) === 'completed', 5_000, 'the delivery to complete');
    await sleep(300);
    expect(receiver.requests.map((request) => request.status)).toEqual([500, 200]);
    expect(receiver.requests.map((request) => request.headers[WEBHOOK_HEADERS.delivery])).toEqual([notification.id, notification.id]);
  });

  it('retries a receiver that does not answer within the timeout', async () => {
    receiver.answer = (index) => (index === 0 ? 'no answer' : 200);
    const notification = escalation();
    await publisher.publish(notification);

    await waitUntil(async () => (await jobState(notification)) === 'completed', 5_000, 'the delivery to complete');
    expect(receiver.requests.map((request) => request.status)).toEqual(['no answer', 200]);
  });

  it('fails the notification after the configured attempts when the receiver keeps refusing', async () => {
    receiver.answer = () => 503;
    const notification = escalation();
    await publisher.publish(notification);

    await waitUntil(async () => (await jobState(notification)) === 'failed', 5_000, 'the notification to fail');
    expect(receiver.requests).toHaveLength(options.notificationRetry.attempts);
  });

  it('does not deliver a re-published notification twice', async () => {
    const notification = escalation();
    await publisher.publish(notification);
    await publisher.publish(notification); // while the first is still queued
    await waitUntil(async () => (await jobState(notification)) === 'completed', 5_000, 'the delivery to complete');

    expect(await publisher.publish({ ...notification, payload: { resent: true } })).toBe(true); // after delivery
    await sleep(300);
    expect(receiver.delivered).toHaveLength(1);
    expect(JSON.parse(receiver.delivered[0].rawBody)).toEqual(notification);
  });

  it('resolves false instead of throwing when Redis is unavailable', async () => {
    producer.disconnect();
    expect(await publisher.publish(escalation())).toBe(false);
  });
});

describe('WebhookSink without a webhook for the unit', () => {
  it('skips the notification instead of failing it', async () => {
    const sink = new WebhookSink({ units: { 'branch-1': { url: 'http://127.0.0.1:9/never', secret: 'unused' } } }, 100);
    expect(await sink.deliver(escalation({ unitId: 'outlet-7' }))).toEqual({ delivered: false, reason: 'no webhook for unit' });
  });
});
