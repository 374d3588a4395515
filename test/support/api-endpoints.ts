import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, readAllPages, type EventStore } from '@duban/event-store';

/** One route of the API as its OpenAPI document describes it. */
export interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI template, e.g. `/complaints/{id}/reply`. */
  readonly path: string;
  /** `METHOD /path`, the key suites use for per-route tables. */
  readonly key: string;
  /** Path parameter names in order of appearance. */
  readonly pathParameters: readonly string[];
  /** Query parameter names the route documents. */
  readonly queryParameters: readonly string[];
  /** Whether the route documents a request body. */
  readonly hasBody: boolean;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
}

/**
 * Every route the running app serves, read from its own OpenAPI document (`/docs-json`), so a
 * suite that walks this list covers a route the day it is added.
 */
export async function listEndpoints(app: INestApplication): Promise<Endpoint[]> {
  const document = await request(app.getHttpServer()).get('/docs-json').expect(200);
  const paths = document.body.paths as Record<string, Record<string, OpenApiOperation>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const upper = method.toUpperCase() as Endpoint['method'];
      return {
        method: upper,
        path,
        key: `${upper} ${path}`,
        pathParameters: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParameters: parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
        hasBody: operation.requestBody !== undefined,
      };
    }),
  );
}

/** Fills an OpenAPI path template: `{id}` → values.id (URI-encoded). */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** How many events the app's store holds: suites compare it before and after to prove nothing was written. */
export async function storedEventCount(app: INestApplication): Promise<number> {
  let count = 0;
  for await (const page of readAllPages(app.get<EventStore>(EVENT_STORE))) count += page.length;
  return count;
}
