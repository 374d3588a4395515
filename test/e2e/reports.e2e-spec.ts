import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@duban/event-store';
import {
  CASE_READ_MODEL,
  CaseProjection,
  openReadModelDatabase,
  READ_MODEL_POSITION,
  rebuildCaseProjection,
  replayCheck,
  type CaseReadModel,
  type ProjectionRunner,
} from '@duban/projections';
import { elapsed, parseCalendar, type Basis } from '@duban/sla';
import { DeadlineEnforcer } from '@duban/sla-enforcement';
import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';

/**
 * A data set of four months and seven units, entered through the API on a controlled clock, then
 * every report figure checked against a computation made here from the raw events alone: no read
 * model, no reporting code, only the event data and the business-time definition of the SLA core.
 */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const calendar = parseCalendar(JSON.parse(readFileSync(join(__dirname, '../../config/sla/calendars/cn-mainland-2026.json'), 'utf8')));

type Worker = 'handler.haicheng' | 'head.haicheng' | 'handler.daoxi' | 'supervisor.anshan' | 'supervisor.hq' | 'inspector.anshan';
type Unit = { id: string; worker: Worker; second: Worker; rectifies?: Worker };

const UNITS: Unit[] = [
  { id: 'anshan-haicheng-yys', worker: 'handler.haicheng', second: 'head.haicheng', rectifies: 'handler.haicheng' },
  { id: 'anshan-daoxi', worker: 'handler.daoxi', second: 'supervisor.anshan', rectifies: 'handler.daoxi' },
  { id: 'anshan-tiedong', worker: 'supervisor.anshan', second: 'supervisor.hq' },
  { id: 'anshan-jiefanglu', worker: 'supervisor.anshan', second: 'supervisor.hq' },
  { id: 'suizhou-zengdu', worker: 'supervisor.hq', second: 'supervisor.hq' },
  { id: 'anshan-haicheng', worker: 'head.haicheng', second: 'supervisor.anshan' },
  { id: 'suizhou-chengzhong', worker: 'supervisor.hq', second: 'supervisor.hq' },
];
const CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'online'];
const CATEGORIES = ['attitude', 'process', 'channel', 'environment', 'etiquette'];

/** Which unit of the report's children a unit rolls up to, written out by hand. */
const BRANCH_OF: Record<string, string> = { anshan: 'anshan', suizhou: 'suizhou', hq: 'hq' };
const branchOf = (unitId: string): string => BRANCH_OF[unitId.split('-')[0]];
const SUB_BRANCH_OF: Record<string, string> = {
  'anshan-haicheng-yys': 'anshan-haicheng',
  'anshan-haicheng': 'anshan-haicheng',
  'anshan-daoxi': 'anshan-daoxi',
  'anshan-tiedong': 'anshan-tiedong',
  'anshan-jiefanglu': 'anshan-jiefanglu',
};

/** One complaint as the events tell it. */
type ComplaintTruth = {
  id: string;
  unitId: string;
  type: string;
  channel: string;
  category: string;
  month: string;
  responsibility: string | null;
  onSpot: boolean;
  replied: boolean;
  escalationLevel: number;
  reply?: { startedAt: string; basis: Basis; breached: boolean; stoppedAt?: string; outcome?: string };
};

type FindingTruth = { id: string; unitId: string; month: string; raisedAt: string; open: boolean; verifiedAt: string | null; carriedOver: boolean; overdue: boolean };

const monthOf = (iso: string): string => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);

