import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@duban/identity';
import { DubanMetrics } from '@duban/metrics';
import { READ_MODEL_POSITION, type ReadModelPosition } from '@duban/projections';
import { CLOCK, type Clock } from '@duban/command-handling';
import { QueueBacklog } from '@duban/scheduling';
import { calendarHorizons } from '@duban/sla';
import { EventSourcedSlaRules } from '@duban/sla-enforcement';

/**
 * Prometheus scrape endpoint of this API instance. Public like /health (no personal data, only
 * counts and timings); keep it off the internet at the load balancer.
 */
@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: DubanMetrics,
    private readonly backlog: QueueBacklog,
    @Inject(READ_MODEL_POSITION) private readonly projections: ReadModelPosition,
    private readonly rules: EventSourcedSlaRules,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiOperation({
    operationId: 'getMetrics',
    summary:
      'Prometheus metrics: commands by type and outcome, command and append latency, queue depths, projection lag, days left until each calendar in use runs out, process figures',
  })
  metricsText(): Promise<string> {
    return this.metrics.exposition(async () => {
      const [projections, counts, rules] = await Promise.all([this.projections.lag(), this.backlog.counts(), this.rules.current()]);
      this.metrics.projectionLag.set(Number(projections.lag));
      this.metrics.calendarDaysLeft.reset();
      for (const { calendarId, daysLeft } of calendarHorizons(rules.policySet, rules.calendars, this.clock.now())) {
        if (daysLeft !== null) this.metrics.calendarDaysLeft.set({ calendar: calendarId }, daysLeft);
      }
      this.metrics.queueJobs.reset();
      for (const [queue, states] of Object.entries(counts ?? {})) {
        for (const [state, jobs] of Object.entries(states)) this.metrics.queueJobs.set({ queue, state }, jobs);
      }
    });
  }
}
