import { count, round } from '../figures';
import type { UnitLabel } from '../grouping';
import type { ReportedCase } from '../reported-case';
import { rankingFlag, type RankingFlag } from '../reports/ranking-report';
import { slaFigures } from '../reports/sla-report';
import { SCORE_PARTS, type ScorePart, type ScoringPeriodKind, type ScoringScheme } from './scoring-scheme';

/** A unit's size as the organisation file gives it: what valid complaints are measured against. */
export type UnitFigures = { transactionsPerQuarter?: number; counters?: number };

/** What a unit's score is made from, for one period. */
export type UnitScoreInput = {
  unitId: string;
  unitName: string;
  /** Scores in percent of the unit's inspections in the period that scored anything. */
  inspectionScores: readonly number[];
  /** Valid complaints (投诉 judged the bank's fault) received in the period. */
  validComplaints: number;
  figures: UnitFigures;
  /** Reply deadlines decided in the period: on time (on the spot or met) and breached. */
  repliedOnTime: number;
  breached: number;
  /** Penalty points of the unit's violations decided in the period. */
  penaltyPoints: number;
};

/** One part of a score: the figure measured, its 0–100 score, its weight and the points it brings. */
export type ScoredPart = {
  /** inspection: mean inspection score %; complaints: valid complaints per basis unit; onTime: on-time %. Null without data. */
  figure: number | null;
  score: number | null;
  weight: number;
  /** score × weight ÷ the weights of the parts that have data; null without data. */
  points: number | null;
};

export type UnitScore = {
  /** 1 for the best score; null for a unit with no part to score. */
  rank: number | null;
  unitId: string;
  unitName: string;
  /** Weighted points less the penalty deduction, never below 0; null when no part has data. */
  score: number | null;
  flag: RankingFlag | null;
  parts: Record<ScorePart, ScoredPart>;
  /** The part of the complaint figure: valid complaints and what they were measured against. */
  validComplaints: number;
  basisFigure: number | null;
  penalty: { points: number; deducted: number };
};

const PERIOD_QUARTERS: Record<ScoringPeriodKind, number> = { month: 1 / 3, quarter: 1, year: 4 };

/** What valid complaints are divided by: transactions of the period in tens of thousands, or counters; null when the org file gives none. */
export function basisFigureOf(figures: UnitFigures, scheme: Pick<ScoringScheme, 'complaints' | 'period'>): number | null {
  if (scheme.complaints.basis === 'perCounter') return figures.counters !== undefined && figures.counters > 0 ? figures.counters : null;
  const transactions = figures.transactionsPerQuarter;
  return transactions !== undefined && transactions > 0 ? (transactions * PERIOD_QUARTERS[scheme.period]) / 10_000 : null;
}

/** 100 at or below the full-marks rate, 0 at or above the zero rate, linear in between. */
export function complaintPartScore(rate: number, complaints: ScoringScheme['complaints']): number {
  if (rate <= complaints.fullMarksAtOrBelow) return 100;
  if (rate >= complaints.zeroAtOrAbove) return 0;
  return (100 * (complaints.zeroAtOrAbove - rate)) / (complaints.zeroAtOrAbove - complaints.fullMarksAtOrBelow);
}

/**
 * One unit's score under a scheme. A part without data (no scored inspection, no unit figure, no
 * decided deadline) leaves its weight to the parts that have data, so a unit is never marked down
 * for what nobody measured; penalties are deducted after, capped by the scheme.
 */
