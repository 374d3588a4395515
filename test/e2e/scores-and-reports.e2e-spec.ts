import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody } from '../support/demo-requests';

type Part = { figure: number | null; score: number | null; weight: number; points: number | null };
type ScoreRow = {
  rank: number | null;
  unitId: string;
  score: number | null;
  flag: string | null;
  parts: Record<'inspection' | 'complaints' | 'onTime', Part>;
  validComplaints: number;
  basisFigure: number | null;
};

const DAY = 86_400_000;
const SCORES = '/reports/scores?period=2026-Q3&unitId=anshan&level=outlet';
const Q3 = 'from=2026-07&to=2026-10&unitId=anshan';

/**
 * A quarter of 鞍山 outlets entered through the API: inspections scored item by item, complaints
 * replied, followed up and closed; then the quarterly scores and the report additions checked
 * against figures worked out by hand from what was entered.
 */
describe('Quarterly scores, rankings and report additions, over HTTP', () => {
  let api: ApiTestApp;
  let inspector: ApiClient;
  let supervisor: ApiClient;
  let headOffice: ApiClient;
  let handler: ApiClient;
  let minPosition = '0';

  const track = <T extends { headers: Record<string, string> }>(response: T): T => {
    minPosition = response.headers['x-duban-position'] ?? minPosition;
    return response;
  };
  const read = async (client: ApiClient, path: string) => (await client.get(`${path}&minPosition=${minPosition}`).expect(200)).body;

  /** Opens an on-site (or other) inspection of `unitId` with the counter checklist and records its results. */
  const inspect = async (unitId: string, results: object[], kind = 'onsite'): Promise<void> => {
    const opened = await inspector.post('/inspections', { kind, unitId, scope: '季度服务检查', checklistId: 'counter-service' }).expect(201);
    track(await inspector.post(`/inspections/${opened.body.id}/results`, { results }).expect(200));
  };
  const pass = (itemId: string) => ({ itemId, outcome: 'pass' });
  const greetingFailed = (deducted: number) => ({ itemId: 'greeting', outcome: 'fail', deducted, note: '未起身迎接' });

  /** Registers and replies a case at `unitId` as `worker`; returns its id. */
  /** Praise and suggestions are replied without a responsibility (pass undefined). */
  const complaintReplied = async (worker: ApiClient, unitId: string, responsibility: 'valid' | 'customer' | undefined, type = 'complaint'): Promise<string> => {
    const registered = await worker.post('/complaints', complaintBody({ unitId, type })).expect(201);
    track(await worker.post(`/complaints/${registered.body.id}/reply`, { responsibility, text: '已答复客户', channel: 'phone' }).expect(200));
    return registered.body.id as string;
  };

  beforeAll(async () => {
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, start: new Date('2026-08-03T02:00:00.000Z') });
    inspector = await api.as('inspector.anshan');
    supervisor = await api.as('supervisor.anshan');
    headOffice = await api.as('supervisor.hq');
    handler = await api.as('handler.haicheng');

    // Greeting (8 points) and dress (6) fail without raising a finding; hall-clean (8) passes.
    await inspect('anshan-haicheng-yys', [pass('hall-clean'), pass('dress'), greetingFailed(2)]); // 20 / 22
    await inspect('anshan-haicheng-tengao', [pass('hall-clean'), pass('greeting')]); // 100 %
    await inspect('anshan-daoxi-yys', [pass('hall-clean'), greetingFailed(4)]); // 12 / 16
    await inspect('anshan-tiedong-yys', [pass('hall-clean'), greetingFailed(8)], 'mystery_shopper'); // 8 / 16
    await inspect('anshan-jiefanglu-yys', [pass('hall-clean'), greetingFailed(2)]); // 14 / 16
    // 对炉 has no inspection: its weight goes to the other parts.

    const haicheng = await complaintReplied(handler, 'anshan-haicheng-yys', 'valid');
    await complaintReplied(handler, 'anshan-haicheng-yys', undefined, 'suggestion');
    const duilu = await complaintReplied(supervisor, 'anshan-duilu-yys', 'valid');
    await complaintReplied(supervisor, 'anshan-duilu-yys', 'valid');

    // Follow-ups: 海城 satisfied and closed two days after receipt, one of 对炉 unsatisfied.
    track(await supervisor.post(`/complaints/${haicheng}/verify`, { satisfied: true }).expect(200));
    api.clock.advanceMs(2 * DAY);
    track(await (await api.as('head.haicheng')).post(`/complaints/${haicheng}/close`).expect(200));
    track(await headOffice.post(`/complaints/${duilu}/verify`, { satisfied: false, note: '客户仍不满意' }).expect(200));
  }, 120_000);
  afterAll(() => api.close());

  it('serves the shipped scoring scheme as version 1 and publishes versions at head office only, naming every bad field', async () => {
    const shipped = await supervisor.get('/scoring/schemes/quarterly-service').expect(200);
    expect(shipped.headers.etag).toBe('"1"');
    expect(shipped.body).toMatchObject({ id: 'quarterly-service', version: 1, period: 'quarter', weights: { inspection: 50, complaints: 30, onTime: 20 } });
    await supervisor.get('/scoring/schemes/no-such-scheme').expect(404);

    const { id: _id, version: _version, ...body } = shipped.body;
    await supervisor.put('/scoring/schemes/branch-trial', body).expect(403);
    const invalid = await headOffice.put('/scoring/schemes/branch-trial', { ...body, weights: { inspection: 60, complaints: 30, onTime: 20 }, penalties: {} }).expect(422);
    expect(invalid.body.errors.map((error: { field: string }) => error.field)).toEqual(['weights', 'penalties.perPenaltyPoint', 'penalties.maxDeduction']);
    expect(invalid.body.errors[0].message).toBe('「weights」之和须为 100，而不是 110');
    const published = await headOffice.put('/scoring/schemes/branch-trial', { ...body, name: '试行考核' }).expect(200);
    expect(published.body).toMatchObject({ id: 'branch-trial', version: 1, name: '试行考核' });
    await headOffice.put('/scoring/schemes/branch-trial', body).set('If-Match', '"7"').expect(412);
  });

  it('ranks every outlet of 鞍山分行 for 2026-Q3, not only its direct children, each score with its parts; top 3 rewarded, bottom 2 named', async () => {
    const report = await read(supervisor, SCORES);
    expect(report).toMatchObject({ report: 'scores', unit: { id: 'anshan' }, level: 'outlet', period: { name: '2026-Q3' }, scheme: { id: 'quarterly-service', version: 1 } });
    // No complaint: the complaint part scores 100 and on time has no data, so inspection (50) and complaints (30) share the weight.
    // 对炉: 2 valid over 1.2 (12,000 transactions) = 1.67 → 100 × (2 − 1.67) ÷ 1.8 = 18.5; on time 100; (18.5 × 30 + 100 × 20) ÷ 50.
    // 海城营业室: inspection 90.9; 1 valid over 4.2 = 0.24 → 97.9; on time 100 (the suggestion owed no reply deadline).
    expect(report.rows.map((row: ScoreRow) => [row.unitId, row.rank, row.score, row.flag])).toEqual([
      ['anshan-haicheng-tengao', 1, 100, 'reward'],
      ['anshan-haicheng-yys', 2, 94.8, 'reward'],
      ['anshan-jiefanglu-yys', 3, 92.2, 'reward'],
      ['anshan-daoxi-yys', 4, 84.4, null],
      ['anshan-tiedong-yys', 5, 68.8, 'circular'],
      ['anshan-duilu-yys', 6, 51.1, 'circular'],
    ]);
    const haicheng = report.rows.find((row: ScoreRow) => row.unitId === 'anshan-haicheng-yys') as ScoreRow;
    expect(haicheng.parts).toEqual({
      inspection: { figure: 90.9, score: 90.9, weight: 50, points: 45.5 },
      complaints: { figure: 0.24, score: 97.9, weight: 30, points: 29.4 },
      onTime: { figure: 100, score: 100, weight: 20, points: 20 },
    });
    expect(haicheng).toMatchObject({ validComplaints: 1, basisFigure: 4.2, penalty: { points: 0, deducted: 0 } });
    expect(report.rows.find((row: ScoreRow) => row.unitId === 'anshan-duilu-yys').parts.inspection).toEqual({ figure: null, score: null, weight: 50, points: null });

    // The current quarter by default. A quarter without inspections or deadlines scores on complaints alone: none is full marks.
    expect((await read(supervisor, '/reports/scores?unitId=anshan')).rows).toEqual(report.rows);
    const quiet = await read(supervisor, '/reports/scores?unitId=anshan&period=2026-Q2');
    expect(quiet.rows.map((row: ScoreRow) => [row.score, row.parts.inspection.score, row.parts.complaints.points])).toEqual(Array(6).fill([100, null, 100]));
    // A sub-branch level ranks the five sub-branches, each with its outlets' figures.
    const subBranches = await read(supervisor, '/reports/scores?period=2026-Q3&unitId=anshan&level=sub_branch');
    expect(subBranches.rows.map((row: ScoreRow) => row.unitId)).toHaveLength(5);
    expect(subBranches.rows.find((row: ScoreRow) => row.unitId === 'anshan-haicheng').parts.inspection.figure).toBe(95.45);
  });

  it('answers the scores as CSV with every part in its own column', async () => {
    const response = await supervisor.get(`${SCORES}&format=csv&minPosition=${minPosition}`).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="duban-scores-anshan-2026-Q3.csv"');
    const [header, first, ...rest] = response.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header.split(',')).toEqual(
      expect.arrayContaining(['rank', 'unitId', 'score', 'flag', 'parts.inspection.score', 'parts.complaints.figure', 'parts.onTime.points', 'penalty.deducted']),
    );
    expect(first).toContain('anshan-haicheng-tengao');
    expect(rest).toHaveLength(5);
  });

  it('refuses a unit outside your area, a level above the unit, and a period the scheme does not score by', async () => {
    await handler.get(SCORES).expect(403);
    await (await api.as('head.haicheng')).get(SCORES).expect(404);
    expect((await supervisor.get('/reports/scores?unitId=anshan-haicheng&level=branch').expect(400)).body.errors[0].field).toBe('level');
    expect((await supervisor.get('/reports/scores?unitId=anshan&period=2026-07').expect(400)).body.errors[0].field).toBe('period');
    expect((await supervisor.get('/reports/scores?unitId=anshan&period=2026-Q5').expect(400)).body.errors[0].field).toBe('period');
    await supervisor.get('/reports/scores?unitId=anshan&schemeId=no-such-scheme').expect(404);
  });

  it('counts closures, days to close and satisfaction at follow-up, with the type filter and grouping by quarter and year', async () => {
    const outcomes = await read(supervisor, `/reports/outcomes?${Q3}`);
    expect(outcomes.totals).toEqual({
      received: 4,
      closed: 1,
      closureRate: 25,
      averageDaysToClose: 2,
      medianDaysToClose: 2,
      satisfied: 1,
      unsatisfied: 1,
      satisfactionRate: 50,
    });
    expect((await read(supervisor, `/reports/outcomes?${Q3}&type=complaint`)).totals).toMatchObject({ received: 3, closureRate: 33.3 });

    // A suggestion takes no responsibility decision and never counts in the valid rate; the type filter leaves it out of the totals too.
    const all = await read(supervisor, `/reports/complaints?${Q3}&groupBy=quarter`);
    expect(all.rows).toEqual([
      expect.objectContaining({ quarter: '2026-Q3', total: 4, valid: 3, customerResponsibility: 0, validRate: 100, byType: expect.objectContaining({ suggestion: 1 }) }),
    ]);
    const complaintsOnly = await read(supervisor, `/reports/complaints?${Q3}&groupBy=year&type=complaint`);
    expect(complaintsOnly.rows).toEqual([expect.objectContaining({ year: '2026', total: 3, valid: 3, validRate: 100 })]);
    expect((await read(supervisor, `/reports/sla?${Q3}&type=complaint`)).totals).toMatchObject({ received: 3, repliedOnTime: 3, onTimeRate: 100 });
    expect((await supervisor.get(`/reports/complaints?${Q3}&type=rumour`).expect(400)).body.errors[0].field).toBe('type');
  });

  it('measures inspection coverage by kind over every outlet, and counts findings by category with their repeat rate', async () => {
    const coverage = await read(inspector, `/reports/coverage?${Q3}`);
    expect(coverage).toMatchObject({ report: 'coverage', unit: { id: 'anshan' }, level: 'outlet' });
    const byKind = Object.fromEntries(coverage.rows.map((row: { kind: string }) => [row.kind, row]));
    expect(byKind.onsite).toEqual({ kind: 'onsite', inspections: 4, inspectedUnits: 4, units: 6, coverage: 66.7 });
    expect(byKind.mystery_shopper).toEqual({ kind: 'mystery_shopper', inspections: 1, inspectedUnits: 1, units: 6, coverage: 16.7 });
    expect(byKind.all).toEqual({ kind: 'all', inspections: 5, inspectedUnits: 5, units: 6, coverage: 83.3 });
    expect((await read(inspector, `/reports/coverage?${Q3}&level=sub_branch`)).rows.at(-1)).toMatchObject({ inspectedUnits: 0, units: 5 });
    const csv = await inspector.get(`/reports/coverage?${Q3}&format=csv&minPosition=${minPosition}`).expect(200);
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 2),
    ).toEqual(['kind,inspections,inspectedUnits,units,coverage', 'onsite,4,4,6,66.7']);

    // Each valid complaint raised an attitude finding; none names a finding it repeats.
    const findings = await read(inspector, `/reports/rectification?${Q3}&groupBy=category`);
    expect(findings.rows).toEqual([expect.objectContaining({ category: 'attitude', raised: 3, repeated: 0, repeatRate: 0 })]);
  });

  it('scores with the scheme version in force: a new version changes every score', async () => {
    const current = (await headOffice.get('/scoring/schemes/quarterly-service').expect(200)).body;
    const { id: _id, version, ...body } = current;
    track(
      await headOffice
        .put('/scoring/schemes/quarterly-service', { ...body, weights: { inspection: 100, complaints: 0, onTime: 0 } })
        .set('If-Match', `"${version}"`)
        .expect(200),
    );
    const report = await read(supervisor, SCORES);
    expect(report.scheme).toMatchObject({ version: version + 1, weights: { inspection: 100, complaints: 0, onTime: 0 } });
    expect(report.rows.map((row: ScoreRow) => [row.unitId, row.score])).toEqual([
      ['anshan-haicheng-tengao', 100],
      ['anshan-haicheng-yys', 90.9],
      ['anshan-jiefanglu-yys', 87.5],
      ['anshan-daoxi-yys', 75],
      ['anshan-tiedong-yys', 50],
      // Nothing weighted was measured at 对炉: unranked rather than last.
      ['anshan-duilu-yys', null],
    ]);
  });
  it("deducts the penalty points in force of the quarter's violations at the employee's outlet; a penalty annulled on appeal deducts nothing", async () => {
    const head = await api.as('head.haicheng');
    /** A violation by teller E10001 of 海城营业室, penalised by the branch's supervisor; returns its path. */
    const penalised = async (points: number): Promise<string> => {
      const recorded = await inspector.post('/violations', { staffId: 'E10001', category: 'attitude', description: '柜员离柜未签退' }).expect(201);
      track(await supervisor.post(`/violations/${recorded.body.id}/penalty`, { points, reason: '离柜未签退' }).expect(200));
      return `/violations/${recorded.body.id}`;
    };
    await penalised(3);
    const annulled = await penalised(4);
    track(await head.post(`${annulled}/appeal`, { grounds: '当日叫号系统故障' }).expect(200));
    track(await headOffice.post(`${annulled}/appeal-decision`, { outcome: 'annulled', reason: '系统故障属实' }).expect(200));

    const rows = (await read(supervisor, SCORES)).rows as Array<ScoreRow & { penalty: { points: number; deducted: number } }>;
    // Inspection alone under the scheme's version 2 (90.9), less 3 points at 1 each; the other outlets keep their scores.
    expect(rows.find((row) => row.unitId === 'anshan-haicheng-yys')).toMatchObject({ score: 87.9, penalty: { points: 3, deducted: 3 } });
    expect(rows.find((row) => row.unitId === 'anshan-haicheng-tengao')).toMatchObject({ score: 100, penalty: { points: 0, deducted: 0 } });
  });

  it('reports violations and penalties by sub-branch: recorded, penalised, appealed, annulled, points and fines in force, JSON and CSV', async () => {
    // A fine alone at 道西, besides the two violations of 海城营业室 above (3 points in force, one annulled on appeal).
    const fined = await inspector.post('/violations', { staffId: 'E10005', category: 'attitude', description: '未执行首问负责制' }).expect(201);
    track(await supervisor.post(`/violations/${fined.body.id}/penalty`, { amountFen: 20_000, reason: '造成有效投诉' }).expect(200));

    const report = await read(supervisor, `/reports/violations?${Q3}&groupBy=unit`);
    expect(report).toMatchObject({ report: 'violations', unit: { id: 'anshan' }, groupBy: ['unit'] });
    expect(report.rows).toEqual([
      { unitId: 'anshan-haicheng', unitName: expect.any(String), recorded: 2, penalised: 2, appealed: 1, annulled: 1, pointsInForce: 3, amountFenInForce: 0 },
      { unitId: 'anshan-daoxi', unitName: expect.any(String), recorded: 1, penalised: 1, appealed: 0, annulled: 0, pointsInForce: 0, amountFenInForce: 20_000 },
    ]);
    expect(report.totals).toEqual({ recorded: 3, penalised: 3, appealed: 1, annulled: 1, pointsInForce: 3, amountFenInForce: 20_000 });
    // The sub-branch's own report groups its outlets; a quarter without violations has no rows.
    expect((await read(supervisor, '/reports/violations?from=2026-07&to=2026-10&unitId=anshan-haicheng')).rows.map((row: { unitId: string }) => row.unitId)).toEqual([
      'anshan-haicheng-yys',
    ]);
    expect((await read(supervisor, '/reports/violations?from=2026-04&to=2026-07&unitId=anshan')).rows).toEqual([]);

    const csv = await supervisor.get(`/reports/violations?${Q3}&format=csv&minPosition=${minPosition}`).expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('unitId,unitName,recorded,penalised,appealed,annulled,pointsInForce,amountFenInForce');
    expect(lines.at(-1)).toBe('合计 total,,3,3,1,1,3,20000');
  });
});
