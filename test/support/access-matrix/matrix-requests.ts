import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiTestApp } from '../api-test-app';
import { CLOCK_OF, EVIDENCE_QUERY, type CaseFactory, type StageOf, type ViolationStage } from './case-factory';
import { HOME_UNIT, leaverAt, MATRIX_PASSWORD, staffAt, UNIT_OF } from './matrix-org';

/** Published rules as GET answers them: the bodies of the SLA edits, which would succeed for head office. */
export interface SlaReference {
  readonly policySet: Record<string, unknown>;
  readonly calendar: Record<string, unknown>;
  readonly ics: string;
}

/** What a recipe knows of its cell: the unit its relation names, the caller, and how to get cases. */
export interface Cell {
  readonly unitId: string;
  readonly username: string;
  readonly cases: CaseFactory;
  readonly sla: SlaReference;
  readonly api: ApiTestApp;
}

/** The parts of a request a recipe fills in; the runner puts `params` into the route's path. */
export interface RequestParts {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: object | string;
  readonly contentType?: string;
}

type Recipe = (cell: Cell) => Promise<RequestParts> | RequestParts;

const SHIPPED_CHECKLIST = JSON.parse(readFileSync(join(__dirname, '../../../config/checklists/counter-service.json'), 'utf8')) as object;
const SHIPPED_SCORING_SCHEME = JSON.parse(readFileSync(join(__dirname, '../../../config/scoring/quarterly-service.json'), 'utf8')) as object;

const DAY_MS = 24 * 3600 * 1000;
const later = (cell: Cell, days: number): string => new Date(cell.api.clock.now().getTime() + days * DAY_MS).toISOString();

const nothing: Recipe = () => ({});
const unitFilter: Recipe = ({ unitId }) => ({ query: { unitId } });

/** Reads of the cell unit's shared case. */
const readOf =
  (kind: 'complaint' | 'finding' | 'inspection' | 'violation', query?: Record<string, string>): Recipe =>
  async ({ cases, unitId }) => ({ params: { id: await cases.readable(kind, unitId) }, query });

type Body = object | ((cell: Cell) => object);

/** A command on a fresh complaint or finding at the cell's unit, in the stage the command needs. */
const on =
  <K extends keyof StageOf>(kind: K, stage: StageOf[K], body: Body = {}): Recipe =>
  async (cell) => ({ params: { id: await cell.cases.fresh(kind, cell.unitId, stage) }, body: typeof body === 'function' ? body(cell) : body });

/** The same for a command on the case's SLA clock. */
const onClock =
  <K extends keyof StageOf>(kind: K, stage: StageOf[K], body: Body): Recipe =>
  async (cell) => {
    const parts = await on(kind, stage, body)(cell);
    return { ...parts, params: { ...parts.params, clockId: CLOCK_OF[kind] } };
  };

/** Evidence filed on a fresh case at the cell's unit. */
const fileOn =
  (kind: 'complaint' | 'finding'): Recipe =>
  async (cell) => ({ params: { id: await cell.cases.fresh(kind, cell.unitId, 'received') }, query: EVIDENCE_QUERY, body: '监控显示柜员未起身迎客。', contentType: 'text/plain' });

/** A download of the note filed on the cell unit's shared case (the same bytes each time: filed once). */
const fileOf =
  (kind: 'complaint' | 'finding' | 'inspection'): Recipe =>
  async ({ cases, unitId }) => {
    const id = await cases.readable(kind, unitId);
    return { params: { id, sha256: await cases.evidenceOn(kind, id, `${unitId} 网点监控调阅记录`) } };
  };

/** A command on a fresh violation of the cell unit's employee, in the stage it needs. */
const onViolation =
  (stage: ViolationStage, body: object): Recipe =>
  async ({ cases, unitId }) => ({ params: { id: await cases.violation(unitId, stage) }, body });

/** A request on a fresh circular from head office to the cell's unit, in the stage given. */
const onCircular =
  (stage: 'draft' | 'issued', body: object = {}): Recipe =>
  async ({ cases, unitId }) => ({ params: { id: (await cases.circular(unitId, stage)).id }, body });

/** A read of the issued circular to the cell's unit, with its filed note. */
const readCircular =
  (query?: Record<string, string>): Recipe =>
  async ({ cases, unitId }) => ({ params: { id: (await cases.readableCircular(unitId)).id }, query });

