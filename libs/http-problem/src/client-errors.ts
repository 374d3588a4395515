import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { DEFAULT_LANGUAGE, type Bilingual } from './language';
import { PROBLEM_CONTENT_TYPE, statusTitle } from './problem-details';
import { problemIn } from './problem-details.filter';

const CLIENT_ERRORS: Record<string, { status: number; slug: string; detail: Bilingual }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    slug: 'request-header-fields-too-large',
    detail: { zh: '地址和请求头合计超过了服务器读取的上限。', en: 'The URL and headers together are larger than this server reads.' },
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: { zh: '请求未能及时送达。', en: 'The request did not arrive in time.' } },
};
const MALFORMED = { status: 400, slug: 'bad-request', detail: { zh: '请求不是格式正确的 HTTP。', en: 'The request is not well-formed HTTP.' } };

/**
 * Requests Node's HTTP parser refuses (a URL or headers beyond its limit, a malformed request line,
 * a request that never finishes) are answered before any middleware runs, by default with an empty
 * body. This answers them as problem+json like every other refusal, then closes the connection.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const { status, slug, detail } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
    // Refused before any header was read, so in the default language.
    const body = JSON.stringify(problemIn(status, slug, detail, DEFAULT_LANGUAGE));
    socket.end(
      `HTTP/1.1 ${status} ${statusTitle(status).en}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Language: ${DEFAULT_LANGUAGE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
