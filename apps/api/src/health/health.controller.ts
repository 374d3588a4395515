import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { CLOCK, type Clock } from '@duban/command-handling';
import { EVENT_STORE, EventStoreFullError, EventStoreReadOnlyError, type EventStore } from '@duban/event-store';
import { Public } from '@duban/identity';
import { ProblemException } from '@duban/http-problem';
import { REDIS_PRODUCER } from '@duban/platform';
import { READ_MODEL_POSITION, type ReadModelPosition } from '@duban/projections';
import { QueueBacklog, type QueueCounts } from '@duban/scheduling';
import { calendarHorizons, HORIZON_WARNING_DAYS, type CalendarHorizon } from '@duban/sla';
import { EventSourcedSlaRules } from '@duban/sla-enforcement';

/** `problem` names a store that answers reads but cannot take writes, as the commands' 503 does. */
type CheckResult = { status: 'up' } | { status: 'down'; reason: string; problem?: 'store-full' | 'store-read-only' };

type ProjectionLag = { position: string; headPosition: string; lag: string };

/** `degraded` when a calendar in use is known for less than HORIZON_WARNING_DAYS more days: due times past it are provisional. */
type HorizonCheck = { status: 'up' } | { status: 'degraded'; reason: string };

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
const LAG = { type: 'string', description: 'Events the read models have not applied yet, counted up to 10,000 (a string, like the positions)' };
const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks', 'calendars', 'projections', 'queues'],
  properties: {
    status: { type: 'string', enum: ['ready', 'degraded'] },
    checks: {
      type: 'object',
      required: ['store', 'redis', 'calendar-horizon'],
      properties: {
        store: CHECK_SCHEMA,
        redis: CHECK_SCHEMA,
        'calendar-horizon': {
          type: 'object',
          required: ['status'],
          description: `degraded when a calendar in use is known for less than ${HORIZON_WARNING_DAYS} more days (import the next year's notice)`,
          properties: { status: { type: 'string', enum: ['up', 'degraded'] }, reason: { type: 'string' } },
        },
      },
    },
    calendars: {
      type: 'array',
      description: 'The calendars the SLA policies count on, each with its coverage horizon and the days left until it (null: no horizon)',
      items: {
        type: 'object',
        required: ['calendarId', 'version', 'horizon', 'daysLeft'],
        properties: {
          calendarId: { type: 'string' },
          version: { type: 'integer' },
          horizon: { type: 'string', format: 'date', nullable: true },
          daysLeft: { type: 'integer', nullable: true },
        },
      },
    },
    projections: { type: 'object', required: ['position', 'headPosition', 'lag'], properties: { position: POSITION, headPosition: POSITION, lag: LAG } },
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

function horizonCheck(calendars: readonly CalendarHorizon[]): HorizonCheck {
  const ending = calendars.filter(({ daysLeft }) => daysLeft !== null && daysLeft < HORIZON_WARNING_DAYS);
  if (ending.length === 0) return { status: 'up' };
  const reason = ending.map(({ calendarId, version, horizon, daysLeft }) => `calendar ${calendarId} v${version} is known until ${horizon} (${daysLeft} days left)`).join('; ');
  return { status: 'degraded', reason };
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS_PRODUCER) private readonly redis: Redis,
    @Inject(READ_MODEL_POSITION) private readonly projections: ReadModelPosition,
    private readonly backlog: QueueBacklog,
    private readonly rules: EventSourcedSlaRules,
    @Inject(CLOCK) private readonly clock: Clock,
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
      'their clocks are in the events and the worker schedules them once Redis is back), or when a calendar in use ends within ' +
      `${HORIZON_WARNING_DAYS} days (calendar-horizon: due times past it are provisional); 503 problem+json when the store does not ` +
      'answer or cannot take writes (full, read-only). Reports projection lag and the jobs waiting in each queue (never a reason ' +
      'for 503: lists may lag and deadlines wait in the store, commands do not); `queues` is null when Redis does not answer.',
  })
  @ApiOkResponse({ schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({ description: 'not-ready: the store does not answer or cannot take writes; `checks` says which' })
  async ready(): Promise<{
    status: 'ready' | 'degraded';
    checks: Record<string, CheckResult | HorizonCheck>;
    calendars: CalendarHorizon[];
    projections: ProjectionLag;
    queues: Record<string, QueueCounts> | null;
  }> {
    const [store, redis] = await Promise.all([check(() => this.store.ping()), check(() => this.redis.ping())]);
    const checks = { store, redis };
    if (store.status === 'down') {
      const detail = Object.entries(checks)
        .flatMap(([name, result]) => (result.status === 'down' ? [`${name}: ${result.reason}`] : []))
        .join('; ');
      throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'not-ready', { zh: `未就绪：${detail}`, en: detail }, { checks });
    }
    const [projections, queues, calendars] = await Promise.all([this.projectionLag(), this.backlog.counts(), this.calendarHorizons()]);
    const horizon = horizonCheck(calendars);
    const status = redis.status === 'up' && horizon.status === 'up' ? 'ready' : 'degraded';
    return { status, checks: { ...checks, 'calendar-horizon': horizon }, calendars, projections, queues: queues ?? null };
  }

  private async calendarHorizons(): Promise<CalendarHorizon[]> {
    const { policySet, calendars } = await this.rules.current();
    return calendarHorizons(policySet, calendars, this.clock.now());
  }

  /** Positions are strings (they may exceed 2^53); the lag counts events (up to 10,000). */
  private async projectionLag(): Promise<ProjectionLag> {
    const { position, headPosition, lag } = await this.projections.lag();
    return { position: position.toString(), headPosition: headPosition.toString(), lag: lag.toString() };
  }
}
