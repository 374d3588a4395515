import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * One log line per answered request: method, route pattern, status and duration (the correlation
 * id comes with every line). The route's pattern (`/complaints/:id`), never the URL: a query
 * string or an unmatched path holds whatever a client typed, personal data included.
 */
export function logRequests(logger = new Logger('HTTP')): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const started = performance.now();
    response.once('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? '(no route)';
      logger.log({ msg: 'request', method: request.method, route, status: response.statusCode, durationMs: Math.round((performance.now() - started) * 10) / 10 });
    });
    next();
  };
}
