import type { Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle, type ProblemDetails } from './problem-details';

const CLIENT_ERRORS: Record<string, { status: number; slug: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, slug: 'request-header-fields-too-large', detail: 'The URL and headers together are larger than this server reads.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, slug: 'request-timeout', detail: 'The request did not arrive in time.' },
};
const MALFORMED = { status: 400, slug: 'bad-request', detail: 'The request is not well-formed HTTP.' };

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
    const problem: ProblemDetails = { type: problemType(slug), title: statusTitle(status), status, detail };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${statusTitle(status)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
