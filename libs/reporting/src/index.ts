export { isOverdueAt, type ReportedCase } from './reported-case';
export { nearestRank, percentage, round } from './figures';
export { GROUP_DIMENSIONS, type GroupDimension, type GroupKey, type UnitLabel, type UnitRollup } from './grouping';
export { defaultPeriod, localDate, periodBound, type Period } from './period';
export { toCsv } from './csv';
export { owedReply, slaFigures, slaReport, type SlaFigures, type SlaReport, type SlaReportRow } from './reports/sla-report';
export { complaintReport, type ComplaintFigures, type ComplaintReport, type ComplaintReportRow } from './reports/complaint-report';
export { NAMED_UNITS, REWARDED_UNITS, unitRankings, type RankingFlag, type RankingRow } from './reports/ranking-report';
export { rectificationReport, type RectificationFigures, type RectificationReport, type RectificationReportRow } from './reports/rectification-report';
