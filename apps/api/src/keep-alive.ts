import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/**
 * How much sooner than the server clients are told to give up an idle connection. A process that
 * stalls (a long collection, a starved CPU) runs its expired timers before it reads its sockets, so
 * a server whose idle timer fell due during the stall would close connections that requests were
 * already sent on. Clients that heed `Keep-Alive: timeout` (undici/fetch, Node's agents given a
 * timeout) give a connection up a second before it, and Node closes a second after its own
 * timeout, so a stall of up to 7 s closes nothing in use.
 */
export const KEEP_ALIVE_STALL_MARGIN_MS = 5_000;

/**
 * Keeps idle keep-alive connections open `idleTimeoutMs` (Node's 5 s default is shorter than the
 * reuse window of most clients and load balancers, which then send on connections the server is
 * closing) and allows a request's headers a second longer, as load balancers' guides advise.
 * Returns the middleware announcing the shorter timeout to clients.
 */
export function keepConnectionsAlive(server: Server, idleTimeoutMs: number): (request: Request, response: Response, next: NextFunction) => void {
  server.keepAliveTimeout = idleTimeoutMs;
  server.headersTimeout = idleTimeoutMs + 1_000;
  const announced = `timeout=${Math.floor((idleTimeoutMs - KEEP_ALIVE_STALL_MARGIN_MS) / 1_000)}`;
  return (_request, response, next) => {
    // Set by hand, this replaces the header Node would derive from keepAliveTimeout.
    response.setHeader('Keep-Alive', announced);
    next();
  };
}