export function unitScore(input: UnitScoreInput, scheme: ScoringScheme): Omit<UnitScore, 'rank' | 'flag'> {
  const basisFigure = basisFigureOf(input.figures, scheme);
  const inspection = input.inspectionScores.length === 0 ? null : input.inspectionScores.reduce((sum, score) => sum + score, 0) / input.inspectionScores.length;
  const complaintRate = basisFigure === null ? null : input.validComplaints / basisFigure;
  const decided = input.repliedOnTime + input.breached;
  const onTime = decided === 0 ? null : (100 * input.repliedOnTime) / decided;
  const measured: Record<ScorePart, { figure: number | null; score: number | null }> = {
    inspection: { figure: inspection, score: inspection },
    complaints: { figure: complaintRate, score: complaintRate === null ? null : complaintPartScore(complaintRate, scheme.complaints) },
    onTime: { figure: onTime, score: onTime },
  };
  const weightWithData = SCORE_PARTS.reduce((sum, part) => sum + (measured[part].score === null ? 0 : scheme.weights[part]), 0);
  const parts = Object.fromEntries(
    SCORE_PARTS.map((part) => {
      const { figure, score } = measured[part];
      const points = score === null || weightWithData === 0 ? null : (score * scheme.weights[part]) / weightWithData;
      return [
        part,
        {
          figure: figure === null ? null : round(figure, 2),
          score: score === null ? null : round(score, 1),
          weight: scheme.weights[part],
          points: points === null ? null : round(points, 1),
        },
      ];
    }),
  ) as Record<ScorePart, ScoredPart>;
  const deducted = Math.min(scheme.penalties.maxDeduction, input.penaltyPoints * scheme.penalties.perPenaltyPoint);
  const weighted = SCORE_PARTS.reduce((sum, part) => (measured[part].score === null ? sum : sum + (measured[part].score * scheme.weights[part]) / weightWithData), 0);
  return {
    unitId: input.unitId,
    unitName: input.unitName,
    score: weightWithData === 0 ? null : round(Math.max(0, weighted - deducted), 1),
    parts,
    validComplaints: input.validComplaints,
    basisFigure: basisFigure === null ? null : round(basisFigure, 2),
    penalty: { points: input.penaltyPoints, deducted: round(deducted, 1) },
  };
}

/**
 * Every unit's score, best first: ties go to the unit id so the order never depends on input
 * order; units without a score come last, unranked. The top 3 are flagged reward and the bottom 2
 * of the ranked units not rewarded circular (通报), as in the on-time ranking.
 */
export function rankUnitScores(inputs: readonly UnitScoreInput[], scheme: ScoringScheme): UnitScore[] {
  const scored = inputs.map((input) => unitScore(input, scheme));
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.unitId.localeCompare(b.unitId));
  const ranked = scored.filter((row) => row.score !== null).length;
  return scored.map((row, index) => ({ rank: index < ranked ? index + 1 : null, ...row, flag: rankingFlag(index, ranked) }));
}

/** A unit to score: its figures, and the units whose cases and inspections count for it (itself and its subtree). */
export type ScoredUnit = UnitLabel & { figures: UnitFigures; memberIds: ReadonlySet<string> };

/** What a score reads of one inspection of the period: the unit inspected and its score, null when nothing was scored. */
export type ScoredInspection = { unitId: string; scorePercent: number | null };

/**
 * Each unit's inputs from the period's cases and inspections: valid complaints are 投诉 judged the
 * bank's fault; on time counts every case that owed a reply, as the SLA report does; penalty
 * points are summed over the unit's subtree.
 */
export function unitScoreInputs(
  units: readonly ScoredUnit[],
  cases: readonly ReportedCase[],
  inspections: readonly ScoredInspection[],
  penaltyPoints: ReadonlyMap<string, number>,
): UnitScoreInput[] {
  return units.map((unit) => {
    const own = cases.filter((reported) => reported.kind === 'complaint' && unit.memberIds.has(reported.unitId));
    const { repliedOnTime, breached } = slaFigures(own, 0);
    return {
      unitId: unit.id,
      unitName: unit.name,
      inspectionScores: inspections.flatMap((inspection) => (unit.memberIds.has(inspection.unitId) && inspection.scorePercent !== null ? [inspection.scorePercent] : [])),
      validComplaints: count(own, (reported) => reported.type === 'complaint' && reported.responsibility === 'valid'),
      figures: unit.figures,
      repliedOnTime,
      breached,
      penaltyPoints: [...unit.memberIds].reduce((sum, unitId) => sum + (penaltyPoints.get(unitId) ?? 0), 0),
    };
  });
}