const pause = { reason: 'awaiting_customer' };
const resume = {};
const extend = (cell: Cell): object => ({ reason: '案情复杂，报上级批准延期', customerNotifiedAt: cell.api.clock.now().toISOString() });
const reset = { reason: '客户补充了新的事实' };

/** A period holding only the shared complaints (one per unit), so range routes stay small however many cases the suite opens. */
const sharedPeriod = async ({ cases, unitId }: Cell): Promise<{ from: string; to: string }> => {
  await cases.readable('complaint', unitId);
  const from = cases.sharedReceivedAt;
  return { from, to: new Date(Date.parse(from) + 1000).toISOString() };
};

/**
 * For every route, a request that succeeds when access allows it: the case in the right stage at
 * the cell's unit and a valid body. Relations become the unitId filter where a route has one.
 */
export const REQUESTS: Readonly<Record<string, Recipe>> = {
  'GET /health/live': nothing,
  'GET /health/ready': nothing,
  'GET /metrics': nothing,
  'GET /categories': nothing,
  'GET /organisation/units': nothing,
  'GET /workflows/{aggregate}': () => ({ params: { aggregate: 'complaint' } }),
  'POST /auth/token': ({ username }) => ({ body: { username, password: MATRIX_PASSWORD } }),

  'GET /complaints': unitFilter,
  'GET /findings': unitFilter,
  'GET /queues/mine': nothing,
  'GET /queues/overdue': nothing,
  'GET /queues/escalated': nothing,
  'GET /queues/sign-off': nothing,
  'GET /reports/sla': unitFilter,
  'GET /reports/complaints': unitFilter,
  'GET /reports/rankings': unitFilter,
  'GET /reports/rectification': unitFilter,
  'GET /reports/outcomes': unitFilter,
  'GET /reports/coverage': unitFilter,
  'GET /reports/scores': unitFilter,
  'GET /reports/violations': unitFilter,
  'GET /audit/packs': async (cell) => ({ query: { ...(await sharedPeriod(cell)), kind: 'complaint' } }),

  'POST /complaints': ({ unitId }) => ({
    body: { type: 'complaint', channel: 'walk_in', category: 'attitude', unitId, customer: { name: '陈**', phone: '400-000-0000' }, description: '排队时间过长' },
  }),
  'GET /complaints/{id}': readOf('complaint'),
  'GET /complaints/{id}/state': readOf('complaint', { revision: '0' }),
  'GET /complaints/{id}/history': readOf('complaint'),
  'GET /complaints/{id}/verify': readOf('complaint'),
  'GET /complaints/{id}/audit-pack': readOf('complaint'),
  'POST /complaints/{id}/assign': on('complaint', 'received', { assigneeId: 'matrix.handler' }),
  // Head office names setup.supervisor its complaint manager, so every unit without its own hands over to them.
  'POST /complaints/{id}/hand-over': on('complaint', 'received', { managerId: 'setup.supervisor', reason: '转投诉管理人' }),
  'POST /complaints/{id}/promised-reply': on('complaint', 'received', { promisedBy: '2099-01-05T09:00:00Z' }),
  'POST /complaints/{id}/notes': on('complaint', 'received', { text: '已调取监控核实' }),
  'POST /complaints/{id}/reclassify': on('complaint', 'received', { category: 'process' }),
  'POST /complaints/{id}/escalate': on('complaint', 'received', { reason: '需上级督办' }),
  // Sideways within the matrix users' own subtree, so only access decides.
  'POST /complaints/{id}/transfer': on('complaint', 'received', ({ unitId }) => ({ toUnitId: unitId === HOME_UNIT ? UNIT_OF.below : HOME_UNIT, reason: '登记网点有误' })),
  'POST /complaints/{id}/refer': on('complaint', 'received', { reason: '超出网点处理权限' }),
  'POST /complaints/{id}/reply': on('complaint', 'received', { responsibility: 'customer', text: '已向客户解释', channel: 'phone' }),
  'POST /complaints/{id}/verify': on('complaint', 'replied', { satisfied: true }),
  'POST /complaints/{id}/contact-attempts': on('complaint', 'replied', { attemptedAt: '2020-01-01T01:00:00Z', channel: 'phone', reached: false }),
  'POST /complaints/{id}/unreachable': on('complaint', 'unreachable', {}),
  'POST /complaints/{id}/decision-maintenance-request': on('complaint', 'replied', { note: '客户未提出新的理由' }),
  'POST /complaints/{id}/decision-maintained': on('complaint', 'decision-review', { note: '处理意见符合规定，维持原处理' }),
  'POST /complaints/{id}/decision-maintenance-refusal': on('complaint', 'decision-review', { reason: '录像尚未调阅，请核实' }),
  'POST /complaints/{id}/responsibility-decision': on('complaint', 'replied', { responsibility: 'customer' }),
  'POST /complaints/{id}/close': on('complaint', 'verified'),
  'POST /complaints/{id}/withdraw': on('complaint', 'received', { reason: '客户撤回' }),
  'POST /complaints/{id}/attachments': fileOn('complaint'),
  'GET /complaints/{id}/attachments/{sha256}': fileOf('complaint'),
  'POST /complaints/{id}/customer/erasure': on('complaint', 'received', { reason: '客户依法申请删除个人信息', requestReference: 'DPR-2026-0001' }),

  'GET /findings/{id}': readOf('finding'),
  'GET /findings/{id}/state': readOf('finding', { revision: '0' }),
  'GET /findings/{id}/history': readOf('finding'),
  'GET /findings/{id}/verify': readOf('finding'),
  'GET /findings/{id}/audit-pack': readOf('finding'),
  'POST /findings/{id}/plan': on('finding', 'received', (cell) => ({ measures: ['晨会强调签退'], ownerId: cell.username, dueAt: later(cell, 10) })),
  'POST /findings/{id}/approve-plan': on('finding', 'plan-pending'),
  'POST /findings/{id}/reject-plan': on('finding', 'plan-pending', { reason: '延期理由不充分' }),
  'POST /findings/{id}/progress': on('finding', 'planned', { milestone: 1, note: '已召开晨会通报', completed: true }),
  'POST /findings/{id}/report': on('finding', 'planned', { text: '已落实签退制度' }),
  'POST /findings/{id}/verify': on('finding', 'reported', { passed: true }),
  'POST /findings/{id}/escalate': on('finding', 'received', { reason: '逾期未整改' }),
  'POST /findings/{id}/attachments': fileOn('finding'),
  'GET /findings/{id}/attachments/{sha256}': fileOf('finding'),
  'POST /findings/{id}/close': on('finding', 'verified'),

  'GET /circulars': unitFilter,
  'GET /circulars/counts': ({ unitId }) => ({ query: { unitId, period: '2026' } }),
  'POST /circulars': ({ unitId }) => ({ body: { kind: 'briefing', title: '服务工作简报', content: '本月检查情况。', recipientUnitIds: [unitId] } }),
  'GET /circulars/{id}': readCircular(),
  'GET /circulars/{id}/state': readCircular({ revision: '0' }),
  'GET /circulars/{id}/history': readCircular(),
  'GET /circulars/{id}/audit-pack': readCircular(),
  'GET /circulars/{id}/attachments/{sha256}': async ({ cases, unitId }) => ({ params: await cases.readableCircular(unitId) }),
  'POST /circulars/{id}/attachments': async (cell) => ({ ...(await onCircular('draft')(cell)), query: EVIDENCE_QUERY, body: '评分表', contentType: 'text/plain' }),
  'POST /circulars/{id}/edit': onCircular('draft', { title: '关于服务检查情况的通报（修订）' }),
  'POST /circulars/{id}/issue': onCircular('draft'),
  'POST /circulars/{id}/acknowledge': onCircular('issued'),
  'POST /circulars/{id}/withdraw': onCircular('issued', { reason: '内容有误，另行通报' }),
  'POST /inspections': ({ unitId }) => ({ body: { kind: 'mystery_shopper', unitId, scope: '神秘人暗访' } }),
  'POST /inspections/{id}/findings': async (cell) => ({
    params: { id: await cell.cases.inspection(cell.unitId) },
    body: { unitId: cell.unitId, category: 'environment', description: '一米线未设置', severity: 'minor', mode: 'deadline', dueAt: later(cell, 30) },
  }),
  'GET /inspections': unitFilter,
  'GET /inspections/{id}': readOf('inspection'),
  'GET /inspections/{id}/state': readOf('inspection', { revision: '0' }),
  'GET /inspections/{id}/history': readOf('inspection'),
  'POST /inspections/{id}/results': async ({ cases, unitId }) => ({
    params: { id: await cases.scoredInspection(unitId) },
    body: { results: [{ itemId: 'dress', outcome: 'pass' }] },
  }),
  'GET /checklists': nothing,
  'GET /checklists/{id}': () => ({ params: { id: 'counter-service' } }),
  'PUT /checklists/{id}': () => ({ params: { id: 'counter-service' }, body: SHIPPED_CHECKLIST }),
  'GET /scoring/schemes/{id}': () => ({ params: { id: 'quarterly-service' } }),
  'PUT /scoring/schemes/{id}': () => ({ params: { id: 'quarterly-service' }, body: SHIPPED_SCORING_SCHEME }),
  'POST /inspections/{id}/attachments': async ({ cases, unitId }) => ({
    params: { id: await cases.inspection(unitId) },
    query: EVIDENCE_QUERY,
    body: '调看录像：柜员未起身迎客。',
    contentType: 'text/plain',
  }),
  'GET /inspections/{id}/attachments/{sha256}': fileOf('inspection'),
  'POST /inspections/{id}/report': async ({ cases, unitId }) => ({ params: { id: await cases.selfInspection(unitId) }, body: { report: '自查完毕，发现问题已列入整改' } }),
  'POST /inspections/{id}/close': async ({ cases, unitId }) => ({ params: { id: await cases.inspection(unitId) }, body: { summary: '检查结束' } }),

  'GET /violations': unitFilter,
  'POST /violations': ({ unitId }) => ({ body: { staffId: staffAt(unitId), category: 'attitude', description: '对客户态度冷漠' } }),
  'GET /violations/{id}': readOf('violation'),
  'GET /violations/{id}/state': readOf('violation', { revision: '0' }),
  'GET /violations/{id}/history': readOf('violation'),
  'GET /violations/{id}/audit-pack': readOf('violation'),
  'POST /violations/{id}/penalty': onViolation('recorded', { points: 2, amountFen: 20000, reason: '造成客户投诉' }),
  'POST /violations/{id}/appeal': onViolation('penalised', { grounds: '当日系统故障' }),
  'POST /violations/{id}/appeal-decision': onViolation('appealed', { outcome: 'upheld', reason: '证据充分' }),
  'POST /violations/{id}/attachments': async ({ cases, unitId }) => ({
    params: { id: await cases.violation(unitId) },
    query: EVIDENCE_QUERY,
    body: '监控显示柜员离柜未签退。',
    contentType: 'text/plain',
  }),
  'GET /violations/{id}/attachments/{sha256}': async ({ cases, unitId }) => {
    const id = await cases.readable('violation', unitId);
    return { params: { id, sha256: await cases.evidenceOn('violation', id, `${unitId} 违规监控调阅记录`) } };
  },
  'GET /staff/{staffId}/service-file': ({ unitId }) => ({ params: { staffId: staffAt(unitId) } }),
  'POST /staff/{staffId}/erasure': ({ unitId }) => ({
    params: { staffId: leaverAt(unitId) },
    body: { reason: '员工离职后依法申请删除个人信息', requestReference: 'DPR-2026-0002' },
  }),
  'GET /organisation/staff': unitFilter,

  'GET /sla/policies': nothing,
  'PUT /sla/policies': ({ sla }) => ({ body: sla.policySet }),
  'GET /calendars/{id}': () => ({ params: { id: 'cn-mainland' } }),
  'GET /calendars/{id}/due': () => ({ params: { id: 'cn-mainland' }, query: { from: '2026-12-29T10:00:00+08:00', duration: 'P3D', basis: 'working_days' } }),
  'PUT /calendars/{id}': ({ sla }) => ({ params: { id: 'cn-mainland' }, body: sla.calendar }),
  'POST /calendars/{id}/import': ({ sla }) => ({ params: { id: 'cn-mainland' }, body: sla.ics, contentType: 'text/calendar' }),
  'POST /sla/simulate': async (cell) => ({ body: { policySet: cell.sla.policySet, ...(await sharedPeriod(cell)) } }),

  'POST /complaints/{id}/clocks/{clockId}/pause': onClock('complaint', 'received', pause),
  'POST /complaints/{id}/clocks/{clockId}/resume': onClock('complaint', 'clock-paused', resume),
  'POST /complaints/{id}/clocks/{clockId}/extend': onClock('complaint', 'received', extend),
  'POST /complaints/{id}/clocks/{clockId}/reset': onClock('complaint', 'received', reset),
  'POST /findings/{id}/clocks/{clockId}/pause': onClock('finding', 'received', pause),
  'POST /findings/{id}/clocks/{clockId}/resume': onClock('finding', 'clock-paused', resume),
  'POST /findings/{id}/clocks/{clockId}/extend': onClock('finding', 'received', extend),
  'POST /findings/{id}/clocks/{clockId}/reset': onClock('finding', 'received', reset),
};
