import { count, MS_PER_HOUR, nearestRank, percentage, round } from '../figures';
import { groupCases, type GroupDimension, type GroupKey, type UnitRollup } from '../grouping';
import type { ReportedCase } from '../reported-case';

export type SlaFigures = {
  /** Complaints received that owed a reply (a reply deadline, or answered on the spot). */
  received: number;
  replied: number;
  /** On the spot (即办) or before the reply deadline. */
  repliedOnTime: number;
  /** Past the reply deadline: replied late, or not replied yet. */
  breached: number;
  /** Deadline still ahead, no reply yet. */
  pending: number;
  withdrawn: number;
  /** Cases that climbed at least that many levels (automatic or confirmed escalations). */
  escalatedByLevel: Record<string, number>;
  /** Time to the first reply in business hours (as the reply clock counts them), nearest-rank. */
  medianReplyBusinessHours: number | null;
  p90ReplyBusinessHours: number | null;
  /** repliedOnTime / (repliedOnTime + breached), in %; null when no deadline has been decided. */
  onTimeRate: number | null;
};

export type SlaReportRow = GroupKey & SlaFigures;
export type SlaReport = { rows: SlaReportRow[]; totals: SlaFigures };

/** The complaints the SLA figures count: those that owed the customer a reply. */
export function owedReply(reported: ReportedCase): boolean {
  return reported.kind === 'complaint' && reported.replyOutcome !== null;
}

const businessHours = (ms: number | null): number | null => (ms === null ? null : round(ms / MS_PER_HOUR, 2));

export function slaFigures(cases: readonly ReportedCase[], maxEscalationLevel: number): SlaFigures {
  const owing = cases.filter(owedReply);
  const repliedOnTime = count(owing, (reported) => reported.replyOutcome === 'on_spot' || reported.replyOutcome === 'met');
  const breached = count(owing, (reported) => reported.replyOutcome === 'breached');
  const replyTimes = owing.flatMap((reported) => (reported.repliedAt !== null && reported.replyBusinessMs !== null ? [reported.replyBusinessMs] : []));
  const levels = Array.from({ length: maxEscalationLevel }, (_, index) => index + 1);
  return {
    received: owing.length,
    replied: count(owing, (reported) => reported.repliedAt !== null),
    repliedOnTime,
    breached,
    pending: count(owing, (reported) => reported.replyOutcome === 'open'),
    withdrawn: count(owing, (reported) => reported.replyOutcome === 'cancelled'),
    escalatedByLevel: Object.fromEntries(levels.map((level) => [String(level), count(owing, (reported) => reported.escalationLevel >= level)])),
    medianReplyBusinessHours: businessHours(nearestRank(replyTimes, 0.5)),
    p90ReplyBusinessHours: businessHours(nearestRank(replyTimes, 0.9)),
    onTimeRate: percentage(repliedOnTime, repliedOnTime + breached),
  };
}

/** SLA compliance per group; groups hold complaints that owed a reply only. */
export function slaReport(cases: readonly ReportedCase[], options: { groupBy: readonly GroupDimension[]; units: UnitRollup; maxEscalationLevel: number }): SlaReport {
  const owing = cases.filter(owedReply);
  return {
    rows: groupCases(owing, options.groupBy, options.units).map((group) => ({ ...group.key, ...slaFigures(group.cases, options.maxEscalationLevel) })),
    totals: slaFigures(owing, options.maxEscalationLevel),
  };
}
