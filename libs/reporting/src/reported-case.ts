/** What the reports read of one complaint or finding; the case read model's rows have this shape. */
export type ReportedCase = {
  kind: 'complaint' | 'finding';
  id: string;
  /** The unit the case belongs to (received at, or inspected); reports never move it with escalation. */
  unitId: string;
  open: boolean;
  /** Lifecycle state; a finding `cancelled` by a responsibility decision (责任认定) was never owed. */
  state: string;
  /** Complaints: 投诉 complaint / 协查 investigation / 建议 suggestion / 表扬 praise. */
  type: string | null;
  category: string;
  channel: string | null;
  escalationLevel: number;
  receivedAt: string;
  /** YYYY-MM of receipt in the bank's time zone. */
  receivedMonth: string;
  repliedAt: string | null;
  dueAt: string | null;
  breached: boolean;
  responsibility: string | null;
  replyOutcome: 'on_spot' | 'met' | 'breached' | 'open' | 'cancelled' | null;
  replyBusinessMs: number | null;
  verifiedAt: string | null;
  /** Closed or withdrawn: the case's end. */
  closedAt: string | null;
  /** The latest follow-up (回访) of a complaint: satisfied or not; null before any. */
  followUpSatisfied: boolean | null;
  carryOverCount: number;
  /** The earlier finding this one repeats (重复发生); null when none was named, and for complaints. */
  repeatOf: string | null;
};

/** Overdue at `now`: open with a breached clock, or a running clock due before now. */
export function isOverdueAt(reported: Pick<ReportedCase, 'open' | 'breached' | 'dueAt'>, now: string): boolean {
  return reported.open && (reported.breached || (reported.dueAt !== null && reported.dueAt < now));
}
