import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@duban/identity';
import { fillPath, listEndpoints, storedEventCount, type Endpoint } from '../support/api-endpoints';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { CaseFactory } from '../support/access-matrix/case-factory';
import { matrixUser, MATRIX_ORG_FILE, MATRIX_SLA_POLICIES, RELATIONS, send, SETUP_USERS, signIn, UNIT_OF, type HttpCall, type Relation } from '../support/access-matrix/matrix-org';
import { writeMatrixReport, type Statuses } from '../support/access-matrix/matrix-report';
import { REQUESTS, type SlaReference } from '../support/access-matrix/matrix-requests';

// Status for a case (or a unitId filter) at:  own  below sibling parent
const OPEN: Statuses = [200, 200, 200, 200]; // not about units; or an auditor reading
const IN_SCOPE: Statuses = [200, 200, 404, 404]; // 辖内: outside the subtree a case does not exist
const CREATES: Statuses = [201, 201, 403, 403]; // opening a case in the unit the body names
const REFUSED: Statuses = [403, 403, 403, 403]; // the role may not, wherever
const NOT_ROLE: Statuses = [403, 403, 404, 404]; // the role may not; outside the subtree the case is not even found
const ABOVE_ONLY: Statuses = [403, 200, 404, 404]; // extensions are approved above the unit handling the case
const HIDDEN: Statuses = [404, 404, 404, 404]; // an employee the role may not know does not exist for it
const RECIPIENT_ONLY: Statuses = [200, 403, 404, 404]; // a circular is acknowledged by its recipient unit itself, not the unit above
const UNSEEN: Statuses = [404, 404, 404, 404]; // a draft circular is seen only at its issuing unit (head office here)
const OWN_UNIT_ONLY: Statuses = [200, 403, 404, 404]; // a unit head works on their own unit's self-inspection (自查) only

const ROLES = ['handler', 'unit_head', 'supervisor', 'inspector', 'auditor', 'admin'] as const satisfies readonly Role[];
type Row = readonly [handler: Statuses, unitHead: Statuses, supervisor: Statuses, inspector: Statuses, auditor: Statuses, admin: Statuses];

