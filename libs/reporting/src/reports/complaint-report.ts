import { count, countBy, percentage } from '../figures';
import { groupCases, keyText, previousMonth, type GroupDimension, type GroupKey, type UnitRollup } from '../grouping';
import type { ReportedCase } from '../reported-case';

export const REPORTED_CASE_TYPES = ['complaint', 'investigation', 'suggestion', 'praise'] as const;
export const REPORTED_CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'online'] as const;

export type ComplaintFigures = {
  total: number;
  /** 投诉 / 协查 / 建议 / 表扬. */
  byType: Record<string, number>;
  /**
   * 责任认定 in force (the owning department's decision, else the reply's proposal): valid complaint
   * (bank at fault), customer responsibility, not decided yet. Praise and suggestions are none of these.
   */
  valid: number;
  customerResponsibility: number;
  undecided: number;
  /** valid / (valid + customerResponsibility), in %: praise and suggestions never count. */
  validRate: number | null;
  byChannel: Record<string, number>;
};

/** Month over month, present when grouped by month: the same group's total in the month before. */
export type MonthOverMonth = { previousMonthTotal: number; monthOverMonthChange: number | null };

export type ComplaintReportRow = GroupKey & ComplaintFigures & Partial<MonthOverMonth>;
export type ComplaintReport = { rows: ComplaintReportRow[]; totals: ComplaintFigures };

/** 表扬 and 建议 blame nobody: they take no responsibility decision, whatever a row from before that rule says. */
const TYPES_WITHOUT_RESPONSIBILITY: readonly (string | null)[] = ['praise', 'suggestion'];

export function complaintFigures(cases: readonly ReportedCase[]): ComplaintFigures {
  const decidable = cases.filter((reported) => !TYPES_WITHOUT_RESPONSIBILITY.includes(reported.type));
  const valid = count(decidable, (reported) => reported.responsibility === 'valid');
  const customerResponsibility = count(decidable, (reported) => reported.responsibility === 'customer');
  return {
    total: cases.length,
    byType: countBy(cases, REPORTED_CASE_TYPES, (reported) => reported.type),
    valid,
    customerResponsibility,
    undecided: decidable.length - valid - customerResponsibility,
    validRate: percentage(valid, valid + customerResponsibility),
    byChannel: countBy(cases, REPORTED_CHANNELS, (reported) => reported.channel),
  };
}

/** Complaint statistics as the circular (通报) needs them, every case type included. */
export function complaintReport(cases: readonly ReportedCase[], options: { groupBy: readonly GroupDimension[]; units: UnitRollup }): ComplaintReport {
  const complaints = cases.filter((reported) => reported.kind === 'complaint');
  const rows: ComplaintReportRow[] = groupCases(complaints, options.groupBy, options.units).map((group) => ({ ...group.key, ...complaintFigures(group.cases) }));
  if (options.groupBy.includes('month')) {
    const totals = new Map(rows.map((row) => [keyText(row, options.groupBy), row.total]));
    for (const row of rows) {
      const previousMonthTotal = totals.get(keyText({ ...row, month: previousMonth(row.month!) }, options.groupBy)) ?? 0;
      row.previousMonthTotal = previousMonthTotal;
      // Change in % against the month before; null when that month had none.
      row.monthOverMonthChange = previousMonthTotal === 0 ? null : percentage(row.total - previousMonthTotal, previousMonthTotal);
    }
  }
  return { rows, totals: complaintFigures(complaints) };
}