function complaintTruths(events: RecordedEvent[]): ComplaintTruth[] {
  const truths = new Map<string, ComplaintTruth>();
  for (const event of events.filter((recorded) => recorded.stream.startsWith('complaint-'))) {
    const data = event.data as Record<string, any>;
    if (event.type === 'ComplaintRegistered') {
      truths.set(event.stream, {
        id: data.complaintId,
        unitId: data.unitId,
        type: data.caseType,
        channel: data.channel,
        category: data.category,
        month: monthOf(data.receivedAt),
        responsibility: null,
        onSpot: false,
        replied: false,
        escalationLevel: 0,
      });
      continue;
    }
    const truth = truths.get(event.stream)!;
    if (event.type === 'ComplaintReplied') {
      truth.responsibility = data.responsibility;
      truth.onSpot ||= data.replyNumber === 1 && data.onSpot === true;
      truth.replied = true;
    }
    if (event.type === 'ComplaintEscalated') truth.escalationLevel = Math.max(truth.escalationLevel, data.level);
    if (event.type === 'ComplaintReclassified') truth.type = data.caseType;
    if (event.type === 'ClockStarted' && data.target === 'reply' && data.level === 0 && !truth.reply) {
      truth.reply = { startedAt: data.startedAt, basis: data.basis, breached: false };
    }
    if (event.type === 'ClockBreached' && data.clockId === 'reply' && truth.reply) truth.reply.breached = true;
    if (event.type === 'ClockStopped' && data.clockId === 'reply' && truth.reply) Object.assign(truth.reply, { stoppedAt: data.stoppedAt, outcome: data.outcome });
  }
  return [...truths.values()];
}

function findingTruths(events: RecordedEvent[], now: string): FindingTruth[] {
  const truths = new Map<string, FindingTruth & { dueAt: string | null; breached: boolean }>();
  for (const event of events.filter((recorded) => recorded.stream.startsWith('finding-'))) {
    const data = event.data as Record<string, any>;
    if (event.type === 'FindingRaised') {
      const raisedAt = data.occurredAt as string;
      truths.set(event.stream, {
        id: data.findingId,
        unitId: data.unitId,
        month: monthOf(raisedAt),
        raisedAt,
        open: true,
        verifiedAt: null,
        carriedOver: false,
        overdue: false,
        dueAt: null,
        breached: false,
      });
      continue;
    }
    const truth = truths.get(event.stream)!;
    if (event.type === 'FindingVerified') truth.verifiedAt = data.occurredAt;
    if (event.type === 'FindingCarriedOver') truth.carriedOver = true;
    if (event.type === 'FindingClosed') truth.open = false;
    if (event.type === 'ClockStarted' || event.type === 'ClockReset') truth.dueAt = data.dueAt;
    if (event.type === 'ClockBreached') truth.breached = true;
    if (event.type === 'ClockStopped') truth.dueAt = null;
    if (event.type === 'ClockStopped') truth.breached = false;
  }
  return [...truths.values()].map(({ dueAt, breached, ...truth }) => ({
    ...truth,
    overdue: truth.open && truth.verifiedAt === null && (breached || (dueAt !== null && Date.parse(dueAt) < Date.parse(now))),
  }));
}

/** What the report calls the reply outcome, decided from the events. */
function outcomeOf(truth: ComplaintTruth): 'on_spot' | 'met' | 'breached' | 'open' | 'cancelled' | undefined {
  if (truth.onSpot) return 'on_spot';
  if (!truth.reply) return undefined;
  if (truth.reply.outcome === 'cancelled') return 'cancelled';
  if (truth.reply.breached || truth.reply.outcome === 'breached') return 'breached';
  return truth.reply.outcome === 'met' ? 'met' : 'open';
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);
const rank = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1];
};

function expectedSla(truths: ComplaintTruth[]) {
  const owing = truths.filter((truth) => outcomeOf(truth) !== undefined);
  const onTime = owing.filter((truth) => ['on_spot', 'met'].includes(outcomeOf(truth)!)).length;
  const breached = owing.filter((truth) => outcomeOf(truth) === 'breached').length;
  const hours = owing
    .filter((truth) => truth.replied && (truth.onSpot || (truth.reply?.stoppedAt !== undefined && truth.reply.outcome !== 'cancelled')))
    .map((truth) => (truth.onSpot ? 0 : elapsed(new Date(truth.reply!.startedAt), new Date(truth.reply!.stoppedAt!), truth.reply!.basis, calendar)));
  const toHours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR) * 100) / 100);
  return {
    received: owing.length,
    replied: owing.filter((truth) => truth.replied).length,
    repliedOnTime: onTime,
    breached,
    pending: owing.filter((truth) => outcomeOf(truth) === 'open').length,
    withdrawn: owing.filter((truth) => outcomeOf(truth) === 'cancelled').length,
    escalatedByLevel: {
      '1': owing.filter((t) => t.escalationLevel >= 1).length,
      '2': owing.filter((t) => t.escalationLevel >= 2).length,
      '3': owing.filter((t) => t.escalationLevel >= 3).length,
    },
    medianReplyBusinessHours: toHours(rank(hours, 0.5)),
    p90ReplyBusinessHours: toHours(rank(hours, 0.9)),
    onTimeRate: percent(onTime, onTime + breached),
  };
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

