import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import { ProblemException } from '@duban/http-problem';
import { logScope } from '@duban/logging';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Printable ASCII, as for any header value we echo or store; long enough for a uuid or a trace id. */
const TOKEN = /^[\x21-\x7e]{1,128}$/;
const STRONG_REVISION_TAG = /^"(\d{1,19})"$/;

/** The HTTP facts a command records besides its payload. */
export interface RequestContext {
  /** From X-Correlation-Id, or generated; echoed in the response. */
  readonly correlationId: string;
  /** This request's own id: the causation of the events it records. */
  readonly requestId: string;
  readonly idempotencyKey?: string;
  /** From If-Match: the revision the caller decided on. */
  readonly expectedRevision?: bigint;
  /** Method and path, hashed with the body to recognise a retried request. */
  readonly target: string;
}

export type ContextualRequest = Request & { correlationId?: string; requestId?: string };

/** Express middleware: every response, errors included, carries the correlation id, and every log line written meanwhile too. */
export function assignCorrelationId(request: ContextualRequest, response: Response, next: NextFunction): void {
  const supplied = request.header(CORRELATION_ID_HEADER);
  const correlationId = supplied !== undefined && TOKEN.test(supplied) ? supplied : randomUUID();
  const requestId = randomUUID();
  request.correlationId = correlationId;
  request.requestId = requestId;
  response.setHeader(CORRELATION_ID_HEADER, correlationId);
  logScope.run({ correlationId, requestId }, next);
}

function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.header(IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return undefined;
  if (!TOKEN.test(key)) {
    throw ProblemException.of(HttpStatus.BAD_REQUEST, 'invalid-idempotency-key', {
      zh: 'Idempotency-Key 须为 1 至 128 个可打印 ASCII 字符。',
      en: 'Idempotency-Key must be 1 to 128 printable ASCII characters.',
    });
  }
  return key;
}

/** `"<revision>"` as served in ETag; `*` asks only that the resource exists, which every command route checks anyway. */
function expectedRevisionOf(request: Request): bigint | undefined {
  const ifMatch = request.header('If-Match')?.trim();
  if (ifMatch === undefined || ifMatch === '*') return undefined;
  const match = STRONG_REVISION_TAG.exec(ifMatch);
  if (!match)
    throw ProblemException.of(HttpStatus.BAD_REQUEST, 'invalid-if-match', {
      zh: 'If-Match 须为 ETag 给出的一个版本标记，如 "3"。',
      en: 'If-Match must be one revision tag as served in ETag, e.g. "3".',
    });
  return BigInt(match[1]);
}

export function requestContextOf(request: ContextualRequest): RequestContext {
  return {
    correlationId: request.correlationId ?? randomUUID(),
    requestId: request.requestId ?? randomUUID(),
    idempotencyKey: idempotencyKeyOf(request),
    expectedRevision: expectedRevisionOf(request),
    target: `${request.method} ${request.path}`,
  };
}

/** The RequestContext of the current request (correlation, causation, Idempotency-Key, If-Match). */
export const CurrentRequest = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<ContextualRequest>()),
);
