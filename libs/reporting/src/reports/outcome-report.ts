import { count, MS_PER_DAY, nearestRank, percentage, round } from '../figures';
import { groupCases, type GroupDimension, type GroupKey, type UnitRollup } from '../grouping';
import type { ReportedCase } from '../reported-case';

export type OutcomeFigures = {
  received: number;
  /** Closed (signed off) or withdrawn. */
  closed: number;
  /** closed / received, in % (结案率). */
  closureRate: number | null;
  /** Calendar days from receipt to closure, one decimal: mean and nearest-rank median (结案效率). */
  averageDaysToClose: number | null;
  medianDaysToClose: number | null;
  /** Complaints whose latest follow-up (回访) found the customer satisfied, or not. */
  satisfied: number;
  unsatisfied: number;
  /** satisfied / (satisfied + unsatisfied), in %. */
  satisfactionRate: number | null;
};

export type OutcomeReportRow = GroupKey & OutcomeFigures;
export type OutcomeReport = { rows: OutcomeReportRow[]; totals: OutcomeFigures };

export function outcomeFigures(complaints: readonly ReportedCase[]): OutcomeFigures {
  const days = complaints.flatMap((complaint) =>
    complaint.open || complaint.closedAt === null ? [] : [(Date.parse(complaint.closedAt) - Date.parse(complaint.receivedAt)) / MS_PER_DAY],
  );
  const satisfied = count(complaints, (complaint) => complaint.followUpSatisfied === true);
  const unsatisfied = count(complaints, (complaint) => complaint.followUpSatisfied === false);
  const median = nearestRank(days, 0.5);
  return {
    received: complaints.length,
    closed: days.length,
    closureRate: percentage(days.length, complaints.length),
    averageDaysToClose: days.length === 0 ? null : round(days.reduce((sum, value) => sum + value, 0) / days.length, 1),
    medianDaysToClose: median === null ? null : round(median, 1),
    satisfied,
    unsatisfied,
    satisfactionRate: percentage(satisfied, satisfied + unsatisfied),
  };
}

/** How complaints ended, per group: closure rate, days to close and satisfaction at follow-up. */
export function outcomeReport(cases: readonly ReportedCase[], options: { groupBy: readonly GroupDimension[]; units: UnitRollup }): OutcomeReport {
  const complaints = cases.filter((reported) => reported.kind === 'complaint');
  return {
    rows: groupCases(complaints, options.groupBy, options.units).map((group) => ({ ...group.key, ...outcomeFigures(group.cases) })),
    totals: outcomeFigures(complaints),
  };
}
