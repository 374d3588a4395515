export { isOverdueAt, type ReportedCase } from './reported-case';
export { round } from './figures';
export type { GroupDimension, UnitLabel, UnitRollup } from './grouping';
export { defaultPeriod, inCalendarPeriod, localDate, periodBound, type Period } from './period';
export { toCsv } from './csv';
export { slaReport, type SlaReport } from './reports/sla-report';
export { complaintReport } from './reports/complaint-report';
export { unitRankings, type RankingRow } from './reports/ranking-report';
export { rectificationReport } from './reports/rectification-report';
