import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@duban/identity';
import { DubanMetrics } from '@duban/metrics';
import { ProjectionRunner } from '@duban/projections';
import { QueueBacklog } from '@duban/scheduling';

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
    private readonly projections: ProjectionRunner,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOkResponse({ description: 'Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics: commands by type and outcome, command and append latency, queue depths, projection lag, process figures',
  })
  metricsText(): Promise<string> {
    return this.metrics.exposition(async () => {
      const [projections, counts] = await Promise.all([this.projections.lag(), this.backlog.counts()]);
      this.metrics.projectionLag.set(Number(projections.lag));
      this.metrics.queueJobs.reset();
      for (const [queue, states] of Object.entries(counts ?? {})) {
        for (const [state, jobs] of Object.entries(states)) this.metrics.queueJobs.set({ queue, state }, jobs);
      }
    });
  }
}
