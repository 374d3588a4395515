import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { AppConfig } from '@duban/config';
import { DubanMetrics } from '@duban/metrics';

/**
 * The worker has no HTTP API, so Prometheus scrapes it here: GET /metrics on WORKER_METRICS_PORT
 * (off when 0, the default, so several workers on one machine need a port each only when scraped).
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(
    private readonly metrics: DubanMetrics,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WORKER_METRICS_PORT === 0) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
        return;
      }
      this.metrics.exposition().then(
        (text) => response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolveListening, rejectListening) => server.once('error', rejectListening).listen(this.config.WORKER_METRICS_PORT, resolveListening));
    this.server = server;
    this.logger.log(`Metrics at http://localhost:${this.config.WORKER_METRICS_PORT}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolveClosed) => (this.server ? this.server.close(() => resolveClosed()) : resolveClosed()));
  }
}
