import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiContract } from './contract';

const document = {
  openapi: '3.0.0',
  info: { title: 'test', version: '1' },
  paths: {
    '/cases/{id}': {
      get: {
        operationId: 'getCase',
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Case' } } } },
          404: {
            description: 'no',
            content: { 'application/problem+json': { schema: { type: 'object', additionalProperties: true, properties: { status: { type: 'integer' } } } } },
          },
        },
      },
    },
    '/cases/{id}/state': {
      get: {
        operationId: 'getPastCase',
        responses: {
          200: {
            description: 'ok',
            content: {
              'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Case' }, { type: 'object', properties: { asOf: { type: 'string' } }, required: ['asOf'] }] } },
            },
          },
        },
      },
    },
    '/cases/mine': { get: { operationId: 'myCases', responses: { 200: { description: 'ok', content: { 'text/csv': { schema: { type: 'string' } } } } } } },
  },
  components: {
    schemas: {
      Erasure: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
      Case: {
        type: 'object',
        required: ['id', 'erasure'],
        properties: {
          id: { type: 'string' },
          erasure: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Erasure' }] },
          tag: { type: 'string', enum: ['a'], nullable: true },
        },
      },
    },
  },
} as unknown as OpenAPIObject;

describe('ApiContract', () => {
  const contract = new ApiContract(document);
  const json = 'application/json; charset=utf-8';

  it('accepts an answer the document describes, nullable members null', () => {
    expect(contract.breachOf('GET', '/cases/7', 200, json, { id: '7', erasure: null, tag: null })).toBeNull();
    expect(contract.breachOf('GET', '/cases/7', 200, json, { id: '7', erasure: { reason: 'law' }, tag: 'a' })).toBeNull();
  });

  it('names a field the document does not list, and the route', () => {
    expect(contract.breachOf('GET', '/cases/7', 200, json, { id: '7', erasure: null, notes: [] })).toMatch(/GET \/cases\/\{id\} \(getCase\)[\s\S]*additional properties "notes"/);
  });

  it('refuses null where the document does not allow it, and a wrong nested shape', () => {
    expect(contract.breachOf('GET', '/cases/7', 200, json, { id: null, erasure: null })).toMatch(/\/id must be string/);
    expect(contract.breachOf('GET', '/cases/7', 200, json, { id: '7', erasure: { reason: 'law', key: 'k' } })).toMatch(/\/erasure must NOT have additional properties "key"/);
  });

  it('refuses a status or content type the operation does not list', () => {
    expect(contract.breachOf('GET', '/cases/7', 500, 'application/problem+json', { status: 500 })).toMatch(/answered 500, which the document does not list/);
    expect(contract.breachOf('GET', '/cases/7', 404, json, { status: 404 })).toMatch(/as application\/json, but the document gives application\/problem\+json/);
  });

  it('keeps problem extension members open', () => {
    expect(contract.breachOf('GET', '/cases/7', 404, 'application/problem+json', { status: 404, allowedCommands: [] })).toBeNull();
  });

  it('merges allOf, so the fields of each part are allowed together and required', () => {
    expect(contract.breachOf('GET', '/cases/7/state', 200, json, { id: '7', erasure: null, asOf: 'now' })).toBeNull();
    expect(contract.breachOf('GET', '/cases/7/state', 200, json, { id: '7', erasure: null })).toMatch(/must have required property 'asOf'/);
  });

  it('prefers a literal segment over a parameter, and leaves paths outside the document alone', () => {
    expect(contract.breachOf('GET', '/cases/mine', 200, 'text/csv', 'a,b')).toBeNull();
    expect(contract.breachOf('GET', '/docs-json', 200, json, {})).toBeNull();
  });
});
