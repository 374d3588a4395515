import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { inLanguage, negotiateLanguage, type Bilingual, type Language } from './language';
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

/** What the body parser's refusals mean, by its error type. */
const BODY_PARSER_DETAILS: Readonly<Record<string, Bilingual>> = {
  'entity.parse.failed': { zh: '请求体不是合法的 JSON。', en: 'The body is not valid JSON.' },
  'entity.too.large': { zh: '请求体超过了服务器接受的大小。', en: 'The body is larger than this server takes.' },
  'encoding.invalid': { zh: '请求体不是合法的 UTF-8。', en: 'The body is not valid UTF-8.' },
  'encoding.unsupported': { zh: '不支持请求体的内容编码（Content-Encoding）。', en: 'The body is in a Content-Encoding this server does not read.' },
  'charset.unsupported': { zh: '不支持请求体的字符集。', en: 'The body is in a charset this server does not read.' },
  'request.aborted': { zh: '请求体未发送完整。', en: 'The body was not sent in full.' },
  'request.size.invalid': { zh: '请求体的长度与 Content-Length 不符。', en: 'The body does not have the length Content-Length says.' },
};

/** What a status means where the error says nothing in Chinese (a framework's English message). */
const STATUS_DETAILS_ZH: Readonly<Record<number, string>> = {
  400: '请求格式不正确。',
  401: '请先登录：携带 POST /auth/token 取得的 Bearer 令牌。',
  403: '您的角色或所辖范围不允许此操作。',
  404: '没有这个资源，或不在您的辖区内。',
  405: '此地址不支持该方法。',
  409: '与记录的当前状态冲突。',
  413: '请求体过大。',
  415: '不支持请求体的内容类型。',
  429: '请求过于频繁，请稍后再试。',
  500: '服务器发生意外错误，已记录日志。',
  503: '服务暂时不可用，请稍后重试。',
};

/**
 * Every error leaves the API as RFC 9457 problem+json, in the language Accept-Language asks for
 * (zh-CN by default; `Content-Language` says which, `Vary: Accept-Language` tells caches). Unknown
 * errors become a bare 500 whose detail never carries a stack trace or internals; they are logged
 * here instead.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly mappers: ProblemMapper[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const language = negotiateLanguage(request.headers['accept-language']);
    const problem = { ...this.toProblem(error).in(language), instance: request.originalUrl ?? request.url };
    if (problem.status >= 500 && !(error instanceof ProblemException)) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    if (response.headersSent) return;
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).setHeader('Content-Language', language);
    response.vary('Accept-Language').send(JSON.stringify(problem));
  }

  private toProblem(error: unknown): ProblemException {
    if (error instanceof ProblemException) return error;
    for (const map of this.mappers) {
      const mapped = map(error);
      if (mapped) return mapped;
    }
    if (error instanceof HttpException) return fromHttpException(error);
    const status = bodyParserStatus(error);
    if (status) return problemFor(status, BODY_PARSER_DETAILS[(error as { type: string }).type] ?? withGenericChinese(status, (error as Error).message));
    return problemFor(HttpStatus.INTERNAL_SERVER_ERROR, { zh: STATUS_DETAILS_ZH[500], en: 'An unexpected error occurred; it has been logged.' });
  }
}

/** A renderable problem in a language, for the rare answer made outside the filter (see client-errors). */
export function problemIn(status: number, slug: string, detail: Bilingual, language: Language): ProblemDetails {
  return { type: problemType(slug), title: inLanguage(statusTitle(status), language), status, detail: inLanguage(detail, language) };
}

function problemFor(status: number, detail: Bilingual): ProblemException {
  return ProblemException.of(status, SLUG_BY_STATUS[status] ?? 'error', detail);
}

function withGenericChinese(status: number, english: string): Bilingual {
  return { zh: STATUS_DETAILS_ZH[status] ?? inLanguage(statusTitle(status), 'zh-CN'), en: english };
}

const isBilingual = (value: unknown): value is Bilingual =>
  typeof value === 'object' && value !== null && typeof (value as Bilingual).zh === 'string' && typeof (value as Bilingual).en === 'string';

/**
 * Nest's own exceptions (guards, unknown routes) carry an English message, or, where this
 * project throws them, `{ message: { zh, en } }`.
 */
function fromHttpException(error: HttpException): ProblemException {
  const status = error.getStatus();
  const body = error.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  if (isBilingual(message)) return problemFor(status, message);
  const english = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  return problemFor(status, withGenericChinese(status, english));
}

/** Express's body parser reports malformed or oversized bodies as errors carrying a 4xx status. */
function bodyParserStatus(error: unknown): number | null {
  const status = (error as { status?: unknown; type?: unknown })?.status;
  const type = (error as { type?: unknown })?.type;
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string' ? status : null;
}
