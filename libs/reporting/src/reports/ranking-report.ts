import { groupCases, type UnitRollup } from '../grouping';
import type { ReportedCase } from '../reported-case';
import { owedReply, slaFigures } from './sla-report';

/** The seed documents' rule: the top 3 units are rewarded, the bottom 2 named in the circular (通报). */
export const REWARDED_UNITS = 3;
export const NAMED_UNITS = 2;

export type RankingFlag = 'reward' | 'circular';

/** The flag of the unit at `index` of a list whose first `ranked` units are ranked, best first. */
export function rankingFlag(index: number, ranked: number): RankingFlag | null {
  const rewarded = Math.min(REWARDED_UNITS, ranked);
  const named = Math.min(NAMED_UNITS, ranked - rewarded);
  return index < rewarded ? 'reward' : index >= ranked - named && index < ranked ? 'circular' : null;
}

export type RankingRow = {
  /** 1 for the best on-time rate; null for a unit with no decided reply deadline in the period. */
  rank: number | null;
  unitId: string;
  unitName: string;
  received: number;
  repliedOnTime: number;
  breached: number;
  onTimeRate: number | null;
  flag: RankingFlag | null;
};

/**
 * Every child unit of the report's unit, best on-time rate first. Ties go to the unit with more
 * decided deadlines, then by unit id, so the order never depends on input order. Units without a
 * rate come last, unranked and unflagged; the bottom 2 are taken from the ranked units not rewarded.
 */
export function unitRankings(cases: readonly ReportedCase[], units: UnitRollup): RankingRow[] {
  const groups = new Map(groupCases(cases.filter(owedReply), ['unit'], units).map((group) => [group.key.unitId!, group.cases]));
  const rows = units.children.map((unit) => {
    const { received, repliedOnTime, breached, onTimeRate } = slaFigures(groups.get(unit.id) ?? [], 0);
    return { unitId: unit.id, unitName: unit.name, received, repliedOnTime, breached, onTimeRate };
  });
  const decided = (row: (typeof rows)[number]): number => row.repliedOnTime + row.breached;
  rows.sort((a, b) => (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || decided(b) - decided(a) || a.unitId.localeCompare(b.unitId));
  const ranked = rows.filter((row) => row.onTimeRate !== null).length;
  return rows.map((row, index) => ({ rank: index < ranked ? index + 1 : null, ...row, flag: rankingFlag(index, ranked) }));
}
