import type { NestExpressApplication } from '@nestjs/platform-express';
import { HttpStatus } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { useContainer } from 'class-validator';
import { json, text, type NextFunction, type Request, type Response } from 'express';
import { answerClientErrorsAsProblems, createValidationPipe, ProblemDetailsFilter, ProblemException, refuseMalformedUtf8, strictQueryParser } from '@duban/http-problem';
import { RequestRateLimits } from './rate-limits/request-rate-limits';
import { KnownCategoryConstraint } from './shared/known-category';
import { KnownStaffMemberConstraint } from './staff/known-staff-member';
import { API_PROBLEM_MAPPERS } from './shared/problem-mappers';
import { logRequests } from './shared/access-log';
import { assignCorrelationId } from './shared/request-context';
import { serveConsole } from './console/serve-console';
import { AttachmentPolicy } from '@duban/attachments';
import { AppConfig } from '@duban/config';
import { keepConnectionsAlive } from './keep-alive';
import { buildApiDocument } from './openapi/api-document';
import { readEvidenceUploads } from './evidence/evidence-upload-body';

/** Request bodies are small forms; anything larger is refused before it is parsed. */
export const JSON_BODY_LIMIT = '64kb';
/** A year of public holidays as iCalendar is a few kilobytes; multi-year feeds with descriptions stay well below this. */
export const ICS_BODY_LIMIT = '512kb';

/**
 * A body the parsers above did not read (form data, octet-stream, no content type) would reach a
 * route as if none had been sent; the client hears that its format is not taken instead.
 */
function refuseUnreadBodies(request: Request, _response: Response, next: NextFunction): void {
  const { 'content-length': length, 'transfer-encoding': encoding } = request.headers;
  const hasBody = encoding !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || request.body !== undefined) return next();
  next(
    ProblemException.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported-media-type', {
      zh: `请求体须为 application/json（导入日历时为 text/calendar），而不是 ${request.header('content-type') ?? '未标明 Content-Type'}。`,
      en: `Bodies are taken as application/json (text/calendar for calendar imports), not ${request.header('content-type') ?? 'without a Content-Type'}.`,
    }),
  );
}

/**
 * Everything that makes an application instance "the Duban API", shared by main.ts and the e2e
 * tests so that tests exercise exactly what production serves. Create the app with
 * `{ bodyParser: false }` so the limits here are the only ones.
 */
export function configureApiApp(app: NestExpressApplication): NestExpressApplication {
  const rateLimits = app.get(RequestRateLimits);
  const config = app.get(AppConfig);
  app.use(keepConnectionsAlive(app.getHttpServer(), config.HTTP_KEEP_ALIVE_TIMEOUT_MS));
  app.use(assignCorrelationId);
  app.use(logRequests());
  // Before the rate limits: loading the console's few static files is not API use.
  app.use(serveConsole(config.CONSOLE_DIR));
  app.use(rateLimits.perPrincipal);
  // Evidence uploads are the file itself, up to their own limit; every other body is a small form.
  app.use(readEvidenceUploads(app.get(AttachmentPolicy)));
  // Express's parsers rather than app.useBodyParser, whose options type leaves out `verify`.
  app.use(json({ limit: JSON_BODY_LIMIT, verify: refuseMalformedUtf8 }));
  app.use(text({ type: 'text/calendar', limit: ICS_BODY_LIMIT, verify: refuseMalformedUtf8 }));
  app.use(refuseUnreadBodies);
  app.use('/auth/token', rateLimits.loginAttempts);
  app.disable('x-powered-by');
  app.set('query parser', strictQueryParser);
  answerClientErrorsAsProblems(app.getHttpServer());
  app.useGlobalFilters(new ProblemDetailsFilter(API_PROBLEM_MAPPERS));
  app.useGlobalPipes(createValidationPipe());
  // Constraints that need app services come from the app, the rest from class-validator. Only listed
  // ones are asked for: a miss in app.get aborts a NestFactory-created app.
  const fromApp = new Set<unknown>([KnownCategoryConstraint, KnownStaffMemberConstraint]);
  useContainer({ get: (type: unknown): unknown => (fromApp.has(type) ? app.get(type as typeof KnownCategoryConstraint) : undefined) }, { fallback: true });
  SwaggerModule.setup('docs', app, () => buildApiDocument(app));
  return app;
}
