import { type INestApplication, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { CLOCK, type Clock } from '@duban/command-handling';
import { loadConfig, type AppConfig } from '@duban/config';
import { deleteKeysWithPrefix, uniqueKeyPrefix } from '../../libs/scheduling/src/testing/redis-test-namespace';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { JsonLogger } from '@duban/logging';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiApp } from '../../apps/api/src/configure-api-app';
import { buildApiDocument } from '../../apps/api/src/openapi/api-document';
import { ApiContract } from './contract';
import { DEMO_PASSWORD, type DemoUser } from './demo-data';

export { DEMO_PASSWORD, type DemoUser } from './demo-data';

/** A clock the test moves by hand, so timestamps and deadlines are predictable. */
export class TestClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advanceMinutes(minutes: number): void {
    this.advanceMs(minutes * 60_000);
  }

  advanceMs(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

type ApiAgent = ReturnType<typeof request>;

/** A signed-in user's view of the API: every request carries their bearer token; every answer is checked against the OpenAPI document. */
export interface ApiClient {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
}

export interface ApiTestApp {
  readonly app: INestApplication;
  /** The validated configuration the app runs on (its DATA_DIR, QUEUE_PREFIX, …). */
  readonly config: AppConfig;
  readonly clock: TestClock;
  as(user: DemoUser): Promise<ApiClient>;
  /** Requests without a token; their answers are checked against the document too. */
  anonymous(): ApiAgent;
  close(): Promise<void>;
}

export interface ApiTestOptions {
  /** Where the TestClock starts. */
  readonly start?: Date;
  /**
   * Let every append wait for other pending requests first. In-process SQLite answers without
   * real I/O, so parallel requests would never interleave between load and append; a networked
   * store or several API processes do, and this makes the race real.
   */
  readonly interleaveAppends?: boolean;
  /** Another Redis than the run's, e.g. one where nothing answers. */
  readonly redisUrl?: string;
  /**
   * The SLA policies seeded as version 1. By default a set no case matches, so that suites about
   * the workflow see exactly the events their commands record; SLA suites pass SHIPPED_SLA_POLICIES.
   */
  readonly slaPolicyFile?: string;
  /**
   * Run on real time instead of the TestClock (which is then not installed), for suites where
   * BullMQ's delayed jobs and a worker take part: they live on the wall clock.
   */
  readonly realTime?: boolean;
  /** Further settings (AppConfig variables), e.g. a lower SLA_SIMULATION_MAX_CASES. */
  readonly env?: Readonly<Record<string, string>>;
  /** What Nest logs, as the apps log it; by default errors only (the testing logger drops the rest). */
  readonly logLevels?: LogLevel[];
}

/** The apps' JSON logger, writing through process.stdout.write (where tests can capture it) at the given levels. */
export function jsonLoggerOnStdout(app: 'api' | 'worker', levels: LogLevel[]): JsonLogger {
  const logger = new JsonLogger({ app, destination: { write: (line: string) => process.stdout.write(line) } });
  logger.setLogLevels(levels);
  return logger;
}

export const SHIPPED_SLA_POLICIES = join(__dirname, '../../config/sla/policies.default.json');
const INERT_SLA_POLICIES = join(__dirname, '../fixtures/sla-policies.inert.json');

const APPEND_LATENCY_MS = 3;

/** Every app a suite starts serves the same routes: the document is built once per test process. */
let contractOfTheApi: ApiContract | undefined;

function interleaveAppends(store: EventStore): void {
  const append = store.appendToStream.bind(store);
  store.appendToStream = async (...args) => {
    await new Promise((resolve) => setTimeout(resolve, APPEND_LATENCY_MS));
    return append(...args);
  };
}

/**
 * The real API (ApiModule + configureApiApp) over a fresh SQLite file in its own DATA_DIR and the
 * run's Redis (test/global-setup.ts), in demo mode, with a TestClock standing in for time.
 */
export async function startApiTestApp(options: ApiTestOptions = {}): Promise<ApiTestApp> {
  const { start = new Date('2025-03-03T01:00:00.000Z') } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-e2e-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL,
    REDIS_AUTOSTART: 'false',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    SLA_POLICY_FILE: options.slaPolicyFile ?? INERT_SLA_POLICIES,
    SLA_CALENDARS_DIR: join(__dirname, '../../config/sla/calendars'),
    CHECKLISTS_DIR: join(__dirname, '../../config/checklists'),
    SCORING_SCHEMES_DIR: join(__dirname, '../../config/scoring'),
    // Edits are made through this process, which sees them at once; nothing else writes.
    SLA_RULES_CACHE_MS: '60000',
    QUEUE_PREFIX: uniqueKeyPrefix('api'),
    // Suites send many requests as one user and sign in often; rate-limit suites lower these through env.
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000000',
    ...options.env,
  });
  const clock = new TestClock(start);
  const builder = Test.createTestingModule({ imports: [ApiModule.forRoot(config)] });
  const logger = options.logLevels && jsonLoggerOnStdout('api', options.logLevels);
  if (logger) builder.setLogger(logger);
  const moduleRef = await (options.realTime ? builder : builder.overrideProvider(CLOCK).useValue(clock)).compile();
  const app = configureApiApp(moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: logger ?? ['error'] }));
  await app.init();
  if (options.interleaveAppends) interleaveAppends(app.get<EventStore>(EVENT_STORE));
  const server = app.getHttpServer();
  // Every answer through these clients must keep to the OpenAPI document: a drift fails the test that saw it.
  const contract = (contractOfTheApi ??= new ApiContract(buildApiDocument(app)));
  const checked = (test: request.Test): request.Test => test.expect((response) => contract.assertKeptBy(response));
  const anonymous = (): ApiAgent => {
    const agent = request(server);
    return Object.assign(Object.create(agent) as ApiAgent, {
      get: (path: string) => checked(agent.get(path)),
      post: (path: string) => checked(agent.post(path)),
      put: (path: string) => checked(agent.put(path)),
      patch: (path: string) => checked(agent.patch(path)),
      delete: (path: string) => checked(agent.delete(path)),
    });
  };
  const tokens = new Map<DemoUser, string>();

  const tokenOf = async (user: DemoUser): Promise<string> => {
    const known = tokens.get(user);
    if (known) return known;
    const response = await anonymous().post('/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(200);
    tokens.set(user, response.body.accessToken as string);
    return response.body.accessToken as string;
  };

  return {
    app,
    config,
    clock,
    async as(user) {
      const authorization = `Bearer ${await tokenOf(user)}`;
      return {
        get: (path) => anonymous().get(path).set('Authorization', authorization),
        post: (path, body = {}) => anonymous().post(path).set('Authorization', authorization).send(body),
        put: (path, body = {}) => anonymous().put(path).set('Authorization', authorization).send(body),
      };
    },
    anonymous,
    async close() {
      await app.close();
      if (!options.redisUrl) await deleteKeysWithPrefix(config.REDIS_URL, config.QUEUE_PREFIX);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
