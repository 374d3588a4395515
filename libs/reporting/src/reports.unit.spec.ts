import { toCsv } from './csv';
import { nearestRank, percentage, round } from './figures';
import type { UnitRollup } from './grouping';
import { currentNamedPeriod, defaultPeriod, inCalendarPeriod, namedPeriod, namedPeriodKind, periodBound } from './period';
import { inspectionCoverage } from './reports/inspection-coverage';
import { outcomeReport } from './reports/outcome-report';
import { unitScoreInputs } from './scoring/unit-scores';
import type { ReportedCase } from './reported-case';
import { complaintReport } from './reports/complaint-report';
import { unitRankings } from './reports/ranking-report';
import { rectificationReport } from './reports/rectification-report';
import { slaReport } from './reports/sla-report';
import { violationReport, type ReportedViolation } from './reports/violation-report';

const HOUR = 3_600_000;
const SHANGHAI = 'Asia/Shanghai';

/** Branch A with outlets A1 and A2 under it, branch B; the report is made for head office. */
const units: UnitRollup = {
  root: { id: 'hq', name: '总行' },
  children: [
    { id: 'a', name: 'A分行' },
    { id: 'b', name: 'B分行' },
  ],
  groupOf: (unitId) => (unitId.startsWith('a') ? { id: 'a', name: 'A分行' } : unitId.startsWith('b') ? { id: 'b', name: 'B分行' } : { id: 'hq', name: '总行' }),
};

let sequence = 0;
function complaint(overrides: Partial<ReportedCase>): ReportedCase {
  sequence += 1;
  return {
    kind: 'complaint',
    id: `c${sequence}`,
    unitId: 'a1',
    open: true,
    state: 'received',
    type: 'complaint',
    category: 'attitude',
    channel: 'walk_in',
    escalationLevel: 0,
    receivedAt: '2026-03-02T02:00:00.000Z',
    receivedMonth: '2026-03',
    repliedAt: null,
    dueAt: null,
    breached: false,
    responsibility: null,
    replyOutcome: 'open',
    replyBusinessMs: null,
    verifiedAt: null,
    closedAt: null,
    followUpSatisfied: null,
    carryOverCount: 0,
    repeatOf: null,
    ...overrides,
  };
}
const replied = (outcome: 'met' | 'breached' | 'on_spot', hours: number, overrides: Partial<ReportedCase> = {}): ReportedCase =>
  complaint({ replyOutcome: outcome, replyBusinessMs: hours * HOUR, repliedAt: '2026-03-05T02:00:00.000Z', responsibility: 'valid', ...overrides });