/** The access policy: every route the API serves × every role at one sub-branch × where the case or filter sits. */
const EXPECTED: Readonly<Record<string, Row>> = {
  //                                                handler     unit_head   supervisor  inspector   auditor     admin
  'GET /health/live': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /health/ready': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /metrics': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /categories': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /organisation/units': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /workflows/{aggregate}': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'POST /auth/token': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],

  'GET /complaints': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /findings': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /inspections': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /queues/mine': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /queues/overdue': [REFUSED, OPEN, OPEN, REFUSED, OPEN, REFUSED],
  'GET /queues/escalated': [REFUSED, OPEN, OPEN, REFUSED, OPEN, REFUSED],
  'GET /queues/sign-off': [REFUSED, OPEN, REFUSED, REFUSED, OPEN, REFUSED],
  'GET /reports/sla': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'GET /reports/complaints': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'GET /reports/rankings': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'GET /reports/rectification': [REFUSED, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, REFUSED],
  // Quarterly scores and the report additions (issue 19); scoring schemes bind the whole bank, as checklist templates do.
  'GET /reports/outcomes': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'GET /reports/coverage': [REFUSED, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, REFUSED],
  'GET /reports/scores': [REFUSED, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, REFUSED],
  'GET /reports/violations': [REFUSED, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, REFUSED],
  'GET /scoring/schemes/{id}': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'PUT /scoring/schemes/{id}': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
  'GET /audit/packs': [REFUSED, OPEN, OPEN, REFUSED, OPEN, REFUSED],

  'POST /complaints': [CREATES, CREATES, CREATES, REFUSED, REFUSED, REFUSED],
  'GET /complaints/{id}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /complaints/{id}/state': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /complaints/{id}/history': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /complaints/{id}/verify': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /complaints/{id}/audit-pack': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'POST /complaints/{id}/assign': [NOT_ROLE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/hand-over': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/promised-reply': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/notes': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/reclassify': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/escalate': [NOT_ROLE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/transfer': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/refer': [NOT_ROLE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/reply': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/verify': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/contact-attempts': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/unreachable': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  // 维持原处理意见: the case worker asks, a supervisor approves or refuses.
  'POST /complaints/{id}/decision-maintenance-request': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/decision-maintained': [NOT_ROLE, NOT_ROLE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/decision-maintenance-refusal': [NOT_ROLE, NOT_ROLE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  // 责任认定 is the owning department's (head office by default): a supervisor at this sub-branch is refused like the other roles.
  'POST /complaints/{id}/responsibility-decision': [NOT_ROLE, NOT_ROLE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  // 签字确认 by the unit head of the unit answering for the case; the outlet below has none, so the sub-branch's head signs (complaint-process e2e: the 403s).
  'POST /complaints/{id}/close': [NOT_ROLE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/withdraw': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  // Evidence is filed by case workers (like notes) and read by whoever may read the case.
  'POST /complaints/{id}/attachments': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'GET /complaints/{id}/attachments/{sha256}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  // Crypto-shredding on a lawful request: an admin's act, within the admin's subtree.
  'POST /complaints/{id}/customer/erasure': [NOT_ROLE, NOT_ROLE, NOT_ROLE, NOT_ROLE, REFUSED, IN_SCOPE],

  'GET /findings/{id}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /findings/{id}/state': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /findings/{id}/history': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /findings/{id}/verify': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /findings/{id}/audit-pack': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'POST /findings/{id}/plan': [IN_SCOPE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/progress': [IN_SCOPE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/report': [IN_SCOPE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/verify': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  // A plan beyond the deadline is approved or refused by the inspectors, as they re-inspect.
  'POST /findings/{id}/approve-plan': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/reject-plan': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/escalate': [NOT_ROLE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  // Photos of the rectification from the unit, and the inspectors' own.
  'POST /findings/{id}/attachments': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'GET /findings/{id}/attachments/{sha256}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /findings/{id}/close': [NOT_ROLE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],

  'GET /circulars': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /circulars/counts': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /circulars': [REFUSED, REFUSED, CREATES, CREATES, REFUSED, REFUSED],
  'GET /circulars/{id}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /circulars/{id}/state': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /circulars/{id}/history': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /circulars/{id}/audit-pack': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'GET /circulars/{id}/attachments/{sha256}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /circulars/{id}/attachments': [UNSEEN, UNSEEN, UNSEEN, UNSEEN, REFUSED, UNSEEN],
  'POST /circulars/{id}/edit': [UNSEEN, UNSEEN, UNSEEN, UNSEEN, REFUSED, UNSEEN],
  'POST /circulars/{id}/issue': [UNSEEN, UNSEEN, UNSEEN, UNSEEN, REFUSED, UNSEEN],
  'POST /circulars/{id}/acknowledge': [RECIPIENT_ONLY, RECIPIENT_ONLY, RECIPIENT_ONLY, RECIPIENT_ONLY, REFUSED, NOT_ROLE],
  'POST /circulars/{id}/withdraw': [NOT_ROLE, NOT_ROLE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /inspections': [REFUSED, REFUSED, CREATES, CREATES, REFUSED, REFUSED],
  'POST /inspections/{id}/findings': [REFUSED, REFUSED, CREATES, CREATES, REFUSED, REFUSED],
  'GET /inspections/{id}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /inspections/{id}/state': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /inspections/{id}/history': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /inspections/{id}/results': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'POST /inspections/{id}/close': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'POST /inspections/{id}/attachments': [NOT_ROLE, NOT_ROLE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'GET /inspections/{id}/attachments/{sha256}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /inspections/{id}/report': [NOT_ROLE, OWN_UNIT_ONLY, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  // Checklist templates bind the whole bank, as SLA policies do.
  'GET /checklists': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /checklists/{id}': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'PUT /checklists/{id}': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],

  // Violations (违规服务): recorded by inspectors, supervisors and unit heads, penalised by supervisors, appealed by the
  // employee's unit. The matrix's penalties are decided at the branch, so only head office hears the appeal (403 here).
  'GET /violations': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'POST /violations': [REFUSED, CREATES, CREATES, CREATES, REFUSED, REFUSED],
  'GET /violations/{id}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /violations/{id}/state': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /violations/{id}/history': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  'GET /violations/{id}/audit-pack': [REFUSED, IN_SCOPE, IN_SCOPE, REFUSED, OPEN, REFUSED],
  'POST /violations/{id}/penalty': [NOT_ROLE, NOT_ROLE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /violations/{id}/appeal': [IN_SCOPE, IN_SCOPE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /violations/{id}/appeal-decision': [NOT_ROLE, NOT_ROLE, NOT_ROLE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /violations/{id}/attachments': [NOT_ROLE, IN_SCOPE, IN_SCOPE, IN_SCOPE, REFUSED, NOT_ROLE],
  'GET /violations/{id}/attachments/{sha256}': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],
  // 服务档案: supervisors and unit heads over the employee's unit, and auditors; for anyone else the employee does not exist.
  'GET /staff/{staffId}/service-file': [HIDDEN, IN_SCOPE, IN_SCOPE, HIDDEN, OPEN, HIDDEN],
  // Erasing an employee's personal data is an admin's act within the admin's subtree, as a customer's is; the role is checked
  // first, so no one else learns whether the employee exists.
  'POST /staff/{staffId}/erasure': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, IN_SCOPE],
  // The staff list forms pick from: every role in its units; names masked for handlers and inspectors.
  'GET /organisation/staff': [IN_SCOPE, IN_SCOPE, IN_SCOPE, IN_SCOPE, OPEN, IN_SCOPE],

  // Policies and calendars bind the whole bank: only head office edits them, and these users sit at a sub-branch.
  'GET /sla/policies': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'PUT /sla/policies': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
  'GET /calendars/{id}': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'GET /calendars/{id}/due': [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN],
  'PUT /calendars/{id}': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
  'POST /calendars/{id}/import': [REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED],
  'POST /sla/simulate': [REFUSED, REFUSED, OPEN, REFUSED, OPEN, REFUSED],

  'POST /complaints/{id}/clocks/{clockId}/pause': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/clocks/{clockId}/resume': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/clocks/{clockId}/extend': [NOT_ROLE, ABOVE_ONLY, ABOVE_ONLY, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /complaints/{id}/clocks/{clockId}/reset': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/clocks/{clockId}/pause': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/clocks/{clockId}/resume': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/clocks/{clockId}/extend': [NOT_ROLE, ABOVE_ONLY, ABOVE_ONLY, NOT_ROLE, REFUSED, NOT_ROLE],
  'POST /findings/{id}/clocks/{clockId}/reset': [IN_SCOPE, IN_SCOPE, IN_SCOPE, NOT_ROLE, REFUSED, NOT_ROLE],
};

/** POSTs that only read (a login, a what-if): auditors may call them, and they too must store nothing. */
const READ_ONLY_POSTS = new Set(['POST /auth/token', 'POST /sla/simulate']);

const CALENDAR_FILE = join(__dirname, '../../config/sla/calendars/cn-mainland-2026.ics');

describe('The access matrix: every route × every role × own unit, a unit below, a sibling, the parent', () => {
  let api: ApiTestApp;
  let cases: CaseFactory;
  let sla: SlaReference;
  let endpoints: Map<string, Endpoint>;
  const tokens = new Map<Role, string>();
  const observed = new Map<string, Partial<Record<Role, Statuses>>>();

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: MATRIX_SLA_POLICIES, env: { ORG_CONFIG_FILE: MATRIX_ORG_FILE } });
    endpoints = new Map((await listEndpoints(api.app)).map((endpoint) => [endpoint.key, endpoint]));
    for (const role of ROLES) tokens.set(role, await signIn(api, matrixUser(role)));
    cases = await CaseFactory.start(api);
    const headOffice = await signIn(api, SETUP_USERS.supervisor);
    const { version: _version, ...policySet } = (await send(api, headOffice, { method: 'GET', path: '/sla/policies' }).expect(200)).body;
    const calendar = (await send(api, headOffice, { method: 'GET', path: '/calendars/cn-mainland' }).expect(200)).body;
    sla = { policySet, calendar, ics: readFileSync(CALENDAR_FILE, 'utf8') };
  }, 120_000);
  afterAll(async () => {
    const report = writeMatrixReport(ROLES, observed);
    console.log(`Access matrix written to ${report}`);
    await api?.close();
  });

  /** The request of one cell: a case at the relation's unit in the stage the route needs, and a valid body. */
  const prepare = async (endpoint: Endpoint, role: Role, relation: Relation): Promise<HttpCall> => {
    const parts = await REQUESTS[endpoint.key]({ unitId: UNIT_OF[relation], username: matrixUser(role), cases, sla, api });
    return { method: endpoint.method, path: fillPath(endpoint.path, parts.params ?? {}), query: parts.query, body: parts.body, contentType: parts.contentType };
  };

  /** A refused request changes nothing, so the refused cells of a route and relation share one prepared request. */
  const refusedCalls = new Map<string, Promise<HttpCall>>();
  const prepareRefused = (endpoint: Endpoint, role: Role, relation: Relation): Promise<HttpCall> => {
    const key = `${endpoint.key} at ${relation}`;
    if (!refusedCalls.has(key)) refusedCalls.set(key, prepare(endpoint, role, relation));
    return refusedCalls.get(key)!;
  };

  /** Sends the call and, unless it is a GET, counts the events it stored. */
  const attempt = async (role: Role, call: HttpCall): Promise<{ status: number; problem: string; stored: number }> => {
    const counts = call.method !== 'GET';
    const before = counts ? await storedEventCount(api.app) : 0;
    const response = await send(api, tokens.get(role), call);
    const stored = counts ? (await storedEventCount(api.app)) - before : 0;
    const problem = response.status >= 400 ? `${response.body?.type ?? ''} ${response.body?.detail ?? response.body?.message ?? ''}`.trim() : '';
    return { status: response.status, problem, stored };
  };

  it('lists every route the API serves, and no route it no longer serves', () => {
    const served = [...endpoints.keys()].sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(served);
    expect(Object.keys(REQUESTS).sort()).toEqual(served);
  });

  it.each(Object.keys(EXPECTED))(
    '%s answers each role and relation as the table says, storing nothing when refused',
    async (key) => {
      const endpoint = endpoints.get(key);
      if (!endpoint) throw new Error(`${key} is in the table but the API no longer serves it`);
      const cells = ROLES.flatMap((role, column) => RELATIONS.map((relation, index) => ({ role, relation, expected: EXPECTED[key][column][index] })));
      const calls = await Promise.all(cells.map(({ role, relation, expected }) => (expected >= 400 ? prepareRefused : prepare)(endpoint, role, relation)));
      const problems: string[] = [];
      const row: Partial<Record<Role, number[]>> = {};
      for (const [index, { role, relation, expected }] of cells.entries()) {
        const { status, problem, stored } = await attempt(role, calls[index]);
        (row[role] ??= []).push(status);
        if (status !== expected) problems.push(`${role} on a case at ${relation} (${UNIT_OF[relation]}): expected ${expected}, got ${status} ${problem}`);
        if (status >= 400 && stored !== 0) problems.push(`${role} at ${relation}: refused with ${status} yet ${stored} event(s) stored`);
      }
      observed.set(key, row as Partial<Record<Role, Statuses>>);
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it('auditors change nothing: every mutating route in every relation is refused with 403 and stores nothing', async () => {
    const mutating = [...endpoints.values()].filter((endpoint) => endpoint.method !== 'GET');
    expect(mutating.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const endpoint of mutating) {
      for (const relation of RELATIONS) {
        const { status, stored } = await attempt('auditor', await (READ_ONLY_POSTS.has(endpoint.key) ? prepare : prepareRefused)(endpoint, 'auditor', relation));
        const expected = READ_ONLY_POSTS.has(endpoint.key) ? 200 : 403;
        if (status !== expected || stored !== 0) problems.push(`${endpoint.key} at ${relation}: ${status}, ${stored} event(s) stored`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses the SLA, checklist and scoring scheme edits above for want of access alone: head office makes the very same requests', async () => {
    const headOffice = await signIn(api, SETUP_USERS.supervisor);
    for (const key of ['PUT /sla/policies', 'PUT /calendars/{id}', 'POST /calendars/{id}/import', 'PUT /checklists/{id}', 'PUT /scoring/schemes/{id}']) {
      const call = await prepare(endpoints.get(key)!, 'supervisor', 'own');
      expect((await send(api, headOffice, call)).status).toBe(200);
    }
  });
});
