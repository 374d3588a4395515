import type { Server } from 'node:http';

/**
 * The API's first step of a graceful stop (see runDubanProcess): stop accepting connections and let
 * the requests in flight finish and answer. Requests still running after `graceMs` are cut off:
 * their commands either committed (and a retry with the same Idempotency-Key returns them) or not.
 */
export function stopServing(server: Server, graceMs: number): Promise<void> {
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