describe('Reports over a seeded data set, checked against the raw events', () => {
  let api: ApiTestApp;
  const clients = new Map<string, ApiClient>();
  const as = async (user: string): Promise<ApiClient> => {
    if (!clients.has(user)) clients.set(user, await api.as(user as Worker));
    return clients.get(user)!;
  };
  let events: RecordedEvent[];
  let now: string;
  let complaints: ComplaintTruth[];
  let findings: FindingTruth[];
  const openComplaintIds: string[] = [];
  const findingIds: string[] = [];

  /** Actions on the timeline, run in time order with the clock moved to each. */
  const timeline: Array<{ at: number; run: () => Promise<void> }> = [];
  const at = (instant: number, run: () => Promise<void>): void => {
    timeline.push({ at: instant, run });
  };

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, start: new Date('2026-01-02T00:00:00.000Z') });
    const enforcer = api.app.get(DeadlineEnforcer);
    const post = async (user: Worker, path: string, body: object) => {
      const response = await (await as(user)).post(path, body);
      if (response.status >= 300) throw new Error(`${user} POST ${path} → ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const rectify = (findingId: string, unit: Unit, from: number, passes: boolean[]): void => {
      let step = from;
      for (const passed of passes) {
        const plannedAt = step;
        at(plannedAt, () =>
          post(unit.rectifies!, `/findings/${findingId}/plan`, { measures: ['专项培训'], ownerId: unit.rectifies!, dueAt: new Date(plannedAt + 10 * DAY).toISOString() }),
        );
        at(step + 4 * DAY, () => post(unit.rectifies!, `/findings/${findingId}/report`, { text: '已按方案整改' }));
        // A carried-over finding gets a new deadline (限期); the next plan then dates its clock.
        const verdict = passed ? { passed, note: '复查合格' } : { passed, note: '复查未通过，继续整改', dueAt: new Date(plannedAt + 20 * DAY).toISOString() };
        at(step + 6 * DAY, () => post('inspector.anshan', `/findings/${findingId}/verify`, verdict));
        step += 7 * DAY;
      }
    };

    for (let i = 0; i < 56; i += 1) {
      const unit = UNITS[i % UNITS.length];
      const month = Math.floor(i / 14);
      const received = Date.UTC(2026, month, 3 + (i % 14) * 2, 1 + (i % 7));
      const type = i % 9 === 7 ? 'suggestion' : i % 9 === 8 ? 'praise' : i % 11 === 10 ? 'investigation' : 'complaint';
      const story = i % 8;
      const onSpot = story === 4;
      // Praise and suggestions blame nobody: their replies propose no responsibility.
      const proposed = (responsibility: 'valid' | 'customer') => (type === 'suggestion' || type === 'praise' ? {} : { responsibility });
      let id = '';
      at(received, async () => {
        const body = {
          type,
          channel: CHANNELS[(i * 3 + Math.floor(i / 5)) % 5],
          category: CATEGORIES[(i * 7) % 5],
          unitId: unit.id,
          customer: { name: '王**', phone: '400-000-0000' },
          description: `样例投诉 ${i}`,
          ...(onSpot ? { resolvedOnSpot: { reply: { ...proposed('customer'), text: '现场解释', channel: 'in_person' } } } : {}),
        };
        id = (await post(unit.worker, '/complaints', body)).id;
        openComplaintIds.push(id);
      });
      const reply = (after: number, responsibility: 'valid' | 'customer', then?: (view: { linkedFindingIds: string[] }) => void) =>
        at(received + after, async () => {
          const view = await post(unit.worker, `/complaints/${id}/reply`, { ...proposed(responsibility), text: '已答复客户', channel: 'phone' });
          then?.(view);
        });
      const enforce = (after: number) => at(received + after, async () => void (await enforcer.enforceDeadlines('complaint', id)));
      switch (story) {
        case 0:
          reply(4 * HOUR, 'valid', (view) => {
            const [findingId] = view.linkedFindingIds;
            if (!findingId || !unit.rectifies) return;
            findingIds.push(findingId);
            rectify(findingId, unit, received + 2 * DAY, i % 3 === 0 ? [false, true] : [true]);
          });
          break;
        case 1:
          reply(2 * DAY, 'customer');
          break;
        case 2:
          reply(8 * DAY, 'valid');
          break;
        case 3:
          enforce(5 * DAY);
          enforce(7 * DAY);
          enforce(9 * DAY);
          reply(10 * DAY, i % 2 === 0 ? 'customer' : 'valid');
          break;
        case 5:
          at(received + DAY, async () => void (await post(unit.worker, `/complaints/${id}/withdraw`, { reason: '客户撤回' })));
          break;
        case 7:
          reply(DAY, 'customer');
          // Four-eyes: someone other than the replier confirms; 随州 has nobody else in the demo organisation.
          if (unit.second !== unit.worker) at(received + 3 * DAY, async () => void (await post(unit.second, `/complaints/${id}/verify`, { satisfied: true })));
          break;
        default:
          break;
      }
    }

    // An inspection of 海城支行 in February: findings rectified at once, after a carry-over, late, or never.
    at(Date.UTC(2026, 1, 9, 2), async () => {
      const inspection = await post('inspector.anshan', '/inspections', { kind: 'mystery_shopper', unitId: 'anshan-haicheng', scope: '神秘人暗访' });
      const yys = UNITS[0];
      const raise = async (description: string) =>
        (
          await post('inspector.anshan', `/inspections/${inspection.id}/findings`, {
            unitId: yys.id,
            category: 'internal_control',
            description,
            severity: 'major',
            mode: 'deadline',
            dueAt: '2026-02-28T10:00:00.000Z',
          })
        ).id as string;
      const passed = await raise('未按时核库');
      rectify(passed, yys, Date.UTC(2026, 1, 10, 2), [true]);
      const carried = await raise('柜员离席未签退');
      rectify(carried, yys, Date.UTC(2026, 1, 10, 2), [false, false, true]);
      const late = await raise('一米线未设置');
      at(Date.UTC(2026, 1, 10, 2), () => post(yys.rectifies!, `/findings/${late}/plan`, { measures: ['设置一米线'], ownerId: yys.rectifies!, dueAt: '2026-02-20T10:00:00.000Z' }));
      findingIds.push(passed, carried, late, await raise('残障通道缺失'));
    });

    // Run in time order; actions scheduled while running join the queue in their place.
    while (timeline.length > 0) {
      timeline.sort((a, b) => a.at - b.at);
      const next = timeline.shift()!;
      const moveBy = next.at - api.clock.now().getTime();
      if (moveBy > 0) api.clock.advanceMs(moveBy);
      await next.run();
    }

    // 6 May, after the May Day holidays: a worker's sweep over everything still open.
    api.clock.advanceMs(Date.parse('2026-05-06T02:00:00.000Z') - api.clock.now().getTime());
    for (const id of openComplaintIds) await enforcer.enforceDeadlines('complaint', id);
    for (const id of findingIds) await enforcer.enforceDeadlines('finding', id);

    now = api.clock.now().toISOString();
    const store = api.app.get<EventStore>(EVENT_STORE);
    events = await store.readAll();
    complaints = complaintTruths(events);
    findings = findingTruths(events, now);
    // Every query below waits until the read models include the last event.
    minPosition = String(await store.headPosition());
  }, 120_000);
  afterAll(() => api.close());

  let minPosition = '0';
  const report = async (user: Worker | 'auditor', path: string) => {
    const separator = path.includes('?') ? '&' : '?';
    return (await (await as(user)).get(`${path}${separator}minPosition=${minPosition}`).expect(200)).body;
  };
  const PERIOD = 'from=2026-01&to=2026-06';

  it('seeds a data set worth reporting on: four months, on-time and late replies, escalations to level 2, findings in every state', () => {
    expect(new Set(complaints.map((truth) => truth.month))).toEqual(new Set(['2026-01', '2026-02', '2026-03', '2026-04']));
    const outcomes = complaints.map(outcomeOf);
    for (const outcome of ['on_spot', 'met', 'breached', 'cancelled'] as const) expect(outcomes).toContain(outcome);
    expect(complaints.some((truth) => truth.escalationLevel >= 2)).toBe(true);
    expect(complaints.some((truth) => truth.responsibility === 'valid') && complaints.some((truth) => truth.responsibility === 'customer')).toBe(true);
    expect(findings.some((truth) => truth.verifiedAt !== null)).toBe(true);
    expect(findings.some((truth) => truth.carriedOver)).toBe(true);
    expect(findings.some((truth) => truth.overdue)).toBe(true);
  });

  it('GET /reports/sla for head office: per branch and in total, every figure as the events give it', async () => {
    const body = await report('supervisor.hq', `/reports/sla?${PERIOD}`);
    expect(body).toMatchObject({ report: 'sla', unit: { id: 'hq' }, groupBy: ['unit'], period: { from: '2025-12-31T16:00:00.000Z', to: '2026-05-31T16:00:00.000Z' } });
    const expected = [...groupBy(complaints, (truth) => branchOf(truth.unitId))].map(([unitId, truths]) => ({ unitId, ...expectedSla(truths) }));
    expect(body.rows.map(({ unitName: _name, ...row }: { unitName: string }) => row)).toEqual(expect.arrayContaining(expected));
    expect(body.rows).toHaveLength(expected.length);
    expect(body.totals).toEqual(expectedSla(complaints));
  });

  it('GET /reports/sla for 鞍山分行 by sub-branch and month, as the events give it', async () => {
    const body = await report('supervisor.anshan', `/reports/sla?${PERIOD}&unitId=anshan&groupBy=unit,month`);
    const inAnshan = complaints.filter((truth) => truth.unitId.startsWith('anshan'));
    const expected = [...groupBy(inAnshan, (truth) => `${SUB_BRANCH_OF[truth.unitId]}|${truth.month}`)]
      .map(([key, truths]) => ({ key, ...expectedSla(truths) }))
      .filter((row) => row.received > 0)
      .map(({ key, ...figures }) => ({ unitId: key.split('|')[0], month: key.split('|')[1], ...figures }));
    expect(body.rows.map(({ unitName: _name, ...row }: { unitName: string }) => row)).toEqual(expect.arrayContaining(expected));
    expect(body.rows).toHaveLength(expected.length);
  });

  it('GET /reports/complaints by month: types, responsibility, channels and the change on the month before', async () => {
    const body = await report('auditor', `/reports/complaints?${PERIOD}`);
    const byMonth = groupBy(complaints, (truth) => truth.month);
    const months = [...byMonth.keys()].sort();
    expect(body.rows.map((row: { month: string }) => row.month)).toEqual(months);
    months.forEach((month, index) => {
      const truths = byMonth.get(month)!;
      const valid = truths.filter((truth) => truth.responsibility === 'valid').length;
      const customer = truths.filter((truth) => truth.responsibility === 'customer').length;
      const previous = index === 0 ? 0 : byMonth.get(months[index - 1])!.length;
      const count = (key: 'type' | 'channel', value: string) => truths.filter((truth) => truth[key] === value).length;
      expect(body.rows[index]).toEqual({
        month,
        total: truths.length,
        byType: { complaint: count('type', 'complaint'), investigation: count('type', 'investigation'), suggestion: count('type', 'suggestion'), praise: count('type', 'praise') },
        valid,
        customerResponsibility: customer,
        undecided: truths.filter((truth) => truth.type !== 'suggestion' && truth.type !== 'praise').length - valid - customer,
        validRate: percent(valid, valid + customer),
        byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, count('channel', channel)])),
        previousMonthTotal: previous,
        monthOverMonthChange: previous === 0 ? null : percent(truths.length - previous, previous),
      });
    });
    const byCategory = await report('auditor', `/reports/complaints?${PERIOD}&groupBy=category`);
    expect(Object.fromEntries(byCategory.rows.map((row: { category: string; total: number }) => [row.category, row.total]))).toEqual(
      Object.fromEntries([...groupBy(complaints, (truth) => truth.category)].map(([category, truths]) => [category, truths.length])),
    );
  });

  it('GET /reports/rankings for 鞍山分行: sub-branches by on-time %, top 3 rewarded and bottom 2 named', async () => {
    const body = await report('supervisor.anshan', `/reports/rankings?${PERIOD}&unitId=anshan`);
    const subBranches = ['anshan-haicheng', 'anshan-daoxi', 'anshan-tiedong', 'anshan-jiefanglu', 'anshan-duilu'];
    const rates = subBranches.map((unitId) => {
      const figures = expectedSla(complaints.filter((truth) => SUB_BRANCH_OF[truth.unitId] === unitId));
      return { unitId, rate: figures.onTimeRate, decided: figures.repliedOnTime + figures.breached };
    });
    const ranked = rates.filter((row) => row.rate !== null).sort((a, b) => b.rate! - a.rate! || b.decided - a.decided || a.unitId.localeCompare(b.unitId));
    expect(body.rows.map((row: { unitId: string }) => row.unitId)).toEqual([...ranked.map((row) => row.unitId), 'anshan-duilu']);
    expect(body.rows.map((row: { onTimeRate: number | null }) => row.onTimeRate)).toEqual([...ranked.map((row) => row.rate), null]);
    expect(body.rows.map((row: { flag: string | null }) => row.flag)).toEqual(['reward', 'reward', 'reward', 'circular', null]);
    expect(body.rows.at(-1)).toMatchObject({ unitId: 'anshan-duilu', rank: null, received: 0 });
  });

  it('GET /reports/rectification per sub-branch: open, overdue, carried over, verified and days to verified', async () => {
    const body = await report('inspector.anshan', `/reports/rectification?${PERIOD}&unitId=anshan`);
    const inAnshan = findings.filter((truth) => truth.unitId.startsWith('anshan'));
    const expected = [...groupBy(inAnshan, (truth) => SUB_BRANCH_OF[truth.unitId])].map(([unitId, truths]) => {
      const days = truths.filter((truth) => truth.verifiedAt !== null).map((truth) => (Date.parse(truth.verifiedAt!) - Date.parse(truth.raisedAt)) / DAY);
      return {
        unitId,
        raised: truths.length,
        open: truths.filter((truth) => truth.open && truth.verifiedAt === null).length,
        overdue: truths.filter((truth) => truth.overdue).length,
        carriedOver: truths.filter((truth) => truth.carriedOver).length,
        verified: days.length,
        averageDaysToVerified: days.length === 0 ? null : Math.round((10 * days.reduce((sum, value) => sum + value, 0)) / days.length) / 10,
        // No finding names one it repeats yet.
        repeated: 0,
        repeatRate: 0,
      };
    });
    expect(body.rows.map(({ unitName: _name, ...row }: { unitName: string }) => row)).toEqual(expect.arrayContaining(expected));
    expect(body.rows).toHaveLength(expected.length);
  });

  it('answers CSV with the same figures: a header, a line per group and the totals', async () => {
    const json = await report('supervisor.hq', `/reports/sla?${PERIOD}`);
    const response = await (await as('supervisor.hq')).get(`/reports/sla?${PERIOD}&format=csv&minPosition=${minPosition}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toContain('duban-sla-2026-01-01-2026-06-01.csv');
    const [header, ...lines] = response.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const columns = header.split(',');
    expect(columns.slice(0, 4)).toEqual(['unitId', 'unitName', 'received', 'replied']);
    expect(lines).toHaveLength(json.rows.length + 1);
    const column = (line: string, name: string) => line.split(',')[columns.indexOf(name)];
    json.rows.forEach((row: { unitId: string; received: number; onTimeRate: number | null }, index: number) => {
      expect(column(lines[index], 'unitId')).toBe(row.unitId);
      expect(column(lines[index], 'received')).toBe(String(row.received));
      expect(column(lines[index], 'onTimeRate')).toBe(row.onTimeRate === null ? '' : String(row.onTimeRate));
    });
    expect(column(lines.at(-1)!, 'unitId')).toBe('合计 total');
    expect(column(lines.at(-1)!, 'escalatedByLevel.2')).toBe(String(json.totals.escalatedByLevel['2']));
  });

  it('keeps reports inside the caller scope and to the roles that read them', async () => {
    const outOfScope = await (await as('supervisor.anshan')).get('/reports/sla?unitId=suizhou');
    expect(outOfScope.status).toBe(404);
    expect(outOfScope.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await (await as('head.haicheng')).get('/reports/rankings?unitId=anshan')).status).toBe(404);
    expect((await (await as('handler.daoxi')).get('/reports/sla')).status).toBe(403);
    // A branch supervisor's report counts only the branch, whatever the period.
    const anshan = await report('supervisor.anshan', `/reports/sla?${PERIOD}`);
    expect(anshan.totals.received).toBe(expectedSla(complaints.filter((truth) => truth.unitId.startsWith('anshan'))).received);
  });

  it('refuses bad report parameters with 400 naming the field', async () => {
    const supervisor = await as('supervisor.hq');
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['from=yesterday', 'from'],
      ['from=2026-05&to=2026-04', 'to'],
      ['groupBy=unit,unit', 'groupBy'],
      ['groupBy=customer', 'groupBy'],
      ['format=xlsx', 'format'],
    ]) {
      const response = await supervisor.get(`/reports/sla?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect((await supervisor.get('/reports/rankings?groupBy=month')).status).toBe(400);
  });

  it('gives identical lists and reports after rebuilding the read models from zero', async () => {
    const paths = [
      `/reports/sla?${PERIOD}&groupBy=unit,category,month`,
      `/reports/complaints?${PERIOD}&groupBy=unit,channel`,
      `/reports/rankings?${PERIOD}`,
      `/reports/rectification?${PERIOD}&groupBy=month`,
      '/complaints?limit=100&sort=receivedAt',
      '/findings?limit=100',
    ];
    const strip = (body: Record<string, unknown>): Record<string, unknown> => ({ ...body, position: undefined, generatedAt: undefined });
    const before = await Promise.all(paths.map(async (path) => strip(await report('auditor', path))));
    // On SQLite the position is this process's runner; the rebuild writes its file through a connection of its own.
    const runner = api.app.get<ProjectionRunner>(READ_MODEL_POSITION);
    await runner.stop();
    const store = api.app.get<EventStore>(EVENT_STORE);
    const db = openReadModelDatabase(api.config.readModelsFile);
    const progress = await rebuildCaseProjection(store, new CaseProjection(db, store)).finally(() => db.close());
    expect(progress.events).toBe(events.length);
    runner.start();
    const after = await Promise.all(paths.map(async (path) => strip(await report('auditor', path))));
    expect(after).toEqual(before);
    // And every row equals a fold of its stream from scratch.
    const replayed = await replayCheck(store, api.app.get<CaseReadModel>(CASE_READ_MODEL), runner.position());
    expect(replayed).toEqual({ cases: complaints.length + findings.length, notYetProjected: 0, differences: [] });
    expect((before[0].rows as unknown[]).length).toBeGreaterThan(10);
  });
});
