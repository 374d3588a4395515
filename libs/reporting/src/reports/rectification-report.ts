import { count, MS_PER_DAY, percentage, round } from '../figures';
import { groupCases, type GroupDimension, type GroupKey, type UnitRollup } from '../grouping';
import { isOverdueAt, type ReportedCase } from '../reported-case';

export type RectificationFigures = {
  raised: number;
  /** Rectification still outstanding: neither verified nor closed. */
  open: number;
  /** Open with the rectification deadline passed. */
  overdue: number;
  /** Failed a re-inspection at least once (遗留, rectified again). */
  carriedOver: number;
  /** Passed re-inspection (效果评估). */
  verified: number;
  /** Mean calendar days from raised to verified, one decimal. */
  averageDaysToVerified: number | null;
  /** Findings that name an earlier finding they repeat, and their share of those raised, in %. */
  repeated: number;
  repeatRate: number | null;
};

export type RectificationReportRow = GroupKey & RectificationFigures;
export type RectificationReport = { rows: RectificationReportRow[]; totals: RectificationFigures };

export function rectificationFigures(findings: readonly ReportedCase[], now: string): RectificationFigures {
  const repeated = count(findings, (finding) => finding.repeatOf != null);
  const verifiedDays = findings.flatMap((finding) => (finding.verifiedAt === null ? [] : [(Date.parse(finding.verifiedAt) - Date.parse(finding.receivedAt)) / MS_PER_DAY]));
  return {
    raised: findings.length,
    open: count(findings, (finding) => finding.open && finding.verifiedAt === null),
    overdue: count(findings, (finding) => isOverdueAt(finding, now)),
    carriedOver: count(findings, (finding) => finding.carryOverCount > 0),
    verified: verifiedDays.length,
    averageDaysToVerified: verifiedDays.length === 0 ? null : round(verifiedDays.reduce((sum, days) => sum + days, 0) / verifiedDays.length, 1),
    repeated,
    repeatRate: percentage(repeated, findings.length),
  };
}

/** Rectification of findings per group, `now` deciding what is overdue; findings cancelled by a responsibility decision were never owed and count nowhere. */
export function rectificationReport(cases: readonly ReportedCase[], options: { groupBy: readonly GroupDimension[]; units: UnitRollup; now: string }): RectificationReport {
  const findings = cases.filter((reported) => reported.kind === 'finding' && reported.state !== 'cancelled');
  return {
    rows: groupCases(findings, options.groupBy, options.units).map((group) => ({ ...group.key, ...rectificationFigures(group.cases, options.now) })),
    totals: rectificationFigures(findings, options.now),
  };
}
