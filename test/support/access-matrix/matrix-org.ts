import { join } from 'node:path';
import type { Role } from '@duban/identity';
import request from 'supertest';
import type { ApiTestApp } from '../api-test-app';

/** The organisation of test/fixtures/organisation.access-matrix.json: every user shares this password. */
export const MATRIX_ORG_FILE = join(__dirname, '../../fixtures/organisation.access-matrix.json');
export const MATRIX_PASSWORD = 'access-matrix-password';
export const MATRIX_SLA_POLICIES = join(__dirname, '../../fixtures/sla-policies.access-matrix.json');

/** The unit every matrix user works at: a sub-branch with an outlet below, a sibling and a parent. */
export const HOME_UNIT = 'north-city';

export const RELATIONS = ['own', 'below', 'sibling', 'parent'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Where a request's case (or its unitId filter) sits, seen from HOME_UNIT. */
export const UNIT_OF: Readonly<Record<Relation, string>> = {
  own: HOME_UNIT,
  below: 'north-city-outlet',
  sibling: 'north-east',
  parent: 'north',
};

/** `matrix.<role>`: one user of each role at HOME_UNIT. */
export const matrixUser = (role: Role): string => `matrix.${role}`;

/** Head-office users that prepare cases, so no matrix user's own earlier act (four-eyes) interferes. */
export const SETUP_USERS = { supervisor: 'setup.supervisor', unitHead: 'setup.head', branchSupervisor: 'setup.branch-supervisor' } as const;

/** The employee the matrix organisation file lists at each unit. */
export const staffAt = (unitId: string): string => `E-${unitId}`;

/** A second employee at each unit, the one erasures erase, so the other's service file stays readable. */
export const leaverAt = (unitId: string): string => `E-${unitId}-leaver`;

/** Sign in through POST /auth/token, as any client would. */
export async function signIn(api: ApiTestApp, username: string): Promise<string> {
  const response = await api.anonymous().post('/auth/token').send({ username, password: MATRIX_PASSWORD }).expect(200);
  return response.body.accessToken as string;
}

export interface HttpCall {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: object | string;
  readonly contentType?: string;
}

/** Sends one call as the token's user (or anonymously). */
export function send(api: ApiTestApp, token: string | undefined, call: HttpCall): request.Test {
  let test = request(api.app.getHttpServer())[call.method.toLowerCase() as 'get'](call.path);
  if (token !== undefined) test = test.set('Authorization', `Bearer ${token}`);
  if (call.query) test = test.query(call.query);
  if (call.contentType) test = test.set('Content-Type', call.contentType);
  return call.body === undefined ? test : test.send(call.body);
}