describe('figures', () => {
  it('rounds half away from zero and gives percentages with one decimal, null over nothing', () => {
    expect([round(12.25, 1), round(-12.25, 1), round(2 / 3, 2)]).toEqual([12.3, -12.3, 0.67]);
    expect([percentage(1, 3), percentage(0, 5), percentage(0, 0)]).toEqual([33.3, 0, null]);
  });

  it('takes nearest-rank percentiles: the smallest value with at least p of the values at or below it', () => {
    expect(nearestRank([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(
      nearestRank(
        Array.from({ length: 10 }, (_, index) => index + 1),
        0.9,
      ),
    ).toBe(9);
    expect(
      nearestRank(
        Array.from({ length: 11 }, (_, index) => index + 1),
        0.9,
      ),
    ).toBe(10);
    expect(nearestRank([7], 0.9)).toBe(7);
    expect(nearestRank([], 0.5)).toBeNull();
  });
});

describe('slaReport', () => {
  const cases = [
    replied('met', 4),
    replied('met', 10, { unitId: 'a2', escalationLevel: 1 }),
    replied('breached', 30, { unitId: 'b1', escalationLevel: 2 }),
    replied('on_spot', 0, { unitId: 'b1' }),
    complaint({ unitId: 'b1', replyOutcome: 'breached', escalationLevel: 3 }),
    complaint({ unitId: 'hq' }),
    complaint({ unitId: 'a1', replyOutcome: 'cancelled' }),
    complaint({ unitId: 'a1', replyOutcome: null, type: 'praise' }),
    { ...complaint({}), kind: 'finding' as const, replyOutcome: null },
  ];

  it('counts only complaints that owed a reply, rolled up to the units below the report unit, in tree order', () => {
    const { rows, totals } = slaReport(cases, { groupBy: ['unit'], units, maxEscalationLevel: 3 });
    expect(rows.map((row) => [row.unitId, row.unitName, row.received])).toEqual([
      ['hq', '总行', 1],
      ['a', 'A分行', 3],
      ['b', 'B分行', 3],
    ]);
    const b = rows.find((row) => row.unitId === 'b')!;
    expect(b).toMatchObject({ received: 3, replied: 2, repliedOnTime: 1, breached: 2, pending: 0, withdrawn: 0, onTimeRate: 33.3 });
    expect(b.escalatedByLevel).toEqual({ '1': 2, '2': 2, '3': 1 });
    // Reply times 0 and 30 hours: nearest rank gives 0 for the median and 30 for p90.
    expect([b.medianReplyBusinessHours, b.p90ReplyBusinessHours]).toEqual([0, 30]);
    expect(totals).toMatchObject({ received: 7, replied: 4, repliedOnTime: 3, breached: 2, pending: 1, withdrawn: 1, onTimeRate: 60 });
    expect([totals.medianReplyBusinessHours, totals.p90ReplyBusinessHours]).toEqual([4, 30]);
  });

  it('groups by several dimensions at once and by none', () => {
    const byMonth = slaReport([replied('met', 1, { receivedMonth: '2026-04' }), replied('met', 1), replied('breached', 1, { category: 'process' })], {
      groupBy: ['month', 'category'],
      units,
      maxEscalationLevel: 1,
    });
    expect(byMonth.rows.map((row) => [row.month, row.category, row.received])).toEqual([
      ['2026-03', 'attitude', 1],
      ['2026-03', 'process', 1],
      ['2026-04', 'attitude', 1],
    ]);
    expect(slaReport(cases, { groupBy: [], units, maxEscalationLevel: 1 }).rows).toEqual([slaReport(cases, { groupBy: [], units, maxEscalationLevel: 1 }).totals]);
  });
});

describe('unitRankings', () => {
  const unitsNamed = (ids: string[]): UnitRollup => ({
    root: { id: 'hq', name: 'hq' },
    children: ids.map((id) => ({ id, name: id.toUpperCase() })),
    groupOf: (unitId) => ({ id: unitId, name: unitId.toUpperCase() }),
  });
  /** `met` on-time and `late` breached replies for a unit. */
  const record = (unitId: string, met: number, late: number): ReportedCase[] => [
    ...Array.from({ length: met }, () => replied('met', 1, { unitId })),
    ...Array.from({ length: late }, () => replied('breached', 1, { unitId })),
  ];

  it('rewards the top 3 and names the bottom 2, ties going to more decided deadlines, then the unit id', () => {
    const cases = [...record('u1', 9, 1), ...record('u2', 1, 1), ...record('u3', 3, 0), ...record('u4', 1, 0), ...record('u5', 2, 2), ...record('u6', 0, 4), ...record('u7', 4, 1)];
    const rows = unitRankings(cases, unitsNamed(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8']));
    expect(rows.map((row) => [row.rank, row.unitId, row.onTimeRate, row.flag])).toEqual([
      [1, 'u3', 100, 'reward'],
      [2, 'u4', 100, 'reward'],
      [3, 'u1', 90, 'reward'],
      [4, 'u7', 80, null],
      [5, 'u5', 50, null],
      [6, 'u2', 50, 'circular'],
      [7, 'u6', 0, 'circular'],
      [null, 'u8', null, null],
    ]);
  });

  it('never names a rewarded unit: with four ranked units only one is named', () => {
    const rows = unitRankings([...record('u1', 1, 0), ...record('u2', 1, 1), ...record('u3', 0, 1), ...record('u4', 2, 1)], unitsNamed(['u1', 'u2', 'u3', 'u4']));
    expect(rows.map((row) => [row.unitId, row.flag])).toEqual([
      ['u1', 'reward'],
      ['u4', 'reward'],
      ['u2', 'reward'],
      ['u3', 'circular'],
    ]);
  });
});

describe('complaintReport', () => {
  it('counts types, responsibility and channels, with the change against the month before per group', () => {
    const cases = [
      replied('met', 1, { receivedMonth: '2026-01' }),
      replied('met', 1, { receivedMonth: '2026-02', responsibility: 'customer', channel: 'hotline' }),
      replied('met', 1, { receivedMonth: '2026-02' }),
      complaint({ receivedMonth: '2026-02', type: 'praise', replyOutcome: null }),
      complaint({ receivedMonth: '2026-04', type: 'investigation' }),
      // Praise and suggestions never count in the valid rate, even from a row that carries a responsibility.
      complaint({ receivedMonth: '2026-04', type: 'suggestion', responsibility: 'valid' }),
    ];
    const { rows, totals } = complaintReport(cases, { groupBy: ['month'], units });
    expect(rows.map((row) => [row.month, row.total, row.previousMonthTotal, row.monthOverMonthChange])).toEqual([
      ['2026-01', 1, 0, null],
      ['2026-02', 3, 1, 200],
      ['2026-04', 2, 0, null],
    ]);
    expect(rows[1]).toMatchObject({ valid: 1, customerResponsibility: 1, undecided: 0, validRate: 50, byType: { complaint: 2, praise: 1, investigation: 0, suggestion: 0 } });
    expect(rows[1].byChannel).toEqual({ walk_in: 2, comment_book: 0, letter: 0, hotline: 1, online: 0 });
    expect(totals).toMatchObject({ total: 6, valid: 2, customerResponsibility: 1, undecided: 1, validRate: 66.7 });
  });

  it('compares a unit with its own month before, not with another unit', () => {
    const cases = [complaint({ receivedMonth: '2026-01', unitId: 'a1' }), complaint({ receivedMonth: '2026-02', unitId: 'b1' })];
    const { rows } = complaintReport(cases, { groupBy: ['unit', 'month'], units });
    expect(rows.map((row) => [row.unitId, row.month, row.previousMonthTotal])).toEqual([
      ['a', '2026-01', 0],
      ['b', '2026-02', 0],
    ]);
  });
});

describe('rectificationReport', () => {
  const finding = (overrides: Partial<ReportedCase>): ReportedCase => ({ ...complaint({ replyOutcome: null, type: null, channel: null }), kind: 'finding', ...overrides });

  it('counts open, overdue, carried-over and verified findings and the mean days to verification', () => {
    const now = '2026-03-20T00:00:00.000Z';
    const cases = [
      finding({ receivedAt: '2026-03-01T00:00:00.000Z', verifiedAt: '2026-03-11T00:00:00.000Z', open: false }),
      finding({ receivedAt: '2026-03-01T00:00:00.000Z', verifiedAt: '2026-03-04T12:00:00.000Z', carryOverCount: 1 }),
      finding({ dueAt: '2026-03-19T00:00:00.000Z' }),
      finding({ dueAt: '2026-03-21T00:00:00.000Z', carryOverCount: 2 }),
      finding({ breached: true, unitId: 'b1', repeatOf: 'f0' }),
      // Cancelled by a decision that the customer was responsible (责任认定): never owed.
      finding({ state: 'cancelled', open: false, unitId: 'b1' }),
      complaint({}),
    ];
    const { rows, totals } = rectificationReport(cases, { groupBy: ['unit'], units, now });
    expect(totals).toEqual({ raised: 5, open: 3, overdue: 2, carriedOver: 2, verified: 2, averageDaysToVerified: 6.8, repeated: 1, repeatRate: 20 });
    expect(rows.map((row) => [row.unitId, row.raised, row.overdue])).toEqual([
      ['a', 4, 1],
      ['b', 1, 1],
    ]);
  });
});

describe('violationReport', () => {
  const violation = (overrides: Partial<ReportedViolation>): ReportedViolation => ({
    unitId: 'a1',
    receivedMonth: '2026-03',
    category: 'attitude',
    penalised: false,
    appealed: false,
    annulled: false,
    points: 0,
    amountFen: 0,
    ...overrides,
  });

  it('counts violations, penalties, appeals and annulments per unit, with the points and fines in force', () => {
    const violations = [
      violation({ penalised: true, points: 2, amountFen: 20_000 }),
      violation({ unitId: 'a2', penalised: true, appealed: true, points: 1, amountFen: 0 }),
      // Annulled on appeal: recorded and penalised once, nothing in force.
      violation({ unitId: 'b1', penalised: true, appealed: true, annulled: true, category: 'process' }),
      violation({ unitId: 'b1', receivedMonth: '2026-04' }),
    ];
    const { rows, totals } = violationReport(violations, { groupBy: ['unit'], units });
    expect(totals).toEqual({ recorded: 4, penalised: 3, appealed: 2, annulled: 1, pointsInForce: 3, amountFenInForce: 20_000 });
    expect(rows).toEqual([
      { unitId: 'a', unitName: 'A分行', recorded: 2, penalised: 2, appealed: 1, annulled: 0, pointsInForce: 3, amountFenInForce: 20_000 },
      { unitId: 'b', unitName: 'B分行', recorded: 2, penalised: 1, appealed: 1, annulled: 1, pointsInForce: 0, amountFenInForce: 0 },
    ]);
    expect(violationReport(violations, { groupBy: ['category', 'month'], units }).rows.map((row) => [row.category, row.month, row.recorded])).toEqual([
      ['attitude', '2026-03', 2],
      ['attitude', '2026-04', 1],
      ['process', '2026-03', 1],
    ]);
  });
});

describe('periods', () => {
  it('reads months and dates as local midnight in the bank time zone, instants as given', () => {
    expect(periodBound('2026-03', SHANGHAI)).toBe('2026-02-28T16:00:00.000Z');
    expect(periodBound('2026-03-15', SHANGHAI)).toBe('2026-03-14T16:00:00.000Z');
    expect(periodBound('2026-03-15T10:00:00+08:00', SHANGHAI)).toBe('2026-03-15T02:00:00.000Z');
    expect(['2026-02-30', '2026-13', 'March', '2026-3-1'].map((text) => periodBound(text, SHANGHAI))).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('puts an instant in a named period from its first local midnight up to, not including, the next period’s', () => {
    // 2026-Q3 in Shanghai: 2026-06-30T16:00Z ≤ instant < 2026-09-30T16:00Z.
    const inQ3 = (instant: string): boolean => inCalendarPeriod(instant, '2026-Q3', SHANGHAI);
    expect(['2026-06-30T15:59:59.999Z', '2026-06-30T16:00:00.000Z', '2026-09-30T15:59:59.999Z', '2026-09-30T16:00:00.000Z'].map(inQ3)).toEqual([false, true, true, false]);
    expect(inCalendarPeriod('2026-07-31T16:00:00.000Z', '2026-08', SHANGHAI)).toBe(true);
    expect(inCalendarPeriod('2026-12-31T16:00:00.000Z', '2026', SHANGHAI)).toBe(false);
    expect(inCalendarPeriod('2026-03-01T00:00:00.000Z', '2026-0', SHANGHAI)).toBe(false);
  });

  it('defaults to the current month and the eleven before it', () => {
    expect(defaultPeriod('2026-01-10T03:00:00.000Z', SHANGHAI)).toEqual({ from: '2025-01-31T16:00:00.000Z', to: '2026-01-10T03:00:00.000Z' });
    // 2026-02-28T20:00Z is already 1 March in Shanghai.
    expect(defaultPeriod('2026-02-28T20:00:00.000Z', SHANGHAI).from).toBe('2025-03-31T16:00:00.000Z');
  });
});

describe('toCsv', () => {
  it('writes a BOM, a header of every column met, dotted nested figures, quoting and CRLF', () => {
    const csv = toCsv([
      { unitName: '海城支行, 营业部', rate: 50.5, byType: { complaint: 2 } },
      { unitName: 'say "hi"', rate: null, extra: true },
    ]);
    expect(csv).toBe('\uFEFFunitName,rate,byType.complaint,extra\r\n"海城支行, 营业部",50.5,2,\r\n"say ""hi""",,,true\r\n');
  });

  it('keeps spreadsheets from running text as a formula, but leaves negative numbers alone', () => {
    expect(toCsv([{ name: '=HYPERLINK("x")', change: -12.5 }])).toBe('\uFEFFname,change\r\n"\'=HYPERLINK(""x"")",-12.5\r\n');
  });
});

describe('outcomeReport', () => {
  it('counts closures, days to close and satisfaction at follow-up per group, complaints only', () => {
    const cases = [
      complaint({ open: false, closedAt: '2026-03-04T02:00:00.000Z', followUpSatisfied: true }),
      complaint({ open: false, closedAt: '2026-03-12T02:00:00.000Z', followUpSatisfied: false, unitId: 'b1' }),
      complaint({ followUpSatisfied: false, unitId: 'b1' }),
      complaint({}),
      { ...complaint({ open: false, closedAt: '2026-03-03T02:00:00.000Z' }), kind: 'finding' as const },
    ];
    const { rows, totals } = outcomeReport(cases, { groupBy: ['unit'], units });
    // Received 2 March 10:00; closed after 2 and 10 days.
    expect(totals).toEqual({
      received: 4,
      closed: 2,
      closureRate: 50,
      averageDaysToClose: 6,
      medianDaysToClose: 2,
      satisfied: 1,
      unsatisfied: 2,
      satisfactionRate: 33.3,
    });
    expect(rows.map((row) => [row.unitId, row.received, row.closed, row.satisfactionRate])).toEqual([
      ['a', 2, 1, 100],
      ['b', 2, 1, 0],
    ]);
    expect(outcomeReport([], { groupBy: [], units }).totals).toMatchObject({ closureRate: null, averageDaysToClose: null, medianDaysToClose: null, satisfactionRate: null });
  });
});

describe('grouping by quarter and year', () => {
  it('puts months into their quarter and year, in order', () => {
    const cases = ['2025-12', '2026-01', '2026-03', '2026-04', '2026-09', '2026-10'].map((receivedMonth) => complaint({ receivedMonth }));
    expect(complaintReport(cases, { groupBy: ['quarter'], units }).rows.map((row) => [row.quarter, row.total])).toEqual([
      ['2025-Q4', 1],
      ['2026-Q1', 2],
      ['2026-Q2', 1],
      ['2026-Q3', 1],
      ['2026-Q4', 1],
    ]);
    expect(complaintReport(cases, { groupBy: ['year'], units }).rows.map((row) => [row.year, row.total])).toEqual([
      ['2025', 1],
      ['2026', 5],
    ]);
  });
});

describe('inspectionCoverage', () => {
  it('divides the units inspected at least once by the units, per kind and for all kinds, ignoring other units', () => {
    const outlets = [
      { id: 'o1', name: 'O1' },
      { id: 'o2', name: 'O2' },
      { id: 'o3', name: 'O3' },
      { id: 'o4', name: 'O4' },
    ];
    const inspections = [
      { unitId: 'o1', kind: 'onsite' },
      { unitId: 'o1', kind: 'onsite' },
      { unitId: 'o2', kind: 'mystery_shopper' },
      { unitId: 'o3', kind: 'onsite' },
      { unitId: 'sub', kind: 'onsite' },
    ];
    expect(inspectionCoverage(inspections, outlets, ['onsite', 'mystery_shopper', 'self'])).toEqual([
      { kind: 'onsite', inspections: 3, inspectedUnits: 2, units: 4, coverage: 50 },
      { kind: 'mystery_shopper', inspections: 1, inspectedUnits: 1, units: 4, coverage: 25 },
      { kind: 'self', inspections: 0, inspectedUnits: 0, units: 4, coverage: 0 },
      { kind: 'all', inspections: 4, inspectedUnits: 3, units: 4, coverage: 75 },
    ]);
    expect(inspectionCoverage([], [], ['onsite'])[0].coverage).toBeNull();
  });
});

describe('named periods', () => {
  it('reads quarters, months and years as local midnights, and names the period holding an instant', () => {
    expect(namedPeriod('2026-Q3', SHANGHAI)).toEqual({ from: '2026-06-30T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' });
    expect(namedPeriod('2026-Q4', SHANGHAI)).toEqual({ from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(namedPeriod('2026-02', SHANGHAI)).toEqual({ from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    expect(namedPeriod('2026', SHANGHAI)).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(['2026-Q5', '2026-13', '26-Q1', 'Q3'].map((text) => namedPeriod(text, SHANGHAI))).toEqual([undefined, undefined, undefined, undefined]);
    expect(['2026-Q1', '2026-01', '2026', 'x'].map(namedPeriodKind)).toEqual(['quarter', 'month', 'year', undefined]);
    // 30 September 20:00 UTC is already 1 October in Shanghai.
    expect(currentNamedPeriod('2026-09-30T20:00:00.000Z', 'quarter', SHANGHAI)).toBe('2026-Q4');
    expect(currentNamedPeriod('2026-09-30T20:00:00.000Z', 'month', SHANGHAI)).toBe('2026-10');
    expect(currentNamedPeriod('2026-09-30T20:00:00.000Z', 'year', SHANGHAI)).toBe('2026');
  });
});

describe('unitScoreInputs', () => {
  it("gathers each unit's subtree: its scored inspections, valid 投诉, decided deadlines and penalty points", () => {
    const scoredUnits = [
      { id: 'a1', name: 'A1', figures: { counters: 2 }, memberIds: new Set(['a1']) },
      { id: 'b', name: 'B', figures: {}, memberIds: new Set(['b', 'b1']) },
    ];
    const cases = [
      replied('met', 1),
      replied('breached', 1, { type: 'investigation' }),
      replied('met', 1, { responsibility: 'customer' }),
      replied('on_spot', 0, { unitId: 'b1' }),
      complaint({ unitId: 'c1', responsibility: 'valid' }),
      { ...replied('met', 1), kind: 'finding' as const },
    ];
    const inspections = [
      { unitId: 'a1', scorePercent: 80 },
      { unitId: 'a1', scorePercent: null },
      { unitId: 'b1', scorePercent: 60 },
      { unitId: 'c1', scorePercent: 10 },
    ];
    expect(
      unitScoreInputs(
        scoredUnits,
        cases,
        inspections,
        new Map([
          ['b1', 3],
          ['b', 1],
          ['a2', 9],
        ]),
      ),
    ).toEqual([
      { unitId: 'a1', unitName: 'A1', inspectionScores: [80], validComplaints: 1, figures: { counters: 2 }, repliedOnTime: 2, breached: 1, penaltyPoints: 0 },
      { unitId: 'b', unitName: 'B', inspectionScores: [60], validComplaints: 1, figures: {}, repliedOnTime: 1, breached: 0, penaltyPoints: 4 },
    ]);
  });
});
