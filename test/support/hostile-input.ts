import fc from 'fast-check';
import { getMetadataStorage } from 'class-validator';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Endpoint } from './api-endpoints';

/*
 * Hostile requests for the API as fast-check arbitraries. Every request they generate is genuinely
 * invalid (malformed, wrongly typed, oversized, prototype-polluting, badly encoded, aimed at a record
 * that does not exist, ...), so a 4xx problem is the only right answer. The field model comes from
 * the API's own OpenAPI document and class-validator's metadata, so a new route or field is fuzzed
 * the day it is added. Used by test/e2e/hostile-input.e2e-spec.ts.
 */

// ---------------------------------------------------------------------------------------------
// A raw HTTP client: exact bytes, any header, keep-alive (a 100,000-request run must not exhaust
// ephemeral ports the way one connection per request would).

export interface RawRequest {
  readonly method: string;
  /** Already percent-encoded, query string included. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Text goes out as WTF-8 (an unpaired surrogate as its three bytes, which is not UTF-8); bytes as they are. */
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export class RawHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4 });

  constructor(private readonly port: number) {}

  send(request: RawRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const body = request.body === undefined ? undefined : typeof request.body === 'string' ? wtf8(request.body) : request.body;
      const headers: Record<string, string> = { ...request.headers };
      if (body !== undefined) headers['content-length'] = String(body.length);
      let answered = false;
      const outgoing = httpRequest({ host: '127.0.0.1', port: this.port, method: request.method, path: request.path, headers, agent: this.agent }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          answered = true;
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      });
      // A server that answers before reading a large body may reset the connection behind its answer.
      outgoing.on('error', (error) => (answered ? undefined : reject(error)));
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding: percent-encoding that also writes unpaired surrogates (as the WTF-8 bytes a careless
// client sends), which encodeURIComponent refuses to do.

const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The bytes of an unpaired surrogate as UTF-8 would write it if it could (WTF-8): three bytes no UTF-8 decoder accepts. */
function surrogateBytes(surrogate: number): number[] {
  return [0xe0 | (surrogate >> 12), 0x80 | ((surrogate >> 6) & 0x3f), 0x80 | (surrogate & 0x3f)];
}

/** Text as bytes, unpaired surrogates included (Buffer.from would quietly write U+FFFD instead). */
export function wtf8(text: string): Buffer {
  const surrogates = text.match(UNPAIRED) ?? [];
  const parts = text.split(UNPAIRED);
  return Buffer.concat(
    parts.flatMap((part, index) => [Buffer.from(part, 'utf8'), ...(index < surrogates.length ? [Buffer.from(surrogateBytes(surrogates[index].charCodeAt(0)))] : [])]),
  );
}

export function encodeSegment(value: string): string {
  return value
    .split(UNPAIRED)
    .map((part) => encodeURIComponent(part))
    .reduce((encoded, part, index) => {
      if (index === 0) return part;
      const bytes = surrogateBytes(value.match(UNPAIRED)![index - 1].charCodeAt(0));
      return encoded + bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('') + part;
    }, '');
}

export function queryString(entries: readonly (readonly [string, string])[]): string {
  return entries.length === 0 ? '' : `?${entries.map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`).join('&')}`;
}

// ---------------------------------------------------------------------------------------------
// The route model, from the OpenAPI document and class-validator metadata.

type Schema = { [key: string]: unknown } & {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  additionalProperties?: boolean | Schema;
};

export type OpenApiDocument = {
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: { name: string; in: string; required?: boolean }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
};

export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'any';
export type FieldPath = readonly (string | number)[];

export interface FieldSpec {
  readonly path: FieldPath;
  readonly type: FieldType;
  readonly required: boolean;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  /** From @MaxLength (per item when `each`); counted in code points, as class-validator counts. */
  readonly maxLength?: number;
  readonly itemType?: FieldType;
  /** The value must come from a known set (an enum, the category catalogue, the org tree): a decorated one is refused. */
  readonly closedSet: boolean;
}

export interface BodyModel {
  readonly contentType: string;
  /** The DTO class behind the schema, when there is one. */
  readonly schemaName?: string;
  readonly fields: readonly FieldSpec[];
  /** A command without payload: `{}` or nothing. */
  readonly emptyObject: boolean;
  /** The body is a file (an evidence upload): any bytes, typed by Content-Type. */
  readonly binary: boolean;
}

export interface RouteModel {
  readonly endpoint: Endpoint;
  readonly isPublic: boolean;
  readonly body?: BodyModel;
  readonly requiredQuery: readonly string[];
}

function resolveSchema(document: OpenApiDocument, schema: Schema | undefined): { schema: Schema; name?: string } {
  let current = schema ?? {};
  let name: string | undefined;
  for (let hops = 0; hops < 10; hops++) {
    if (current.$ref) {
      name = current.$ref.split('/').at(-1)!;
      current = document.components?.schemas?.[name] ?? {};
    } else if (current.allOf?.length === 1) current = current.allOf[0]!;
    else break;
  }
  return { schema: current, name };
}

type ValidationMetadataLike = { propertyName: string; name?: string; constraints?: unknown[]; each?: boolean; type: string; constraintCls?: { name?: string } };

/** class-validator's metadata of the DTO class named `className` (the schema name), by property. */
function validationMetadataOf(className: string | undefined): ValidationMetadataLike[] {
  if (className === undefined) return [];
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<{ name: string }, unknown[]>;
    getTargetValidationMetadatas: (target: { name: string }, schema: string, always: boolean, strictGroups: boolean) => unknown;
  };
  const target = [...storage.validationMetadatas.keys()].find((candidate) => candidate.name === className);
  if (target === undefined) return [];
  return storage.getTargetValidationMetadatas(target, '', false, false) as ValidationMetadataLike[];
}

function fieldTypeOf(schema: Schema): FieldType {
  if (schema.type === 'string' || schema.type === 'number' || schema.type === 'integer' || schema.type === 'boolean' || schema.type === 'array') return schema.type;
  if (schema.type === 'object' || schema.properties) return 'object';
  return 'any';
}

/** Every field of a body schema, nested ones included where the baseline body holds an object (or a list of them) to reach them. */
export function fieldsOf(document: OpenApiDocument, root: Schema, baseline: unknown, path: FieldPath = []): FieldSpec[] {
  const { schema, name } = resolveSchema(document, root);
  const metadata = validationMetadataOf(name);
  const fields: FieldSpec[] = [];
  for (const [property, raw] of Object.entries(schema.properties ?? {})) {
    const { schema: resolved, name: nestedName } = resolveSchema(document, raw);
    const own = metadata.filter((entry) => entry.propertyName === property);
    const maxLength = own.find((entry) => entry.name === 'maxLength')?.constraints?.[0] as number | undefined;
    const each = own.find((entry) => entry.name === 'maxLength')?.each === true;
    const type = nestedName ? 'object' : fieldTypeOf(resolved);
    const closedSet =
      resolved.enum !== undefined || own.some((entry) => entry.name === 'knownCategory' || entry.constraintCls?.name === 'KnownCategoryConstraint') || property === 'unitId';
    const itemType = resolved.items ? fieldTypeOf(resolveSchema(document, resolved.items).schema) : undefined;
    fields.push({
      path: [...path, property],
      type,
      required: (schema.required ?? []).includes(property),
      enum: resolved.enum,
      format: resolved.format,
      maxLength: each ? undefined : maxLength,
      itemType,
      closedSet,
    });
    const value = (baseline as Record<string, unknown> | undefined)?.[property];
    if (type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) fields.push(...fieldsOf(document, raw, value, [...path, property]));
    if (type === 'array' && Array.isArray(value) && value.length > 0) {
      const items = resolveSchema(document, resolved.items);
      if (fieldTypeOf(items.schema) === 'object' && items.name) fields.push(...fieldsOf(document, resolved.items!, value[0], [...path, property, 0]));
      else if (fieldTypeOf(items.schema) === 'string') {
        fields.push({ path: [...path, property, 0], type: 'string', required: true, maxLength: each ? maxLength : undefined, closedSet: false, enum: items.schema.enum });
      }
    }
  }
  return fields;
}

export function routeModelOf(document: OpenApiDocument, endpoint: Endpoint, baselineOf: (endpoint: Endpoint) => unknown): RouteModel {
  const operation = document.paths[endpoint.path][endpoint.method.toLowerCase()];
  const isPublic = (operation.security ?? []).length === 0;
  const requiredQuery = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query' && parameter.required).map((parameter) => parameter.name);
  const content = operation.requestBody?.content;
  if (!content) return { endpoint, isPublic, requiredQuery };
  const [contentType, { schema }] = Object.entries(content)[0];
  const resolved = resolveSchema(document, schema);
  const emptyObject = resolved.schema.type === 'object' && resolved.schema.additionalProperties === false && !resolved.schema.properties;
  const fields = contentType === 'application/json' ? fieldsOf(document, schema, baselineOf(endpoint)) : [];
  return { endpoint, isPublic, requiredQuery, body: { contentType, schemaName: resolved.name, fields, emptyObject, binary: resolved.schema.format === 'binary' } };
}

// ---------------------------------------------------------------------------------------------
// Values.

/** Bidirectional overrides and isolates, zero-width characters, a BOM, combining marks, fullwidth letters, an astral symbol. */
export const ODD_CHARACTERS = [
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u200c',
  '\u200d',
  '\ufeff',
  '\u0301',
  '\u0336',
  '\u20dd',
  '\u3000',
  '\u00a0',
  '\uff54',
  '\u{1f4a9}',
  '\ufffd',
];
/** What no text field takes: NUL, other C0 controls, DEL, unpaired surrogates. */
export const HARMFUL_CHARACTERS = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\ud800', '\udfff'];

const oddCharacter = fc.constantFrom(...ODD_CHARACTERS);
const harmfulCharacter = fc.constantFrom(...HARMFUL_CHARACTERS);

/** A string with odd (but legal) characters spread through it. */
export const oddText = fc
  .tuple(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.array(oddCharacter, { minLength: 1, maxLength: 6 }), fc.string({ unit: 'grapheme-composite', maxLength: 20 }))
  .map(([head, odd, tail]) => `${head}${odd.join('')}${tail}`);

/** A string no text field may take: harmful characters among odd ones. */
export const harmfulText = fc
  .tuple(fc.string({ maxLength: 20 }), harmfulCharacter, fc.array(oddCharacter, { maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 10 }))
  .map(([head, harmful, odd, tail]) => `${head}${harmful}${odd.join('')}${tail}`);

/** BMP text (no surrogate pairs, which class-validator would count once) of exactly `length` code points. */
export function textOfLength(length: number, alphabet: string): string {
  const characters = [...alphabet];
  let text = '';
  for (let index = 0; index < length; index++) text += characters[index % characters.length];
  return text;
}

/** Instants every date-time field and query must refuse: impossible days and times, local times, other ISO forms, huge years, numbers. */
export const INVALID_INSTANTS: readonly unknown[] = [
  '2025-02-30T00:00:00Z',
  '2025-02-29T12:00:00Z',
  '2025-13-01T00:00:00Z',
  '2025-00-10T00:00:00Z',
  '2025-04-31T08:00:00+08:00',
  '2025-01-01T24:00:00Z',
  '2025-01-01T23:60:00Z',
  '2016-12-31T23:59:60Z',
  '2025-01-01T10:00:00',
  '2025-01-01T10:00',
  '2025-01-01T00:00:00+24:00',
  '2025-01-01T00:00:00+25:00',
  '2025-01-01T00:00:00-12:60',
  '2025-01-01T00:00:00+08',
  '2025-01-01T00:00:00+0800',
  '2025-01-01T00:00:00[Asia/Shanghai]',
  '2025-01-01T00:00:00 Asia/Shanghai',
  '2025-01-01T00:00:00 GMT+8',
  '2025-01-01T00:00:00 CST',
  '2025-01-01T00:00:00UTC',
  '2025-01-01 00:00:00Z',
  '2025-W01-1T00:00:00Z',
  '2025-W01',
  '2025-032',
  '20250101T000000Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '99999-01-01T00:00:00Z',
  '2025-1-1T00:00:00Z',
  'yesterday',
  'now',
  'Tue, 01 Jan 2025 00:00:00 GMT',
  '1735689600000',
  '',
  ' 2025-01-01T00:00:00Z',
  '2025-01-01T00:00:00Z\u200b',
];

/** Instant values that are not strings at all (bodies only). */
export const NON_STRING_INSTANTS: readonly unknown[] = [1735689600000, 0, -1, 1e300, true, [], ['2025-01-01T00:00:00Z'], { at: '2025-01-01T00:00:00Z' }];

/** Report period bounds (`YYYY-MM`, `YYYY-MM-DD` or an instant) that must be refused. */
export const INVALID_PERIOD_BOUNDS: readonly string[] = [
  '2025-02-30',
  '2025-13',
  '2025-00',
  '2025-1',
  '2025-01-1',
  '25-01',
  'yesterday',
  '2025-01-01T10:00',
  '2025-01-01T24:00Z',
  '2025-02-30T00:00:00Z',
  '2025-01-01T00:00:00[Asia/Shanghai]',
  '2025/01',
  '',
  '2025-01-32',
  '+2025-01',
  '202501',
];

// ---------------------------------------------------------------------------------------------
// Paths.

/** Path segments (already encoded) that name no record: traversal, encoded slashes, NUL, CRLF, bad encodings, prototype names, 10k characters, odd Unicode. */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%2F..%2F..%2Fdocs-json',
  '..',
  '.',
  '%2F',
  '%2Fcomplaints',
  '%5C..%5Cwindows%5Cwin.ini',
  '%252E%252E%252F',
  '%00',
  'abc%00def',
  '%0D%0ASet-Cookie%3A%20a%3Db',
  '%C0%AE%C0%AE%C0%AF',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF%FE',
  '%',
  '%zz',
  'a'.repeat(10_000),
  `${'%E2%80%AE'.repeat(300)}`,
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '%20',
  '%E2%80%AEexe.gpj',
  '%E2%80%8B',
  '%EF%BB%BF',
  'x%CC%81%CC%81%CC%81%CC%81',
  '%F0%9F%92%A9',
  '*',
  '%2A',
  '~',
  "'%20OR%20'1'%3D'1",
  '%22%3E%3Cscript%3E',
];

/** A path segment for a record that does not exist (or cannot be named at all). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeSegment) },
  { weight: 1, arbitrary: oddText.filter((text) => text.length > 0).map(encodeSegment) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 3_000 }).map((length) => encodeSegment(textOfLength(length, '海城支行\u202e\u200b\u0301x'))) },
);

// ---------------------------------------------------------------------------------------------
// Bodies.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function clone<T>(value: T): T {
  return structuredClone(value);
}

function parentOf(root: unknown, path: FieldPath): Record<string | number, unknown> | undefined {
  let current = root as Record<string | number, unknown> | undefined;
  for (const key of path.slice(0, -1)) {
    current = current?.[key] as Record<string | number, unknown> | undefined;
    if (current === null || typeof current !== 'object') return undefined;
  }
  return current;
}

/** The baseline with the value at `path` replaced (or removed, for `undefined`). */
export function withValue(baseline: unknown, path: FieldPath, value: unknown): unknown {
  const copy = clone(baseline);
  const parent = parentOf(copy, path);
  const key = path.at(-1)!;
  if (parent === undefined) return copy;
  if (value === undefined) delete parent[key];
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Every object inside a JSON value, with its path, the value itself first. */
export function objectsIn(value: unknown, path: FieldPath = []): FieldPath[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Array.isArray(value) ? [] : [path];
  return [...own, ...Object.entries(value).flatMap(([key, member]) => objectsIn(member, [...path, Array.isArray(value) ? Number(key) : key]))];
}

/** Text that JSON.parse refuses: broken structure, bad literals, truncations, control characters. */
export const MALFORMED_JSON: readonly string[] = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}}',
  '{"a" 1}',
  '{a:1}',
  '[1,2',
  '{"a":"\\x41"}',
  '{"a":"\u0000"}',
  '{"a":"line\nbreak"}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":1e}',
  '{"a":"\\ud800"',
  // A leading BOM alone may be ignored (RFC 8259 allows it): what follows it must be broken too.
  '\ufeff{"a":}',
  '{"a":1} {"b":2}',
  '<xml/>',
  'null',
  'true',
  '1',
  '"string"',
  '   ',
  '\u0000',
  '--',
];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Malformed JSON text: a fixed catalogue, truncations of the valid body, random text. */
export function malformedJson(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...MALFORMED_JSON),
    fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((length) => valid.slice(0, length)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((text) => text.trim() !== '' && !isJson(text)),
  );
}

/** Byte sequences no UTF-8 decoder accepts: stray bytes, lone continuations, overlong forms, truncated sequences, encoded surrogates, beyond U+10FFFF. */
export const INVALID_UTF8: readonly (readonly number[])[] = [
  [0xff],
  [0xfe],
  [0x80],
  [0xbf],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xe4, 0xb8],
  [0xf0, 0x9f, 0x92],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

/** The valid text as UTF-8 with an invalid sequence put in after one of its characters (inside a string value, or anywhere). */
export function invalidUtf8In(valid: string): fc.Arbitrary<Buffer> {
  const characters = [...valid];
  return fc
    .tuple(fc.constantFrom(...INVALID_UTF8), fc.nat({ max: characters.length }))
    .map(([bytes, at]) => Buffer.concat([Buffer.from(characters.slice(0, at).join(''), 'utf8'), Buffer.from(bytes), Buffer.from(characters.slice(at).join(''), 'utf8')]));
}

/** JSON text nested `depth` levels deep, as arrays or objects. */
export function deeplyNested(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Wrong-typed stand-ins for a field of type `type`: never null for an optional field (IsOptional takes null for absent). */
export function wrongTypes(field: FieldSpec): unknown[] {
  const byType: Record<FieldType, unknown[]> = {
    string: [0, 1.5, -1, true, false, [], ['x'], {}, { value: 'x' }],
    number: ['1', true, [], {}, [1]],
    integer: ['1', 1.5, true, [], {}, [1]],
    boolean: ['true', 'false', 0, 1, [], {}, 'yes'],
    array: ['x', 0, true, {}, { 0: 'x' }],
    object: ['x', 0, true, [], [{}]],
    any: [],
  };
  const values = [...byType[field.type]];
  if (field.type === 'array' && field.itemType === 'string') values.push([1], [null], [{}], [[]], [true]);
  if (field.type === 'array' && field.itemType === 'integer') values.push(['1'], [1.5], [null]);
  if (field.required) values.push(null);
  return values;
}

/** Values a closed-set field (enum, category, unit) must refuse: decorated, re-cased, padded, empty. */
export function offSetValues(field: FieldSpec, valid: unknown): fc.Arbitrary<unknown> {
  const first = field.enum?.[0];
  const base = typeof valid === 'string' ? valid : typeof first === 'string' || typeof first === 'number' ? String(first) : 'x';
  return fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        base.toUpperCase() === base ? base.toLowerCase() + 'X' : base.toUpperCase(),
        ` ${base}`,
        `${base} `,
        `${base}\t`,
        `${base}s`,
        base.replace(/[a-z]/, (letter) => String.fromCharCode(letter.charCodeAt(0) + 0xfee0)),
      ),
      fc.tuple(oddCharacter, fc.nat({ max: base.length })).map(([odd, at]) => `${base.slice(0, at)}${odd}${base.slice(at)}`),
      harmfulCharacter.map((harmful) => `${base}${harmful}`),
    )
    .filter((value) => value !== base && !(field.enum ?? []).includes(value));
}

// ---------------------------------------------------------------------------------------------
// Requests.

/** A user the route would serve: a name for messages and their bearer token (none on public routes). */
export interface Caller {
  readonly name: string;
  readonly token?: string;
}

/** What the suite knows about the running app and its seeded records. */
export interface FuzzContext {
  /** Users who may legitimately call the route (a public route: one anonymous caller). */
  callers(route: RouteModel): readonly Caller[];
  /** Real values of a path parameter that every caller of the route can reach. */
  pathValues(route: RouteModel, parameter: string): readonly string[];
  /** Real records this caller must not reach through the route: another kind's ids, cases outside the caller's units. */
  foreignValues(route: RouteModel, parameter: string, caller: Caller): readonly string[];
  /** Whether the route would create a record under this (decoded) path value, as PUT /calendars/{id} does. */
  creates(route: RouteModel, parameter: string, value: string): boolean;
  /** A body the route accepts (a JSON value, text for text/calendar, or a file's content). */
  baselineBody(route: RouteModel): unknown;
  /** A query the route accepts, and which of its entries it cannot do without. */
  baselineQuery(route: RouteModel): { readonly entries: readonly (readonly [string, string])[]; readonly required: readonly string[] };
  /** Authorization headers that authenticate nobody (undefined: no header). */
  readonly badAuthorizations: readonly (string | undefined)[];
  /** Sign-in bodies with a username and password that do not match any account (for the public sign-in route). */
  readonly wrongCredentials: fc.Arbitrary<{ username: string; password: string }>;
}

export interface HostileRequest extends RawRequest {
  readonly category: string;
  readonly caller: string;
  /** The statuses the answer must have; any 4xx when absent. */
  readonly expect?: readonly number[];
}

/** Content types no JSON route reads: 415. */
const UNREAD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'application/xml',
  'application/vnd.api+json',
  'application/json; charset=latin1',
  'image/png',
];
/** Prototype keys and the payload they carry: a polluted Object.prototype would show `fuzzPolluted`. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
export const POLLUTION_MARKER = 'fuzzPolluted';
const pollutingValue = fc.constantFrom<unknown>(
  { [POLLUTION_MARKER]: true },
  { prototype: { [POLLUTION_MARKER]: true } },
  { toString: 'x', [POLLUTION_MARKER]: 1 },
  [POLLUTION_MARKER],
  POLLUTION_MARKER,
);
/** Field names no schema has: case and space variants, invisible characters, empty, dotted, bracketed, operators, prototype methods. */
const TRICKY_FIELD_NAMES = [
  '',
  ' ',
  'Type',
  'TEXT',
  'text ',
  'text\u200b',
  '\uff54ext',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  '$where',
  '$gt',
  'a.b',
  'a[b]',
  '0',
  '-1',
  'null',
  'id',
  'revision',
  'state',
  'actorId',
  'role',
];

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

/** Query values each documented parameter must refuse. */
export function invalidQueryValues(route: RouteModel, name: string): readonly string[] {
  const isReport = route.endpoint.path.startsWith('/reports/');
  const table: Record<string, readonly string[]> = {
    limit: ['0', '101', '-1', '1.5', 'abc', '1e3', '100000000000000000000', 'NaN', 'Infinity', ''],
    cursor: [
      '',
      'garbage',
      '!!!',
      base64url('null'),
      base64url('[]'),
      base64url('{}'),
      base64url('"x"'),
      base64url('{"id":1,"key":1}'),
      base64url('{"fromRevision":-1}'),
      base64url('{"fromRevision":1.5}'),
      base64url('{"id":"x","key":{"a":1},"sort":"-receivedAt"}'),
      base64url('{"id":"x","key":1,"sort":"nope"}'),
    ],
    minPosition: ['abc', '-1', '1.5', '', '1e3', ' 1', '0x10', '123456789012345678901', '99999999999999999999'],
    unitId: ['', 'no-such-unit', 'anshan-haicheng\u200b', 'HQ', 'hq ', '../hq', 'constructor'],
    responsibleUnitId: ['', 'no-such-unit', 'anshan\u202e', '__proto__'],
    assignee: [''],
    category: [''],
    escalationLevel: ['-1', '1.5', 'abc', 'NaN', 'Infinity', '1e309'],
    overdue: ['', 'yes', '1', 'TRUE', 'True', 'false ', 'no'],
    dueBefore: INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    receivedFrom: INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    receivedTo: INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    at: INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    from: isReport ? INVALID_PERIOD_BOUNDS : INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    to: isReport ? INVALID_PERIOD_BOUNDS : INVALID_INSTANTS.filter((value): value is string => typeof value === 'string'),
    q: ['', 'x'.repeat(201), textOfLength(250, '投诉\u0301')],
    sort: ['', '-', '--receivedAt', 'receivedAt-', 'receivedat', 'id', '+receivedAt', 'receivedAt,dueAt', '-receivedAt\u200b', 'stream'],
    state: ['', 'x', 'RECEIVED', 'received ', 'none', 'closed\u200b'],
    type: ['', 'Complaint', 'grievance', 'complaint\u202e'],
    channel: ['', 'walk-in', 'email', 'WALK_IN'],
    format: ['', 'xlsx', 'JSON', 'csv ', 'json\u200b', 'pdf'],
    groupBy: ['', 'unit,unit', 'unit,', ',unit', 'nope', 'UNIT', 'unit,,month', 'unit month', 'unit;month'],
    revision: ['-1', '1.5', 'abc', 'last', 'NaN', 'Infinity'],
    kind: ['', 'inspection', 'complaints', 'Complaint'],
  };
  return table[name] ?? [];
}

/** The requests of one category; the builder fills in the route, the caller and the parts a category leaves alone. */
type Parts = {
  path?: Record<string, string>;
  query?: readonly (readonly [string, string])[];
  body?: string | Buffer;
  contentType?: string | null;
  authorization?: string | null;
  expect?: readonly number[];
};

/**
 * Every kind of hostile request that applies to the route, one arbitrary per category. Each request
 * is invalid in one way: the rest of it is the route's valid baseline, sent by a user the route
 * would serve, so the answer shows the route's handling of that one fault.
 */
export function hostileRequests(route: RouteModel, context: FuzzContext): ReadonlyMap<string, fc.Arbitrary<HostileRequest>> {
  const { endpoint, body: bodyModel } = route;
  const callers = context.callers(route);
  const baselineQuery = context.baselineQuery(route);
  const baselineBody = context.baselineBody(route);
  const isJsonBody = bodyModel?.contentType === 'application/json';
  // Uploads document their body as binary (format: binary), whatever its media type.
  const isFileBody = bodyModel?.binary === true;
  const baselineText = bodyModel === undefined ? undefined : isJsonBody ? JSON.stringify(baselineBody ?? {}) : String(baselineBody);

  const realPath = (): fc.Arbitrary<Record<string, string>> =>
    fc.record(Object.fromEntries(endpoint.pathParameters.map((name) => [name, fc.constantFrom(...context.pathValues(route, name)).map(encodeSegment)])));

  /** A request of `category`: the baseline with `parts` put in. */
  const request = (category: string, parts: fc.Arbitrary<Parts>): fc.Arbitrary<HostileRequest> =>
    fc.tuple(fc.constantFrom(...callers), realPath(), parts).map(([caller, path, part]) => {
      const values = { ...path, ...part.path };
      const headers: Record<string, string> = {};
      const authorization = part.authorization === undefined ? (caller.token ? `Bearer ${caller.token}` : undefined) : part.authorization;
      if (authorization !== null && authorization !== undefined) headers.authorization = authorization;
      const body = part.body ?? baselineText;
      const contentType = part.contentType === undefined ? bodyModel?.contentType : part.contentType;
      if (body !== undefined && contentType !== null && contentType !== undefined) headers['content-type'] = contentType;
      return {
        category,
        caller: caller.name,
        method: endpoint.method,
        path: endpoint.path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name]) + queryString(part.query ?? baselineQuery.entries),
        headers,
        ...(body === undefined ? {} : { body }),
        ...(part.expect ? { expect: part.expect } : {}),
      };
    });

  const withJson = (value: unknown, expect?: readonly number[]): Parts => ({ body: JSON.stringify(value), ...(expect ? { expect } : {}) });
  const categories = new Map<string, fc.Arbitrary<HostileRequest>>();
  const add = (category: string, parts: fc.Arbitrary<Parts> | undefined): void => {
    if (parts !== undefined) categories.set(category, request(category, parts));
  };

  // --- authentication: nobody is signed in, however the header is dressed up.
  if (!route.isPublic)
    add(
      'bad-token',
      fc.constantFrom(...context.badAuthorizations).map((authorization) => ({ authorization: authorization ?? null, expect: [401] })),
    );

  // --- path parameters: records that do not exist, cannot be named, or are not the caller's.
  for (const name of endpoint.pathParameters) {
    const decodes = (segment: string): string | undefined => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    };
    const hostile = hostileSegment.filter((segment) => {
      const decoded = decodes(segment);
      return decoded === undefined || !context.creates(route, name, decoded);
    });
    add(
      `hostile-${name}`,
      hostile.map((segment) => ({ path: { [name]: segment } })),
    );
    const foreignOf = (caller: Caller): readonly string[] => context.foreignValues(route, name, caller);
    if (callers.some((caller) => foreignOf(caller).length > 0)) {
      categories.set(
        `foreign-${name}`,
        fc
          .constantFrom(...callers.filter((caller) => foreignOf(caller).length > 0))
          .chain((caller) => fc.tuple(fc.constant(caller), fc.constantFrom(...foreignOf(caller)), realPath()))
          .map(([caller, foreign, path]) => {
            const values = { ...path, [name]: encodeSegment(foreign) };
            return {
              category: `foreign-${name}`,
              caller: caller.name,
              method: endpoint.method,
              path: endpoint.path.replace(/\{([^}]+)\}/g, (_, parameter: string) => values[parameter]) + queryString(baselineQuery.entries),
              headers: {
                ...(caller.token ? { authorization: `Bearer ${caller.token}` } : {}),
                ...(baselineText !== undefined && bodyModel ? { 'content-type': bodyModel.contentType } : {}),
              },
              ...(baselineText === undefined ? {} : { body: baselineText }),
              expect: [404],
            };
          }),
      );
    }
  }

  // --- query: unknown names, refused values, repeated names, prototype keys, a required entry left out.
  const documented = endpoint.queryParameters;
  if (documented.length > 0) {
    const entries = baselineQuery.entries;
    const without = (name: string) => entries.filter(([entry]) => entry !== name);
    const unknownName = fc
      .oneof(fc.constantFrom(...TRICKY_FIELD_NAMES, 'as', 'LIMIT', 'limit ', 'a[b]', 'limit[]', 'q.x', 'callback', 'fields'), fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/))
      .filter((name) => !documented.includes(name));
    add(
      'query-unknown',
      fc.tuple(unknownName, fc.string({ maxLength: 20 })).map(([name, value]) => ({ query: [...entries, [name, value] as const] })),
    );
    const refusable = documented.filter((name) => invalidQueryValues(route, name).length > 0);
    if (refusable.length > 0) {
      add(
        'query-invalid',
        fc
          .constantFrom(...refusable)
          .chain((name) => fc.tuple(fc.constant(name), fc.oneof(fc.constantFrom(...invalidQueryValues(route, name)), harmfulText)))
          .map(([name, value]) => ({ query: [...without(name), [name, value] as const] })),
      );
    }
    add(
      'query-repeated',
      fc
        .tuple(fc.constantFrom(...documented), fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
        .map(([name, first, second]) => ({ query: [...without(name), [name, first] as const, [name, second] as const] })),
    );
    add(
      'query-prototype',
      fc
        .tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.constantFrom('1', POLLUTION_MARKER, '{"fuzzPolluted":true}'))
        .map(([name, value]) => ({ query: [...entries, [name, value] as const] })),
    );
    if (baselineQuery.required.length > 0)
      add(
        'query-missing',
        fc.constantFrom(...baselineQuery.required).map((name) => ({ query: without(name) })),
      );
    if (documented.includes('from') && documented.includes('to')) {
      const reversed: readonly (readonly [string, string])[] = endpoint.path.startsWith('/reports/')
        ? [
            ['from', '2025-06'],
            ['to', '2025-01'],
          ]
        : [
            ['from', '2025-06-01T00:00:00Z'],
            ['to', '2025-01-01T00:00:00Z'],
          ];
      add('query-reversed-period', fc.constant({ query: [...without('from').filter(([name]) => name !== 'to'), ...reversed] }));
    }
  }

  // --- bodies.
  if (bodyModel !== undefined && isJsonBody) {
    const fields = bodyModel.fields;
    const valueAt = (path: FieldPath): unknown => path.reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], baselineBody);
    const present = fields.filter((field) => valueAt(field.path) !== undefined || field.required);
    add(
      'malformed-json',
      malformedJson(baselineText!).map((text) => ({ body: text, expect: [400] })),
    );
    add(
      'non-object-json',
      fc.constantFrom('[]', '[{}]', `[${baselineText}]`).map((text) => ({ body: text })),
    );
    if (present.length > 0) {
      add(
        'wrong-type',
        fc
          .constantFrom(...present.filter((field) => wrongTypes(field).length > 0))
          .chain((field) => fc.tuple(fc.constant(field), fc.constantFrom(...wrongTypes(field))))
          .map(([field, value]) => withJson(withValue(baselineBody, field.path, value))),
      );
    }
    const required = fields.filter((field) => field.required && valueAt(field.path.slice(0, -1)) !== undefined);
    if (required.length > 0)
      add(
        'missing-field',
        fc.constantFrom(...required).map((field) => withJson(withValue(baselineBody, field.path, undefined))),
      );
    const objects = objectsIn(baselineBody ?? {});
    const knownAt = (path: FieldPath): Set<string> =>
      new Set(fields.filter((field) => field.path.length === path.length + 1 && path.every((key, index) => field.path[index] === key)).map((field) => String(field.path.at(-1))));
    add(
      'unknown-field',
      fc
        .tuple(fc.constantFrom(...objects), fc.oneof(fc.constantFrom(...TRICKY_FIELD_NAMES), fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/)), fc.jsonValue({ maxDepth: 2 }))
        .filter(([path, name]) => !knownAt(path).has(name) && !Object.hasOwn(valueAt(path) ?? {}, name) && !(PROTOTYPE_KEYS as readonly string[]).includes(name))
        .map(([path, name, value]) => withJson(withValue(baselineBody, [...path, name], value))),
    );
    const bounded = present.filter((field) => field.maxLength !== undefined);
    if (bounded.length > 0) {
      add(
        'oversized-string',
        fc
          .tuple(fc.constantFrom(...bounded), fc.integer({ min: 1, max: 300 }), fc.constantFrom('x', '投诉', 'e\u0301', '\u202e\u200b'))
          .map(([field, extra, alphabet]) => withJson(withValue(baselineBody, field.path, textOfLength(field.maxLength! + extra, alphabet)), [400])),
      );
    }
    const strings = present.filter((field) => field.type === 'string');
    if (strings.length > 0)
      add(
        'harmful-text',
        fc.tuple(fc.constantFrom(...strings), harmfulText).map(([field, text]) => withJson(withValue(baselineBody, field.path, text), [400])),
      );
    add(
      'invalid-utf8',
      invalidUtf8In(baselineText!).map((body) => ({ body, expect: [400] })),
    );
    const closed = present.filter((field) => field.closedSet && field.type === 'string');
    if (closed.length > 0) {
      add(
        'off-set-value',
        fc
          .constantFrom(...closed)
          .chain((field) => fc.tuple(fc.constant(field), offSetValues(field, valueAt(field.path))))
          .map(([field, value]) => withJson(withValue(baselineBody, field.path, value))),
      );
    }
    const instants = present.filter((field) => field.format === 'date-time');
    if (instants.length > 0) {
      add(
        'invalid-instant',
        fc
          .tuple(fc.constantFrom(...instants), fc.constantFrom(...INVALID_INSTANTS, ...NON_STRING_INSTANTS))
          .map(([field, value]) => withJson(withValue(baselineBody, field.path, value))),
      );
    }
    add(
      'prototype-key',
      fc
        .tuple(fc.constantFrom(...objects), fc.constantFrom(...PROTOTYPE_KEYS), pollutingValue)
        .map(([path, key, value]) => withJson(withValue(baselineBody, [...path, key], value), [400])),
    );
    add(
      'deep-nesting',
      fc
        .tuple(
          fc.constantFrom<FieldPath>([], ...objects.map((path) => [...path, 'nested'] as FieldPath), ...present.map((field) => field.path)),
          fc.constantFrom<'array' | 'object'>('array', 'object'),
          fc.integer({ min: 33, max: 30_000 }),
        )
        .map(([path, shape, depth]) => {
          // Thousands of levels: refused by the depth limit, or (past 64 kB with a large baseline) by the size limit.
          const nested = deeplyNested(shape === 'array' ? depth : Math.min(depth, 10_000), shape);
          if (path.length === 0) return { body: shape === 'array' ? nested : `{"deep":${nested}}`, expect: [400, 413] };
          const marker = '"__fuzz_nested__"';
          return { body: JSON.stringify(withValue(baselineBody, path, '__fuzz_nested__')).replace(marker, nested), expect: [400, 413] };
        }),
    );
    add(
      'unread-content-type',
      fc.constantFrom(...UNREAD_CONTENT_TYPES, null).map((contentType) => ({ contentType, expect: [415] })),
    );
    add('calendar-content-type', fc.constant({ contentType: 'text/calendar' }));
    add(
      'oversized-body',
      fc.integer({ min: 64 * 1024 + 1, max: 160 * 1024 }).map((size) => {
        const padding = 'x'.repeat(size);
        return { body: JSON.stringify({ ...(baselineBody as object), padding }), expect: [413] };
      }),
    );
    if (endpoint.method === 'POST' && endpoint.path === '/auth/token') {
      add(
        'wrong-credentials',
        context.wrongCredentials.map((credentials) => ({ ...withJson(credentials), expect: [401] })),
      );
    }
  }
  if (bodyModel !== undefined && isFileBody) {
    // A file upload (the body is the file): refused by its declared type before a byte is read, or by its first bytes.
    add(
      'json-for-file',
      fc.constantFrom('{}', '[]', JSON.stringify({ file: baselineText })).map((text) => ({ body: text, contentType: 'application/json', expect: [415] })),
    );
    add(
      'unlisted-file-type',
      fc
        .constantFrom('application/zip', 'text/html', 'application/octet-stream', 'image/svg+xml', 'multipart/form-data; boundary=x', null)
        .map((contentType) => ({ contentType, expect: [415] })),
    );
    add(
      'not-its-type',
      fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
        .filter((text) => !text.startsWith('%PDF-'))
        .map((text) => ({ body: text, expect: [415] })),
    );
  }
  if (bodyModel !== undefined && !isJsonBody && !isFileBody) {
    add(
      'json-for-calendar',
      fc.constantFrom('{}', '[]', '{"ics":"BEGIN:VCALENDAR"}').map((text) => ({ body: text, contentType: 'application/json', expect: [415] })),
    );
    add(
      'calendar-as-json',
      fc.integer({ min: 1, max: baselineText!.length }).map((length) => ({ body: baselineText!.slice(0, length), contentType: 'application/json', expect: [400] })),
    );
    add(
      'unread-content-type',
      fc.constantFrom('text/plain', 'application/octet-stream', null).map((contentType) => ({ contentType, expect: [415] })),
    );
    add(
      'harmful-text',
      fc.tuple(harmfulText, fc.nat({ max: baselineText!.length })).map(([text, at]) => ({ body: `${baselineText!.slice(0, at)}${text}${baselineText!.slice(at)}`, expect: [400] })),
    );
    add(
      'invalid-utf8',
      invalidUtf8In(baselineText!).map((body) => ({ body, expect: [400] })),
    );
    add(
      'garbage-calendar',
      fc
        .oneof(
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((text) => !/BEGIN:VEVENT/i.test(text)),
          fc.constant('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261001T090000Z\r\nSUMMARY:国庆节\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'),
          fc.constant('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261001\r\nSUMMARY:国庆节\r\n'),
          fc.constant('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260230\r\nSUMMARY:休\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'),
        )
        .filter((text) => text.trim() !== '')
        .map((text) => ({ body: text })),
    );
    add(
      'oversized-body',
      fc.integer({ min: 512 * 1024 + 1, max: 640 * 1024 }).map((size) => ({ body: `${baselineText!}${'X-PAD:'.padEnd(size, 'x')}\r\n`, expect: [413] })),
    );
  }

  return categories;
}
