import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemException, problemType, statusTitle } from './problem-details';

/** Maps errors that are not HttpExceptions (domain and store errors) to problems; null = unknown. */
export type ProblemMapper = (error: unknown) => ProblemException | null;

const SLUG_BY_STATUS: Partial<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/**
 * Every error leaves the API as RFC 9457 problem+json. Unknown errors become a bare 500 whose
 * detail never carries a stack trace or internals; they are logged here instead.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly mappers: ProblemMapper[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = { ...this.toProblem(error), instance: request.originalUrl ?? request.url };
    if (problem.status >= 500 && !(error instanceof ProblemException)) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof ProblemException) return error.problem;
    for (const map of this.mappers) {
      const mapped = map(error);
      if (mapped) return mapped.problem;
    }
    if (error instanceof HttpException) return fromHttpException(error);
    const status = bodyParserStatus(error);
    if (status) return problemFor(status, (error as Error).message);
    return problemFor(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged.');
  }
}

function problemFor(status: number, detail: string): ProblemDetails {
  return { type: problemType(SLUG_BY_STATUS[status] ?? 'error'), title: statusTitle(status), status, detail };
}

function fromHttpException(error: HttpException): ProblemDetails {
  const status = error.getStatus();
  const body = error.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  return problemFor(status, detail);
}

/** Express's body parser reports malformed or oversized bodies as errors carrying a 4xx status. */
function bodyParserStatus(error: unknown): number | null {
  const status = (error as { status?: unknown; type?: unknown })?.status;
  const type = (error as { type?: unknown })?.type;
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string' ? status : null;
}
