import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { CIRCULARS, COMPLAINTS, CaseCommandHandler, FINDINGS, INSPECTIONS, VIOLATIONS, type AggregateType } from '@duban/cases';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { textDefect } from '@duban/http-problem';
import { CALENDAR_ID } from '@duban/sla';
import type { AnyMachineSnapshot } from 'xstate';
import { CIRCULAR_COMMAND_ROUTES } from '../../apps/api/src/circulars/circular-routes';
import { COMPLAINT_COMMAND_ROUTES } from '../../apps/api/src/complaints/complaint-routes';
import { FINDING_COMMAND_ROUTES } from '../../apps/api/src/findings/finding-routes';
import { INSPECTION_COMMAND_ROUTES } from '../../apps/api/src/inspections/inspection-routes';
import { VIOLATION_COMMAND_ROUTES } from '../../apps/api/src/violations/violation-routes';
import { listEndpoints, storedEventCount } from '../support/api-endpoints';
import { DEMO_PASSWORD, SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { complaintBody, deadlineFindingBody, HAICHENG, HAICHENG_OUTLET, registerComplaint } from '../support/demo-requests';
import {
  hostileRequests,
  POLLUTION_MARKER,
  RawHttpClient,
  routeModelOf,
  type Caller,
  type FuzzContext,
  type HostileRequest,
  type OpenApiDocument,
  type RawResponse,
  type RouteModel,
} from '../support/hostile-input';

/**
 * Issue 7 (hardening): every endpoint, driven with generated hostile input, answers a 4xx
 * problem+json (never a 5xx, a stack trace or an internal name) and records nothing.
 *
 * Each endpoint is driven with every category of hostile input that applies to it (malformed JSON,
 * wrong types, missing and unknown fields, oversized strings and bodies, harmful and odd characters,
 * invalid UTF-8, prototype keys, deep nesting, content types, hostile and foreign ids, invalid
 * instants, bad tokens, bad query values...); the runs are shared evenly among endpoint and category.
 *
 *   FUZZ_RUNS     requests in total (default 3000; `npm run fuzz` sends 100,000)
 *   FUZZ_SEED     the run's seed, printed with any failure: the same seed replays the same requests
 *   FUZZ_ROUTE    only this endpoint, e.g. "POST /complaints"; FUZZ_CATEGORY only this category
 *   FUZZ_PATH     fast-check's path of a counterexample (printed with it), to replay just that one
 *   FUZZ_VERBOSE  print the requests sent per endpoint and category
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const SEED = process.env.FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x100000000)) | 0 : Number(process.env.FUZZ_SEED);
const ONLY_ROUTE = process.env.FUZZ_ROUTE;
const ONLY_CATEGORY = process.env.FUZZ_CATEGORY;
const REPLAY_PATH = process.env.FUZZ_PATH;
const VERBOSE = process.env.FUZZ_VERBOSE !== undefined;

/** The seed of one endpoint and category, derived from the run's: routes of the same shape do not get the same requests. */
function seedOf(route: string, category: string): number {
  let hash = SEED | 0;
  for (const character of `${route}\n${category}`) hash = (Math.imul(hash ^ character.codePointAt(0)!, 0x01000193) + 0x9e3779b9) | 0;
  return hash;
}
jest.setTimeout(Math.max(600_000, RUNS * 30));

const ICS_FILE = join(__dirname, '../../config/sla/calendars/cn-mainland-2026.ics');

/** What must never reach a client: stack frames, file paths, source files, error classes, framework and storage internals. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['a stack frame', /\bat (?:async )?[\w$.<>]+ \(|\bat \S+:\d+:\d+/],
  ['a file path', /(?:^|[\s"'(])\/(?:work|home|root|usr|tmp|var|opt|app|srv|src|dist)\/[\w./-]+|[A-Za-z]:\\[\w\\]/],
  ['a source file', /\b[\w-]+\.(?:ts|js|mjs|cjs)(?::\d+)?\b/],
  ['node_modules', /node_modules/],
  ['an error class', /\b(?:TypeError|RangeError|ReferenceError|SyntaxError|URIError|EvalError|AggregateError)\b/],
  ['an internal class', /\b[A-Z][A-Za-z]+(?:Exception|Error|Dto|Controller|Service|Module|Pipe|Guard|Filter|Interceptor|Repository|Handler|Constraint)\b/],
  ['storage internals', /SQLITE_\w+|\bsqlite3?\b|better-sqlite3|\bSELECT\b[\s\S]+\bFROM\b|EventStoreDB|esdb:\/\//i],
];

type Seeded = { kind: 'complaint' | 'finding' | 'inspection' | 'violation' | 'circular'; id: string; label: string; unitId: string };

describe('Hostile input: every endpoint answers a 4xx problem and records nothing', () => {
  let api: ApiTestApp;
  let client: RawHttpClient;
  let store: EventStore;
  let document: OpenApiDocument;
  let routes: RouteModel[];
  let context: FuzzContext;
  const seeded: Seeded[] = [];
  const hidden: Seeded[] = [];
  const tokens = new Map<DemoUser, string>();
  const clockIds = { complaint: new Set<string>(), finding: new Set<string>() };
  let revisions: Map<string, { revision: number; state: string }>;
  let eventsBefore: number;
  let prototypeBefore: string[];

  const users: DemoUser[] = ['handler.haicheng', 'head.haicheng', 'handler.daoxi', 'supervisor.anshan', 'supervisor.hq', 'inspector.anshan', 'auditor', 'admin'];
  const caller = (user: DemoUser): Caller => ({ name: user, token: tokens.get(user)! });

  beforeAll(async () => {
    prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES });
    await api.app.listen(0, '127.0.0.1');
    client = new RawHttpClient((api.app.getHttpServer().address() as AddressInfo).port);
    store = api.app.get<EventStore>(EVENT_STORE);
    for (const user of users) {
      const response = await api.anonymous().post('/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(200);
      tokens.set(user, response.body.accessToken as string);
    }
    await seedCases();
    document = (await request(api.app.getHttpServer()).get('/docs-json').expect(200)).body as OpenApiDocument;
    context = await fuzzContext();
    const endpoints = await listEndpoints(api.app);
    routes = endpoints.map((endpoint) => routeModelOf(document, endpoint, (target) => context.baselineBody({ endpoint: target, isPublic: false, requiredQuery: [] })));
    revisions = await currentRevisions();
    eventsBefore = await storedEventCount(api.app);
  });

  afterAll(async () => {
    client?.close();
    await api?.close();
  });

  /** Cases in each interesting state, a finding in each, inspections open and closed; one case outside haicheng. */
  async function seedCases(): Promise<void> {
    const as = (user: DemoUser): Promise<ApiClient> => api.as(user);
    const [handler, head, inspector, daoxi] = await Promise.all([as('handler.haicheng'), as('head.haicheng'), as('inspector.anshan'), as('handler.daoxi')]);
    const complaint = (id: string, label: string): void => void seeded.push({ kind: 'complaint', id, label, unitId: HAICHENG_OUTLET });
    const reply = (responsibility: 'valid' | 'customer') => ({ responsibility, text: '经核实已答复客户', channel: 'phone' });
    const findingOf = async (complaintId: string): Promise<string> =>
      (await handler.post(`/complaints/${complaintId}/reply`, reply('valid')).expect(200)).body.linkedFindingIds[0] as string;

    complaint(await registerComplaint(handler), 'received');
    const escalated = await registerComplaint(handler);
    await head.post(`/complaints/${escalated}/escalate`, { reason: '需支行协调' }).expect(200);
    complaint(escalated, 'escalated');
    const replied = await registerComplaint(handler);
    await handler.post(`/complaints/${replied}/reply`, reply('customer')).expect(200);
    complaint(replied, 'replied');
    const verified = await registerComplaint(handler);
    await handler.post(`/complaints/${verified}/reply`, reply('customer')).expect(200);
    await head.post(`/complaints/${verified}/verify`, { satisfied: true }).expect(200);
    complaint(verified, 'verified');
    const closed = await registerComplaint(handler);
    await handler.post(`/complaints/${closed}/reply`, reply('customer')).expect(200);
    await head.post(`/complaints/${closed}/verify`, { satisfied: true }).expect(200);
    await head.post(`/complaints/${closed}/close`).expect(200);
    complaint(closed, 'closed');
    const withdrawn = await registerComplaint(handler);
    await handler.post(`/complaints/${withdrawn}/withdraw`, { reason: '客户撤回' }).expect(200);
    complaint(withdrawn, 'withdrawn');

    const finding = (id: string, label: string): void => void seeded.push({ kind: 'finding', id, label, unitId: HAICHENG_OUTLET });
    const withFinding = await registerComplaint(handler);
    finding(await findingOf(withFinding), 'received');
    complaint(withFinding, 'replied valid');
    const planned = await findingOf(await registerComplaint(handler));
    await handler.post(`/findings/${planned}/plan`, { measures: ['每日核库'], ownerId: 'head.haicheng', dueAt: '2025-04-01T00:00:00Z' }).expect(200);
    finding(planned, 'planned');
    const done = await findingOf(await registerComplaint(handler));
    await handler.post(`/findings/${done}/plan`, { measures: ['每日核库'], ownerId: 'head.haicheng', dueAt: '2025-04-01T00:00:00Z' }).expect(200);
    await handler.post(`/findings/${done}/report`, { text: '已整改' }).expect(200);
    await inspector.post(`/findings/${done}/verify`, { passed: true }).expect(200);
    await head.post(`/findings/${done}/close`).expect(200);
    finding(done, 'closed');

    const open = (await inspector.post('/inspections', { kind: 'mystery_shopper', unitId: HAICHENG, scope: '服务礼仪' }).expect(201)).body.id as string;
    const raised = await inspector.post(`/inspections/${open}/findings`, deadlineFindingBody()).expect(201);
    finding(raised.body.id as string, 'raised by an inspection');
    seeded.push({ kind: 'inspection', id: open, label: 'open', unitId: HAICHENG });
    const shut = (await inspector.post('/inspections', { kind: 'onsite', unitId: HAICHENG, scope: '环境设施' }).expect(201)).body.id as string;
    await inspector.post(`/inspections/${shut}/close`, { summary: '无问题' }).expect(200);
    seeded.push({ kind: 'inspection', id: shut, label: 'closed', unitId: HAICHENG });

    const [supervisor, hqSupervisor] = await Promise.all([as('supervisor.anshan'), as('supervisor.hq')]);
    const violation = (id: string, label: string): void => void seeded.push({ kind: 'violation', id, label, unitId: HAICHENG_OUTLET });
    const recordViolation = async (): Promise<string> =>
      (await inspector.post('/violations', { staffId: 'E10001', category: 'attitude', description: '态度冷漠' }).expect(201)).body.id as string;
    violation(await recordViolation(), 'recorded');
    const penalised = await recordViolation();
    await supervisor.post(`/violations/${penalised}/penalty`, { points: 2, reason: '造成客户投诉' }).expect(200);
    violation(penalised, 'penalised');
    const appealed = await recordViolation();
    await supervisor.post(`/violations/${appealed}/penalty`, { amountFen: 20000, reason: '造成客户投诉' }).expect(200);
    await head.post(`/violations/${appealed}/appeal`, { grounds: '当日系统故障' }).expect(200);
    violation(appealed, 'appealed');
    const annulled = await recordViolation();
    await supervisor.post(`/violations/${annulled}/penalty`, { points: 1, reason: '造成客户投诉' }).expect(200);
    await head.post(`/violations/${annulled}/appeal`, { grounds: '非本人' }).expect(200);
    await hqSupervisor.post(`/violations/${annulled}/appeal-decision`, { outcome: 'annulled', reason: '监控显示非本人' }).expect(200);
    violation(annulled, 'annulled');
    const circular = { kind: 'circular', title: '关于服务检查情况的通报', content: '予以通报。', recipientUnitIds: [HAICHENG_OUTLET] };
    const draft = (await supervisor.post('/circulars', circular).expect(201)).body.id as string;
    seeded.push({ kind: 'circular', id: draft, label: 'draft', unitId: 'anshan' });
    const issued = (await supervisor.post('/circulars', circular).expect(201)).body.id as string;
    await supervisor.post(`/circulars/${issued}/issue`).expect(200);
    seeded.push({ kind: 'circular', id: issued, label: 'issued', unitId: 'anshan' });

    hidden.push({ kind: 'complaint', id: await registerComplaint(daoxi, { unitId: 'anshan-daoxi' }), label: 'daoxi', unitId: 'anshan-daoxi' });
    for (const { kind, id } of seeded.filter((record) => record.kind === 'complaint' || record.kind === 'finding')) {
      const view = (await handler.get(`/${kind}s/${id}`).expect(200)).body as { clocks?: { clockId: string }[] };
      for (const clock of view.clocks ?? []) clockIds[kind as 'complaint' | 'finding'].add(clock.clockId);
    }
  }

  async function currentRevisions(): Promise<Map<string, { revision: number; state: string }>> {
    const hq = await api.as('supervisor.hq');
    const found = new Map<string, { revision: number; state: string }>();
    for (const { kind, id } of [...seeded, ...hidden]) {
      const body = (await hq.get(`/${kind}s/${id}`).expect(200)).body as { revision: number; state: string };
      found.set(id, { revision: body.revision, state: body.state });
    }
    return found;
  }

  /** Everything the generators need to know about the app: who may call what, real ids, valid bodies, tokens that authenticate nobody. */
  async function fuzzContext(): Promise<FuzzContext> {
    const hq = await api.as('supervisor.hq');
    const { version: _policyVersion, ...policySet } = (await hq.get('/sla/policies').expect(200)).body as Record<string, unknown>;
    const { id: _calendarId, version: _calendarVersion, ...calendar } = (await hq.get('/calendars/cn-mainland').expect(200)).body as Record<string, unknown>;
    const ics = readFileSync(ICS_FILE, 'utf8');
    const idsOf = (kind: Seeded['kind']): string[] => seeded.filter((record) => record.kind === kind).map((record) => record.id);
    const kindOf = (route: RouteModel): Seeded['kind'] | undefined =>
      /^\/(complaint|finding|inspection|violation|circular)s\//.exec(route.endpoint.path)?.[1] as Seeded['kind'] | undefined;
    const now = api.clock.now();

    const checklist = JSON.parse(readFileSync(join(__dirname, '../../config/checklists/counter-service.json'), 'utf8')) as object;
    const scoringScheme = JSON.parse(readFileSync(join(__dirname, '../../config/scoring/quarterly-service.json'), 'utf8')) as object;
    const bodies: Record<string, unknown> = {
      TokenRequestDto: { username: 'handler.haicheng', password: DEMO_PASSWORD },
      RegisterComplaintDto: complaintBody({
        receivedAt: '2025-03-01T08:00:00+08:00',
        priority: 'urgent',
        resolvedOnSpot: { reply: { responsibility: 'customer', text: '当场解释', channel: 'in_person' } },
      }),
      AssignComplaintDto: { assigneeId: 'handler.haicheng' },
      HandOverComplaintDto: { managerId: 'manager.haicheng' },
      PromiseReplyDto: { promisedBy: '2099-01-05T09:00:00Z' },
      TransferComplaintDto: { toUnitId: 'anshan-daoxi', reason: '登记网点有误' },
      ReferComplaintDto: { reason: '超出网点权限' },
      AddComplaintNoteDto: { text: '已调阅监控' },
      ReclassifyComplaintDto: { type: 'investigation', category: 'process' },
      EscalateDto: { reason: '需支行协调' },
      ReplyToComplaintDto: { responsibility: 'customer', text: '已向客户解释', channel: 'phone' },
      VerifyComplaintDto: { satisfied: false, note: '客户仍不满意' },
      RecordContactAttemptDto: { attemptedAt: '2020-01-01T01:00:00Z', channel: 'phone', reached: false, note: '无人接听' },
      RecordCustomerUnreachableDto: { note: '三次联系未果' },
      RequestDecisionMaintainedDto: { note: '客户未提出新的理由' },
      MaintainDecisionDto: { note: '处理意见符合规定，维持原处理' },
      RefuseDecisionMaintainedDto: { reason: '录像尚未调阅' },
      DecideResponsibilityDto: { responsibility: 'customer', reason: '经调阅监控，属客户责任' },
      WithdrawComplaintDto: { reason: '客户撤回' },
      EraseCustomerDataDto: { reason: '客户依法申请删除个人信息', requestReference: 'DPR-2026-0001' },
      ErasureRequestDto: { reason: '员工离职后依法申请删除个人信息', requestReference: 'DPR-2026-0002' },
      PlanRectificationDto: { measures: ['每日核库', '主管签字'], ownerId: 'head.haicheng', dueAt: new Date(now.getTime() + 30 * 86_400_000).toISOString() },
      ReportRectificationDto: { text: '已整改' },
      RejectPlanDto: { reason: '延期理由不充分' },
      VerifyFindingDto: { passed: false, note: '复查仍未落实', dueAt: new Date(now.getTime() + 60 * 86_400_000).toISOString() },
      OpenInspectionDto: { kind: 'mystery_shopper', unitId: HAICHENG, scope: '服务礼仪' },
      AddInspectionFindingDto: { unitId: HAICHENG_OUTLET, category: 'internal_control', description: '未按时核库', severity: 'major', mode: 'on_spot', report: '已现场纠正' },
      CloseInspectionDto: { summary: '问题总结' },
      RecordViolationDto: { staffId: 'E10003', checklistId: 'counter-service', itemId: 'notes-locked', description: '离柜未锁印章' },
      DecidePenaltyDto: { points: 2, amountFen: 20000, reason: '造成客户投诉' },
      AppealViolationDto: { grounds: '当日系统故障' },
      DecideAppealDto: { outcome: 'changed', points: 1, reason: '情节较轻' },
      ReportSelfInspectionDto: { report: '自查完毕，发现问题已列入整改' },
      RecordProgressDto: { milestone: 1, note: '一米线已采购到位', completed: true },
      RecordItemResultsDto: { results: [{ itemId: 'dress', outcome: 'fail', deducted: 2, note: '未佩戴工号牌' }] },
      PauseClockDto: { reason: 'awaiting_customer' },
      ExtendClockDto: { reason: '案情复杂', customerNotifiedAt: now.toISOString(), duration: 'P30D' },
      ResetClockDto: { reason: '客户补充了新的材料' },
      DraftCircularDto: { kind: 'briefing', title: '服务工作简报', content: '本月检查情况。', recipientUnitIds: [HAICHENG_OUTLET] },
      EditCircularDto: { title: '关于服务检查情况的通报（修订）' },
      WithdrawCircularDto: { reason: '内容有误，另行通报' },
      SimulatePolicyDto: { policySet, calendars: [{ id: 'cn-mainland', ...calendar }], from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00+08:00', groupBy: 'branch' },
    };

    const jwt = api.app.get(JwtService);
    const valid = tokens.get('handler.haicheng')!;
    const [header, payload, signature] = valid.split('.') as [string, string, string];
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const { iat: _iat, exp: _exp, ...identity } = claims;
    const otherSecret = new JwtService({ secret: 'another-secret-that-is-long-enough-0123456789' });
    const badAuthorizations: (string | undefined)[] = [
      undefined,
      'Bearer',
      'Bearer ',
      'bearer',
      valid,
      `Token ${valid}`,
      `Basic ${Buffer.from(`admin:${DEMO_PASSWORD}`).toString('base64')}`,
      'Bearer x.y.z',
      `Bearer ${'a'.repeat(8_000)}`,
      `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, sub: 'admin', role: 'admin', unitId: 'hq' })}.`,
      `Bearer ${header}.${encode({ ...claims, role: 'admin' })}.${signature}`,
      `Bearer ${header}.${payload}`,
      `Bearer ${header}.${payload}.${signature.slice(0, -2)}AA`,
      `Bearer ${valid} ${valid}`,
      `Bearer ${otherSecret.sign(identity, { algorithm: 'HS256', expiresIn: 600 })}`,
      `Bearer ${jwt.sign({ sub: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET, name: 'x', exp: 946_684_800 }, { algorithm: 'HS256' })}`,
      `Bearer ${jwt.sign({ sub: 'ghost', role: 'admin', unitId: 'hq', name: 'ghost' }, { algorithm: 'HS256', expiresIn: 600 })}`,
      `Bearer ${jwt.sign({ sub: 'handler.haicheng', role: 'supervisor', unitId: 'hq', name: 'x' }, { algorithm: 'HS256', expiresIn: 600 })}`,
      `Bearer ${jwt.sign({ sub: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET, name: 'x' }, { algorithm: 'HS512', expiresIn: 600 })}`,
    ];

    const printable = (text: string): boolean => textDefect(text) === null && text.trim() !== '';
    const wrongCredentials = fc
      .record({
        username: fc.oneof(fc.constantFrom(...users), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }).filter(printable)),
        password: fc
          .oneof(fc.constantFrom('', 'Demo-password', 'demo-password ', ' demo-password', 'demo-password\u200b'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }))
          .filter((password) => printable(password) && password !== DEMO_PASSWORD),
      })
      .filter(({ username }) => [...username].length <= 64);

    return {
      callers(route) {
        const { method, path } = route.endpoint;
        if (route.isPublic) return [{ name: 'anonymous' }];
        const pick = (...names: DemoUser[]): Caller[] => names.map(caller);
        if ((method === 'PUT' && /^\/(sla\/policies|calendars\/|checklists\/|scoring\/schemes\/)/.test(path)) || path === '/calendars/{id}/import')
          return pick('admin', 'supervisor.hq');
        if (path === '/sla/simulate') return pick('supervisor.hq', 'supervisor.anshan', 'auditor');
        if (path === '/queues/sign-off') return pick('head.haicheng', 'auditor');
        if (path === '/reports/rectification') return pick('supervisor.hq', 'supervisor.anshan', 'head.haicheng', 'inspector.anshan', 'auditor');
        if (/^\/(reports\/|queues\/(overdue|escalated)|audit\/packs)|\/audit-pack$/.test(path)) return pick('supervisor.hq', 'supervisor.anshan', 'head.haicheng', 'auditor');
        if (method === 'POST' && path.startsWith('/inspections')) return pick('inspector.anshan', 'supervisor.anshan', 'supervisor.hq');
        if (method === 'POST' && path.startsWith('/violations')) return pick('inspector.anshan', 'head.haicheng', 'supervisor.anshan', 'supervisor.hq');
        if (path === '/staff/{staffId}/service-file') return pick('head.haicheng', 'supervisor.anshan', 'auditor');
        if (path === '/complaints/{id}/customer/erasure' || path === '/staff/{staffId}/erasure') return pick('admin');
        if (method === 'POST' && path.startsWith('/complaints')) return pick('handler.haicheng', 'head.haicheng', 'supervisor.anshan', 'supervisor.hq');
        if (method === 'POST' && path.startsWith('/findings')) return pick('handler.haicheng', 'head.haicheng', 'inspector.anshan', 'supervisor.hq');
        if (method === 'GET') return pick('handler.haicheng', 'head.haicheng', 'supervisor.anshan', 'supervisor.hq', 'inspector.anshan', 'auditor');
        return pick('supervisor.hq');
      },
      pathValues(route, parameter) {
        if (parameter === 'clockId') return [...clockIds[kindOf(route) === 'finding' ? 'finding' : 'complaint']];
        if (parameter === 'aggregate') return ['complaint', 'finding', 'inspection'];
        if (route.endpoint.path.startsWith('/calendars/')) return ['cn-mainland'];
        if (route.endpoint.path.startsWith('/checklists/')) return ['counter-service'];
        if (route.endpoint.path.startsWith('/scoring/schemes/')) return ['quarterly-service'];
        if (parameter === 'staffId') return ['E10001', 'E10002'];
        const kind = kindOf(route);
        if (kind !== undefined) return idsOf(kind);
        throw new Error(`No real values for {${parameter}} of ${route.endpoint.key}: teach fuzzContext().pathValues about it`);
      },
      foreignValues(route, parameter, who) {
        const kind = kindOf(route);
        if (parameter !== 'id' || kind === undefined) return [];
        const otherKinds = seeded.filter((record) => record.kind !== kind).map((record) => record.id);
        const outOfScope = who.name === 'handler.haicheng' || who.name === 'head.haicheng' ? hidden.filter((record) => record.kind === kind).map((record) => record.id) : [];
        return [...otherKinds, ...outOfScope];
      },
      creates: (route, parameter, value) => route.endpoint.method === 'PUT' && parameter === 'id' && CALENDAR_ID.test(value),
      baselineBody(route) {
        const operation = document.paths[route.endpoint.path][route.endpoint.method.toLowerCase()];
        if (operation.requestBody === undefined) return undefined;
        const content = operation.requestBody.content;
        if (content['text/calendar']) return ics;
        if (content['application/pdf']) return '%PDF-1.7\n投诉信函\n%%EOF\n';
        const ref = content['application/json']?.schema.$ref;
        const name = ref?.split('/').at(-1);
        if (name !== undefined && name in bodies) return bodies[name];
        if (route.endpoint.key === 'PUT /sla/policies') return policySet;
        if (route.endpoint.key === 'PUT /calendars/{id}') return calendar;
        if (route.endpoint.key === 'PUT /checklists/{id}') return checklist;
        if (route.endpoint.key === 'PUT /scoring/schemes/{id}') return scoringScheme;
        if (content['application/json']?.schema.type === 'object' && content['application/json']?.schema.additionalProperties === false) return {};
        throw new Error(`No valid body for ${route.endpoint.key} (${name ?? 'inline schema'}): add one to fuzzContext()`);
      },
      baselineQuery(route) {
        if (route.endpoint.path.endsWith('/state')) return { entries: [['revision', '0']], required: ['revision'] };
        if (route.endpoint.path.endsWith('/attachments')) {
          const entries = [
            ['fileName', '投诉信函.pdf'],
            ['evidenceKind', 'letter_scan'],
            ['personalData', 'false'],
          ] as const;
          return { entries, required: entries.map(([name]) => name) };
        }
        if (route.endpoint.path === '/audit/packs')
          return {
            entries: [
              ['from', '2025-01-01T00:00:00Z'],
              ['to', '2025-02-01T00:00:00+08:00'],
            ],
            required: ['from', 'to'],
          };
        return { entries: [], required: [] };
      },
      badAuthorizations,
      wrongCredentials,
    };
  }

  /** Why the answer to a hostile request is wrong, or null when it is a proper refusal. */
  function faultOf(sent: HostileRequest, response: RawResponse): string | null {
    if (response.status < 400 || response.status > 499) return `status ${response.status}, not a 4xx`;
    if (sent.expect && !sent.expect.includes(response.status)) return `status ${response.status}, expected ${sent.expect.join(' or ')}`;
    if (!/^application\/problem\+json\b/.test(String(response.headers['content-type']))) return `content-type ${String(response.headers['content-type'])}`;
    let problem: Record<string, unknown>;
    try {
      problem = JSON.parse(response.text) as Record<string, unknown>;
    } catch {
      return 'a body that is not JSON';
    }
    for (const member of ['type', 'title', 'detail'] as const) if (typeof problem[member] !== 'string') return `no string "${member}"`;
    if (problem.status !== response.status) return `"status" ${String(problem.status)} differs from the HTTP status`;
    if ('stack' in problem) return 'a "stack" member';
    const sentText = `${decodeURIComponentSafe(sent.path)}\n${sent.path}\n${typeof sent.body === 'string' ? sent.body : (sent.body?.toString('utf8') ?? '')}`;
    for (const [what, pattern] of LEAKS) {
      const match = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
      for (const found of response.text.matchAll(match)) {
        if (!sentText.includes(found[0]) && !JSON.stringify(sentText).includes(found[0])) return `${what} leaks: "${found[0]}"`;
      }
    }
    return null;
  }

  const decodeURIComponentSafe = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };

  const describeRequest = (sent: HostileRequest): string => {
    const clip = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text);
    return `[${sent.category}] ${sent.method} ${clip(sent.path)} as ${sent.caller}\n  headers: ${JSON.stringify({ ...sent.headers, authorization: sent.headers.authorization ? clip(sent.headers.authorization) : undefined })}\n  body: ${Buffer.isBuffer(sent.body) ? `bytes ${clip(sent.body.toString('hex'))}` : clip(JSON.stringify(sent.body ?? null))}`;
  };

  /** Sends one hostile request and checks the refusal, the store's head and Object.prototype. */
  async function refused(sent: HostileRequest): Promise<void> {
    const head = await store.headPosition();
    const response = await client.send(sent);
    const fault = faultOf(sent, response);
    const clipped = response.text.length > 600 ? `${response.text.slice(0, 600)}…` : response.text;
    if (fault) throw new Error(`${fault}\n${describeRequest(sent)}\n  answer: ${response.status} ${clipped}`);
    const after = await store.headPosition();
    if (after !== head) throw new Error(`the store moved from position ${head} to ${after}\n${describeRequest(sent)}\n  answer: ${response.status} ${clipped}`);
    if ((Object.prototype as Record<string, unknown>)[POLLUTION_MARKER] !== undefined) throw new Error(`Object.prototype was polluted\n${describeRequest(sent)}`);
  }

  it('refuses generated hostile input on every endpoint with a 4xx problem+json, leaking nothing and writing nothing', async () => {
    const fuzzed = routes.filter((route) => route.body || route.endpoint.pathParameters.length > 0 || route.endpoint.queryParameters.length > 0 || !route.isPublic);
    // Nothing to refuse on a public route that takes no input: only the health probes and the metrics scrape are like that.
    expect(routes.filter((route) => !fuzzed.includes(route)).map((route) => route.endpoint.key)).toEqual(['GET /health/live', 'GET /health/ready', 'GET /metrics']);
    const runs = fuzzed
      .filter((route) => ONLY_ROUTE === undefined || route.endpoint.key === ONLY_ROUTE)
      .flatMap((route) => [...hostileRequests(route, context)].map(([category, requests]) => ({ route: route.endpoint.key, category, requests })))
      .filter((run) => ONLY_CATEGORY === undefined || run.category === ONLY_CATEGORY);
    expect(runs.length).toBeGreaterThan(0);
    // Rounded up: FUZZ_RUNS is a floor, so `npm run fuzz` sends at least 100,000 hostile requests.
    const runsEach = Math.max(1, Math.ceil(RUNS / runs.length));
    const failures: string[] = [];
    const sent = new Map<string, number>();
    for (const { route, category, requests } of runs) {
      const key = `${route} [${category}]`;
      try {
        await fc.assert(
          fc.asyncProperty(requests, async (hostile) => {
            sent.set(key, (sent.get(key) ?? 0) + 1);
            await refused(hostile);
          }),
          { numRuns: runsEach, seed: seedOf(route, category), ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }) },
        );
      } catch (error) {
        // fast-check 4 keeps the property's own error (what was sent, what came back) as the cause.
        const { message, cause } = error as Error & { cause?: unknown };
        const reason = cause instanceof Error ? `\n  ${cause.message}` : '';
        failures.push(
          `${key}: ${message.split('\nCounterexample:')[0]}${reason}\n  replay: FUZZ_SEED=${SEED} FUZZ_ROUTE="${route}" FUZZ_CATEGORY=${category} npx jest test/e2e/hostile-input.e2e-spec.ts`,
        );
      }
    }
    if (VERBOSE)
      process.stdout.write(
        `hostile input: seed ${SEED}, ${runs.length} endpoint categories, ${runsEach} runs each\n${[...sent].map(([key, count]) => `  ${key}: ${count}`).join('\n')}\n`,
      );
    if (failures.length > 0) throw new Error(`${failures.length} endpoint categories mishandled hostile input (seed ${SEED}):\n\n${failures.join('\n\n')}`);
    expect(runs.filter((run) => !sent.has(`${run.route} [${run.category}]`)).map((run) => `${run.route} [${run.category}]`)).toEqual([]);
  });

  it('answers valid-looking commands in the wrong state with 409 naming the allowed commands, and records nothing', async () => {
    type AnyAggregate = AggregateType<AnyMachineSnapshot, { type: string }>;
    const aggregates: Record<Seeded['kind'], AnyAggregate> = {
      complaint: COMPLAINTS as AnyAggregate,
      finding: FINDINGS as AnyAggregate,
      inspection: INSPECTIONS as AnyAggregate,
      violation: VIOLATIONS as AnyAggregate,
      circular: CIRCULARS as AnyAggregate,
    };
    const commandRoutes: Record<Seeded['kind'], Record<string, { path: string }>> = {
      complaint: COMPLAINT_COMMAND_ROUTES,
      finding: FINDING_COMMAND_ROUTES,
      inspection: { ...INSPECTION_COMMAND_ROUTES, 'add-finding': { path: 'findings' } },
      violation: VIOLATION_COMMAND_ROUTES,
      circular: CIRCULAR_COMMAND_ROUTES,
    };
    const byRole: Record<string, DemoUser> = {
      handler: 'handler.haicheng',
      unit_head: 'head.haicheng',
      supervisor: 'supervisor.anshan',
      inspector: 'inspector.anshan',
      admin: 'admin',
    };
    const commands = api.app.get(CaseCommandHandler);
    type Case = { record: Seeded; command: string; path: string; user: DemoUser; state: string; allowed: string[]; route: RouteModel };
    const cases: Case[] = [];
    for (const record of seeded) {
      const aggregate = aggregates[record.kind];
      const loaded = await commands.load(aggregate, record.id);
      const allowed = aggregate.decider.allowedCommands(loaded.state);
      for (const [command, { path }] of Object.entries(commandRoutes[record.kind])) {
        if (allowed.includes(command)) continue;
        const role = (aggregate.decider.roleGates as Record<string, readonly string[]>)[command].find((candidate) => byRole[candidate] !== undefined);
        const route = routes.find((candidate) => candidate.endpoint.key === `POST /${record.kind}s/{id}/${path}`);
        if (role === undefined || route === undefined) continue;
        cases.push({ record, command, path, user: byRole[role], state: aggregate.decider.statusOf(loaded.state), allowed, route });
      }
    }
    expect(cases.length).toBeGreaterThan(20);
    const asked = new Set<Case>();
    const property = fc.asyncProperty(
      fc.constantFrom(...cases),
      fc.option(fc.stringMatching(/^[\x21-\x7e]{1,64}$/), { nil: undefined }),
      fc.boolean(),
      async (wrong, idempotencyKey, withIfMatch) => {
        asked.add(wrong);
        const head = await store.headPosition();
        const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(wrong.user)!}`, 'content-type': 'application/json' };
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
        if (withIfMatch) headers['if-match'] = `"${revisions.get(wrong.record.id)!.revision}"`;
        const response = await client.send({
          method: 'POST',
          path: `/${wrong.record.kind}s/${wrong.record.id}/${wrong.path}`,
          headers,
          body: JSON.stringify(context.baselineBody(wrong.route)),
        });
        const where = `${wrong.command} on the ${wrong.record.label} ${wrong.record.kind} as ${wrong.user}: ${response.status} ${response.text.slice(0, 400)}`;
        if (response.status !== 409) throw new Error(`expected 409 for ${where}`);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        const problem = JSON.parse(response.text) as { type: string; state: string; command: string; allowedCommands: string[] };
        expect(problem.type).toMatch(/command-not-allowed$/);
        expect(problem).toMatchObject({ state: wrong.state, command: wrong.command });
        expect([...problem.allowedCommands].sort()).toEqual([...wrong.allowed].sort());
        expect(await store.headPosition()).toBe(head);
      },
    );
    await fc.assert(property, { numRuns: Math.max(cases.length * 4, Math.round(RUNS / 10)), seed: SEED, examples: cases.map((wrong) => [wrong, undefined, false]) });
    expect(asked.size).toBe(cases.length);
  });

  it('afterwards: the store holds exactly the events it held, every seeded case reads as it did, Object.prototype is untouched', async () => {
    expect(await storedEventCount(api.app)).toBe(eventsBefore);
    expect(await currentRevisions()).toEqual(revisions);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>)[POLLUTION_MARKER]).toBeUndefined();
  });
});
