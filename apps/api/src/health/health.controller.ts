import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { EVENT_STORE, EventStoreFullError, EventStoreReadOnlyError, type EventStore } from '@duban/event-store';
import { Public } from '@duban/identity';
import { ProblemException } from '@duban/http-problem';
import { REDIS_PRODUCER } from '@duban/platform';
import { ProjectionRunner } from '@duban/projections';
import { QueueBacklog, type QueueCounts } from '@duban/scheduling';

/** `problem` names a store that answers reads but cannot take writes, as the commands' 503 does. */
type CheckResult = { status: 'up' } | { status: 'down'; reason: string; problem?: 'store-full' | 'store-read-only' };

type ProjectionLag = { position: string; headPosition: string; lag: string };

const CHECK_TIMEOUT_MS = 1_500;

const CHECK_SCHEMA = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    reason: { type: 'string' },
    problem: { type: 'string', enum: ['store-full', 'store-read-only'], description: 'The store answers reads but cannot take writes' },
  },
};
const POSITION = { type: 'string', description: 'A global log position; a string because it may exceed 2^53' };
const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks', 'projections', 'queues'],
  properties: {
    status: { type: 'string', enum: ['ready', 'degraded'] },
    checks: { type: 'object', required: ['store', 'redis'], properties: { store: CHECK_SCHEMA, redis: CHECK_SCHEMA } },
    projections: { type: 'object', required: ['position', 'headPosition', 'lag'], properties: { position: POSITION, headPosition: POSITION, lag: POSITION } },
    queues: {
      type: 'object',
      nullable: true,
      description: 'Jobs per state in each queue; null when Redis does not answer',
      additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } },
    },
  },
};

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof EventStoreFullError) return { status: 'down', reason, problem: 'store-full' };
    if (error instanceof EventStoreReadOnlyError) return { status: 'down', reason, problem: 'store-read-only' };
    return { status: 'down', reason };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS_PRODUCER) private readonly redis: Redis,
    private readonly projections: ProjectionRunner,
    private readonly backlog: QueueBacklog,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up and serving HTTP' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['live'] } } } })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary:
      '200 `ready` when the event store and Redis answer; 200 `degraded` when only Redis does not (commands still succeed: ' +
      'their clocks are in the events and the worker schedules them once Redis is back); 503 problem+json when the store does not ' +
      'answer or cannot take writes (full, read-only). Reports projection lag and the jobs waiting in each queue (never a reason ' +
      'for 503: lists may lag and deadlines wait in the store, commands do not); `queues` is null when Redis does not answer.',
  })
  @ApiOkResponse({ schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'not-ready: the store does not answer or cannot take writes; `checks` says which' })
  async ready(): Promise<{ status: 'ready' | 'degraded'; checks: Record<string, CheckResult>; projections: ProjectionLag; queues: Record<string, QueueCounts> | null }> {
    const [store, redis] = await Promise.all([check(() => this.store.ping()), check(() => this.redis.ping())]);
    const checks = { store, redis };
    if (store.status === 'down') {
      const detail = Object.entries(checks)
        .flatMap(([name, result]) => (result.status === 'down' ? [`${name}: ${result.reason}`] : []))
        .join('; ');
      throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'not-ready', { zh: `未就绪：${detail}`, en: detail }, { checks });
    }
    const [projections, queues] = await Promise.all([this.projectionLag(), this.backlog.counts()]);
    return { status: redis.status === 'up' ? 'ready' : 'degraded', checks, projections, queues: queues ?? null };
  }

  /** Positions are strings (they may exceed 2^53); the lag counts positions, which with SQLite are events. */
  private async projectionLag(): Promise<ProjectionLag> {
    const { position, headPosition, lag } = await this.projections.lag();
    return { position: position.toString(), headPosition: headPosition.toString(), lag: lag.toString() };
  }
}
