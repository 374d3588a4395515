import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * SIGTERM (an orchestrator stopping the instance) or SIGINT: stop accepting connections, let the
 * requests in flight finish and answer, then close the application (store, Redis, subscriptions)
 * and exit. The HTTP server closes first because Nest runs its destroy hooks (which close the
 * read models) before its own server close; for the same reason the app does not use Nest's
 * enableShutdownHooks. Requests still running after `graceMs` are cut off:
 * their commands either committed (and a retry with the same Idempotency-Key returns them) or not.
 */
export function closeGracefullyOnSignals(app: INestApplication, options: { graceMs: number; logger: LoggerService; afterClose: () => Promise<void> }): void {
  const { graceMs, logger, afterClose } = options;
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: taking no new requests, finishing those in flight (at most ${graceMs} ms)`);
    void stopServing(app.getHttpServer() as Server, graceMs)
      .then(() => app.close())
      .then(afterClose)
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  // `on`, not `once`: a second signal during the close must not fall back to the default action, dying mid-close.
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

function stopServing(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolveClosed) => {
    // A keep-alive connection is idle between requests; close each as soon as its request is answered.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    const cutOff = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(idleSweep);
      clearTimeout(cutOff);
      resolveClosed();
    });
  });
}
