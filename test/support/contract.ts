import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'supertest';

type Schema = Record<string, unknown>;

/** The id under which the document's components are known to ajv. */
const COMPONENTS = 'components';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a null alternative, `allOf` of objects
 * is merged into one object, and an object that lists its properties takes no others unless it
 * says so (additionalProperties), so a field the document does not name fails. References point
 * into COMPONENTS, where each component is compiled once.
 */
export function toJsonSchema(schema: unknown, components: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Schema;
  if (typeof source.$ref === 'string') return { $ref: source.$ref.replace('#/components/schemas/', `${COMPONENTS}#/definitions/`) };
  if (Array.isArray(source.allOf)) return toJsonSchema(mergeAllOf(source, components), components);
  const { nullable, example: _example, ...rest } = source;
  const converted: Schema = {};
  for (const [key, value] of Object.entries(rest)) {
    converted[key] = key === 'properties' ? mapValues(value as Schema, (property) => toJsonSchema(property, components)) : toJsonSchema(value, components);
  }
  if (converted.properties !== undefined && converted.additionalProperties === undefined) converted.additionalProperties = false;
  if (nullable !== true) return converted;
  if (Array.isArray(converted.enum)) converted.enum = [...(converted.enum as unknown[]), null];
  return typeof converted.type === 'string' ? { ...converted, type: [converted.type, 'null'] } : { anyOf: [converted, { type: 'null' }] };
}

function mapValues(record: Schema, map: (value: unknown) => unknown): Schema {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** allOf of object schemas as one object (their properties and required fields together), so additionalProperties sees all of them. */
function mergeAllOf({ allOf, ...rest }: Schema, components: Readonly<Record<string, unknown>>): Schema {
  const parts = (allOf as Schema[]).map((part) => (typeof part.$ref === 'string' ? (components[part.$ref.replace('#/components/schemas/', '')] as Schema) : part));
  return {
    ...rest,
    type: 'object',
    properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Schema,
    required: parts.flatMap((part) => (part.required as string[] | undefined) ?? []),
  };
}

interface DocumentedOperation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments count for more than parameters: /queues/mine wins over a /queues/{id}. */
  readonly parameterCount: number;
  readonly operation: OperationObject;
}

/** Why an answer breaks the document, or null when it keeps to it. */
export type ContractBreach = string | null;

/** The API's OpenAPI document as a checker of real answers: status, content type and body. */
export class ApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  private readonly operations: DocumentedOperation[];
  private readonly validators = new Map<unknown, ValidateFunction>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    const components = document.components?.schemas ?? {};
    this.ajv.addSchema({ $id: COMPONENTS, definitions: mapValues(components, (schema) => toJsonSchema(schema, components)) });
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
        parameterCount: (template.match(/\{/g) ?? []).length,
        operation: item[method]!,
      })),
    );
  }

  /** The documented operation a request reached; undefined for paths outside the API (the console, /docs) and methods a path does not serve. */
  operationOf(method: string, path: string): DocumentedOperation | undefined {
    const candidates = this.operations.filter((operation) => operation.method === method && operation.pattern.test(path));
    return candidates.sort((a, b) => a.parameterCount - b.parameterCount)[0];
  }

  breachOf(method: string, path: string, status: number, contentType: string | undefined, body: unknown): ContractBreach {
    const found = this.operationOf(method, path);
    if (!found) return null;
    const route = `${method} ${found.template} (${found.operation.operationId})`;
    const response = (found.operation.responses as Record<string, ResponseObject | undefined>)[String(status)];
    if (!response) return `${route} answered ${status}, which the document does not list: ${JSON.stringify(body).slice(0, 500)}`;
    const mediaType = contentType?.split(';')[0].trim();
    if (!mediaType) return null;
    const content = response.content?.[mediaType];
    if (!content) return `${route} answered ${status} as ${mediaType}, but the document gives ${Object.keys(response.content ?? {}).join(', ') || 'no body'}`;
    if (!mediaType.endsWith('json') || !content.schema) return null;
    const validate = this.validatorOf(content.schema);
    if (validate(body)) return null;
    const errors = (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(body)'} ${error.message}${'additionalProperty' in error.params ? ` "${String(error.params.additionalProperty)}"` : ''}`,
    );
    return `${route} answered ${status} with a body the document does not describe:\n  ${errors.join('\n  ')}`;
  }

  private validatorOf(schema: unknown): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, this.document.components?.schemas ?? {}) as Schema);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  /** Throws (failing the supertest chain, hence the test) when the answer breaks the document. */
  assertKeptBy(response: Response): void {
    const request = (response as unknown as { req: { method: string; path: string } }).req;
    const breach = this.breachOf(request.method, request.path.split('?')[0], response.status, response.headers['content-type'], response.body);
    if (breach) throw new Error(`Contract: ${breach}`);
  }
}
