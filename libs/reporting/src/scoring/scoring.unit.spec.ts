import { InvalidScoringSchemeError, parseScoringScheme, type ScoringScheme } from './scoring-scheme';
import { basisFigureOf, complaintPartScore, rankUnitScores, unitScore, type UnitScoreInput } from './unit-scores';

const scheme: ScoringScheme = {
  id: 'outlet-service',
  version: 1,
  name: '网点服务考核',
  period: 'quarter',
  weights: { inspection: 50, complaints: 30, onTime: 20 },
  complaints: { basis: 'per10kTransactions', fullMarksAtOrBelow: 0, zeroAtOrAbove: 1 },
  penalties: { perPenaltyPoint: 1, maxDeduction: 10 },
};
const { id: _id, version: _version, ...body } = scheme;

const input = (overrides: Partial<UnitScoreInput>): UnitScoreInput => ({
  unitId: 'o1',
  unitName: 'O1',
  inspectionScores: [90, 80],
  validComplaints: 1,
  figures: { transactionsPerQuarter: 20_000, counters: 4 },
  repliedOnTime: 3,
  breached: 1,
  penaltyPoints: 0,
  ...overrides,
});

describe('parseScoringScheme', () => {
  it('takes a whole scheme with the id and version given, the period a quarter by default', () => {
    const { period: _period, ...withoutPeriod } = body;
    expect(parseScoringScheme(withoutPeriod, 'outlet-service', 3)).toEqual({ ...scheme, version: 3 });
    expect(parseScoringScheme({ ...body, period: 'year' }, 'outlet-service', 1).period).toBe('year');
  });

  it('names every bad field at once, in English and Chinese', () => {
    const refused = (value: unknown, id = 'outlet-service'): InvalidScoringSchemeError => {
      try {
        parseScoringScheme(value, id, 1);
      } catch (error) {
        return error as InvalidScoringSchemeError;
      }
      throw new Error('accepted');
    };
    const error = refused({
      ...body,
      id: 'other',
      colour: 'red',
      period: 'week',
      weights: { inspection: 50, complaints: 30, onTime: 30 },
      complaints: { basis: 'perCustomer', fullMarksAtOrBelow: 2, zeroAtOrAbove: 1 },
      penalties: { perPenaltyPoint: -1 },
    });
    expect(error).toBeInstanceOf(InvalidScoringSchemeError);
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'colour',
      'id',
      'period',
      'weights',
      'complaints.basis',
      'complaints.zeroAtOrAbove',
      'penalties.perPenaltyPoint',
      'penalties.maxDeduction',
    ]);
    expect(error.issues.find((issue) => issue.field === 'weights')).toEqual({ field: 'weights', message: 'must add up to 100, not 110', zh: '之和须为 100，而不是 110' });
    expect(refused({ ...body, name: ' ' }, '../x').issues.map((issue) => issue.field)).toEqual(['id', 'name']);
    expect(refused('scheme').issues).toHaveLength(1);
    expect(refused({ name: 'x' }).issues.map((issue) => issue.field)).toEqual([
      'weights',
      'weights.inspection',
      'weights.complaints',
      'weights.onTime',
      'complaints',
      'complaints.basis',
      'complaints.fullMarksAtOrBelow',
      'complaints.zeroAtOrAbove',
      'penalties',
      'penalties.perPenaltyPoint',
      'penalties.maxDeduction',
    ]);
  });
});

describe('the complaint part', () => {
  it('measures valid complaints per 10,000 transactions of the period, or per counter', () => {
    expect(basisFigureOf({ transactionsPerQuarter: 30_000 }, scheme)).toBe(3);
    expect(basisFigureOf({ transactionsPerQuarter: 30_000 }, { ...scheme, period: 'year' })).toBe(12);
    expect(basisFigureOf({ transactionsPerQuarter: 30_000 }, { ...scheme, period: 'month' })).toBeCloseTo(1);
    expect(basisFigureOf({ counters: 5 }, { ...scheme, complaints: { ...scheme.complaints, basis: 'perCounter' } })).toBe(5);
    expect([basisFigureOf({ counters: 5 }, scheme), basisFigureOf({ transactionsPerQuarter: 0 }, scheme)]).toEqual([null, null]);
    expect(basisFigureOf({ transactionsPerQuarter: 10 }, { ...scheme, complaints: { ...scheme.complaints, basis: 'perCounter' } })).toBeNull();
  });

  it('scores 100 at or below the full-marks rate, 0 at or above the zero rate, linearly between', () => {
    const limits = { basis: 'per10kTransactions' as const, fullMarksAtOrBelow: 0.5, zeroAtOrAbove: 2.5 };
    expect([0, 0.5, 1, 1.5, 2.5, 9].map((rate) => complaintPartScore(rate, limits))).toEqual([100, 100, 75, 50, 0, 0]);
  });
});

