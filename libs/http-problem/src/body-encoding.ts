import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * body-parser's `verify` hook: a body declared (or defaulted to) UTF-8 must be UTF-8. The decoder
 * would otherwise turn stray bytes, overlong forms and encoded surrogates into U+FFFD without a
 * word, and the record would keep text the client never sent. Thrown before parsing; body-parser
 * passes the status on (400 problem+json).
 */
export function refuseMalformedUtf8(_request: IncomingMessage, _response: ServerResponse, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('The body is not valid UTF-8.'), { status: 400, statusCode: 400, expose: true, type: 'encoding.invalid' });
  }
}
