import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { PROBLEM_CONTENT_TYPE } from '@duban/http-problem';

const PROBLEM_SCHEMA_NAME = 'ProblemDetails';

/** RFC 9457 problem details as every error of the API carries them; the extensions are those some problems add. */
const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status'],
  description:
    'RFC 9457 problem details, title, detail and every message in the language Accept-Language asks for (zh-CN by default, English for en*; ' +
    'Content-Language says which). Further extension members may appear beside those listed.',
  additionalProperties: true,
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://duban.example/problems/validation' },
    title: { type: 'string', example: '请求有误' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: '「投诉内容」不能为空' },
    instance: { type: 'string', description: 'The request path', example: '/complaints' },
    errors: {
      type: 'array',
      description: 'validation (400), invalid-command and invalid-sla-data (422): what broke which rule',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'Dotted path in the request', example: 'description' },
          rule: { type: 'string', description: 'validation and invalid-command: the rule broken (invalidCommand for a workflow rule)', example: 'isNotEmpty' },
          label: { type: 'string', description: 'validation and invalid-command: the field as people call it, in the answer language', example: '投诉内容' },
          message: { type: 'string', description: 'In the answer language, naming the field by its label', example: '「投诉内容」不能为空' },
        },
      },
    },
    command: { type: 'string', description: 'The refused command (command-not-allowed, forbidden-by-role, four-eyes, invalid-command)' },
    state: { description: 'command-not-allowed: the state the case is in' },
    allowedCommands: { type: 'array', items: { type: 'string' }, description: 'command-not-allowed: what the case may do in its state' },
    expectedRevision: { type: 'integer', description: 'stale-revision: the If-Match sent' },
    currentRevision: { type: 'integer', nullable: true, description: 'stale-revision: the revision to decide on again' },
    retryAfter: { type: 'integer', description: 'rate-limited: seconds until a request is taken again' },
  },
};

/** What each problem status means wherever a route does not say more. */
const PROBLEM_MEANINGS: Readonly<Record<number, string>> = {
  400: 'Malformed query string, parameter or body; names each field',
  401: 'No valid bearer token',
  403: 'Role not allowed',
  404: 'Unknown, or outside your units',
  409: 'Not possible in the current state',
  412: 'If-Match is stale',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Breaks a business rule',
  429: 'Too many requests; Retry-After says when to try again',
  431: 'The URL and headers together are larger than the server reads',
  503: 'The event store or read models cannot answer now; retry later',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * What every route can answer besides its own responses: a malformed query string (400), an
 * oversized URL (431), rate limits (429, except /health), and for signed-in routes a missing token (401), an unreachable
 * store (503) and, on writes, the refusal of auditors, who only read (403); a body can be too
 * large or of another type (413, 415).
 */
function sharedProblemStatuses(path: string, method: string, operation: OperationObject): number[] {
  const secured = operation.security === undefined || operation.security.length > 0;
  return [
    400,
    431,
    ...(secured ? [401, 503] : []),
    ...(secured && method !== 'get' ? [403] : []),
    ...(path.startsWith('/health') ? [] : [429]),
    ...(operation.requestBody === undefined ? [] : [413, 415]),
  ];
}

/** Declares the `{name}` path parameters a route leaves undeclared (routes whose handlers Nest cannot see, like generated command routes). */
function declarePathParameters(path: string, operation: OperationObject): void {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (!parameters.some((parameter) => parameter.in === 'path' && parameter.name === name)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  operation.parameters = parameters;
}

/** Every problem answer says its language. */
const CONTENT_LANGUAGE_HEADER = { description: 'The language of title, detail and messages: zh-CN or en', schema: { type: 'string', enum: ['zh-CN', 'en'] } };

function describeProblems(path: string, method: string, operation: OperationObject): void {
  const responses = operation.responses as Record<string, ResponseObject>;
  for (const status of sharedProblemStatuses(path, method, operation)) responses[status] ??= { description: PROBLEM_MEANINGS[status] };
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400 || response.content) continue;
    response.content = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `#/components/schemas/${PROBLEM_SCHEMA_NAME}` } } };
    response.headers = { 'Content-Language': CONTENT_LANGUAGE_HEADER, ...response.headers };
  }
}

/**
 * Completes what the decorators cannot say route by route: the shared problem responses and their
 * schema, undeclared path parameters, and `security: []` on the public routes (those without
 * @ApiBearerAuth), since bearer authentication is the document's default.
 */
export function completeApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, [PROBLEM_SCHEMA_NAME]: PROBLEM_SCHEMA } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= [];
      declarePathParameters(path, operation);
      describeProblems(path, method, operation);
    }
  }
  return document;
}

/**
 * The operationId of a route that names none: `queuesMine` for QueuesController.mine, instead of
 * Nest's `QueuesController_mine`. Routes name theirs in @ApiOperation wherever this reads poorly.
 */
export function readableOperationId(controllerKey: string, methodKey: string): string {
  const subject = controllerKey.replace(/Controller$/, '');
  return `${subject[0].toLowerCase()}${subject.slice(1)}${methodKey[0].toUpperCase()}${methodKey.slice(1)}`;
}

/** The API's OpenAPI document, as /docs and /docs-json serve it and `npm run lint:openapi` checks it. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Duban')
    .setDescription('Event-sourced complaint and rectification workflow engine')
    .setVersion('0.1.0')
    .setLicense('UNLICENSED', 'https://duban.example/license')
    .addServer('/', 'The instance serving this document')
    .addBearerAuth()
    .addSecurityRequirements('bearer')
    .build();
  return completeApiDocument(SwaggerModule.createDocument(app, base, { operationIdFactory: readableOperationId }));
}