describe('unitScore', () => {
  it('weights each part and shows the figures it came from', () => {
    // Inspections 85; 1 valid complaint over 2 (×10,000 transactions) = 0.5 → 50; on time 3 of 4 = 75.
    const scored = unitScore(input({}), scheme);
    expect(scored.parts).toEqual({
      inspection: { figure: 85, score: 85, weight: 50, points: 42.5 },
      complaints: { figure: 0.5, score: 50, weight: 30, points: 15 },
      onTime: { figure: 75, score: 75, weight: 20, points: 15 },
    });
    expect(scored).toMatchObject({ score: 72.5, validComplaints: 1, basisFigure: 2, penalty: { points: 0, deducted: 0 } });
  });

  it('gives the weight of a part without data to the parts that have data', () => {
    const scored = unitScore(input({ inspectionScores: [], figures: {} }), scheme);
    expect(scored.parts.inspection).toEqual({ figure: null, score: null, weight: 50, points: null });
    expect(scored.parts.complaints).toEqual({ figure: null, score: null, weight: 30, points: null });
    expect(scored.parts.onTime).toEqual({ figure: 75, score: 75, weight: 20, points: 75 });
    expect(scored.score).toBe(75);
    expect(unitScore(input({ inspectionScores: [], figures: {}, repliedOnTime: 0, breached: 0 }), scheme).score).toBeNull();
  });

  it('deducts penalties after the weighting, capped by the scheme and never below zero', () => {
    expect(unitScore(input({ penaltyPoints: 4 }), scheme)).toMatchObject({ score: 68.5, penalty: { points: 4, deducted: 4 } });
    expect(unitScore(input({ penaltyPoints: 40 }), scheme)).toMatchObject({ score: 62.5, penalty: { points: 40, deducted: 10 } });
    const harsh = { ...scheme, penalties: { perPenaltyPoint: 50, maxDeduction: 100 } };
    expect(unitScore(input({ penaltyPoints: 2 }), harsh).score).toBe(0);
  });
});

describe('rankUnitScores', () => {
  const units = (scores: (number | null)[]): UnitScoreInput[] =>
    scores.map((score, index) =>
      input({
        unitId: `o${index + 1}`,
        unitName: `O${index + 1}`,
        inspectionScores: score === null ? [] : [score],
        figures: {},
        repliedOnTime: 0,
        breached: 0,
      }),
    );

  it('ranks best first, ties by unit id, flags the top 3 and the bottom 2, and lists unscored units last', () => {
    const ranked = rankUnitScores(units([70, 95, null, 80, 60, 80, 50, 90]), scheme);
    expect(ranked.map((row) => [row.unitId, row.rank, row.score, row.flag])).toEqual([
      ['o2', 1, 95, 'reward'],
      ['o8', 2, 90, 'reward'],
      ['o4', 3, 80, 'reward'],
      ['o6', 4, 80, null],
      ['o1', 5, 70, null],
      ['o5', 6, 60, 'circular'],
      ['o7', 7, 50, 'circular'],
      ['o3', null, null, null],
    ]);
  });

  it('never names a rewarded unit in the circular when few units are ranked', () => {
    expect(rankUnitScores(units([70, 60, 90, 80]), scheme).map((row) => row.flag)).toEqual(['reward', 'reward', 'reward', 'circular']);
    expect(rankUnitScores(units([70, 60]), scheme).map((row) => row.flag)).toEqual(['reward', 'reward']);
    expect(rankUnitScores([], scheme)).toEqual([]);
  });
});
