export { isOverdueAt, type ReportedCase } from './reported-case';
export { round } from './figures';
export { GROUP_DIMENSIONS, type GroupDimension, type UnitLabel, type UnitRollup } from './grouping';
export { currentNamedPeriod, defaultPeriod, inCalendarPeriod, localDate, namedPeriod, namedPeriodKind, periodBound, type Period } from './period';
export { toCsv } from './csv';
export { slaReport, type SlaReport } from './reports/sla-report';
export { complaintReport } from './reports/complaint-report';
export { unitRankings, type RankingRow } from './reports/ranking-report';
export { rectificationReport } from './reports/rectification-report';
export { outcomeReport } from './reports/outcome-report';
export { violationReport, type ReportedViolation } from './reports/violation-report';
export { inspectionCoverage, type CoverageInspection, type CoverageRow } from './reports/inspection-coverage';
export {
  COMPLAINT_BASES,
  InvalidScoringSchemeError,
  parseScoringScheme,
  SCORE_PARTS,
  SCORING_PERIODS,
  SCORING_SCHEME_ID,
  type ScoringScheme,
  type SchemeIssue,
} from './scoring/scoring-scheme';
export {
  basisFigureOf,
  rankUnitScores,
  unitScore,
  unitScoreInputs,
  type ScoredInspection,
  type ScoredUnit,
  type UnitFigures,
  type UnitScore,
  type UnitScoreInput,
} from './scoring/unit-scores';
