import type { LeanEvent } from '@duban/event-store';
import { DEFAULT_TIME_ZONE, elapsed, foldClocks, isOpen, type Calendar, type ClockState, caseOfStream, type CaseKind } from '@duban/sla';
import { localDate } from '@duban/reporting';

import { answeringUnitOf, complaintDecider, findingDecider, responsibilityInForce, toStoredEvent, type ComplaintClosed } from '@duban/workflow';

/** One complaint or finding as the list queries and work queues read it. */
export type CaseRow = {
  stream: string;
  kind: CaseKind;
  id: string;
  /** 案件编号; null for a case registered before numbers existed. */
  number: string | null;
  state: string;
  /** False once the lifecycle reached a final state (closed, withdrawn). */
  open: boolean;
  unitId: string;
  responsibleUnitId: string;
  assigneeId: string | null;
  /** Complaints only: 投诉 / 协查 / 建议 / 表扬. */
  type: string | null;
  category: string;
  /** Complaints only. */
  channel: string | null;
  /** A complaint's priority or a finding's severity. */
  priority: string;
  escalationLevel: number;
  /** A finding counts from when it was raised. */
  receivedAt: string;
  /** The reply (complaint) or report (finding) in force. */
  repliedAt: string | null;
  closedAt: string | null;
  /** Nearest due time of the running clocks; null when none runs (paused clocks have no due time that counts). */
  dueAt: string | null;
  /** Some open clock has breached: overdue whatever the running clocks say. */
  breached: boolean;
  description: string;
  updatedAt: string;
  /** Month of receipt in the bank's time zone (YYYY-MM): the reports' month. */
  receivedMonth: string;
  /**
   * 责任认定 in force (complaints only): the owning department's decision on the latest reply, else
   * the reply's proposal; valid (bank at fault) or customer; null before a reply and for praise and suggestions.
   */
  responsibility: string | null;
  /** How the reply deadline went; null when the case owes no reply (no level-0 reply clock and no reply on the spot). */
  replyOutcome: ReplyOutcome | null;
  /** Business time from receipt to the first reply as the reply clock counts it, pauses excluded; 0 on the spot. */
  replyBusinessMs: number | null;
  /** The satisfied follow-up (complaint) or passed re-inspection (finding) in force. */
  verifiedAt: string | null;
  /** The latest follow-up (回访) of a complaint: the customer satisfied or not; null before any, and for findings. */
  followUpSatisfied: boolean | null;
  /** Failed re-inspections (遗留, carried over); 0 for complaints. */
  carryOverCount: number;
  /**
   * Complaints followed up, or owing no follow-up (即办, anonymous), waiting for sign-off (待签字):
   * the unit working the case, whose head (or the nearest head above it) signs; null otherwise.
   */
  signOffUnitId: string | null;
  /** The earlier finding a finding repeats (重复发生); null when none was named, and for complaints. */
  repeatOf: string | null;
  /** Global position of the last event folded into this row. */
  position: bigint;
};

/**
 * on_spot: answered during registration (即办); met / breached: replied in time or late (breached
 * also while a late reply is still outstanding, and after a withdrawal past the deadline); open: the
 * deadline is still ahead; cancelled: withdrawn before it.
 */
export const REPLY_OUTCOMES = ['on_spot', 'met', 'breached', 'open', 'cancelled'] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];

/** The calendar a clock recorded, by id and version; undefined when the read model has not seen it. */
export type CalendarLookup = (calendarId: string, version: number) => Calendar | undefined;

const REPLY_TARGET = 'reply';

/** No zone's offset from UTC has reached 16 hours, even in local mean time. */
const ZONE_OFFSET_BOUND_MS = 16 * 3_600_000;

/**
 * YYYY-MM of an instant in the bank's time zone. When the instant is over 16 hours from a UTC
 * month boundary, the local month is the UTC one: Intl (about 10 µs a row) only near a boundary.
 */
function monthOf(iso: string): string {
  const ms = Date.parse(iso);
  const sameMonthAround = new Date(ms - ZONE_OFFSET_BOUND_MS).getUTCMonth() === new Date(ms + ZONE_OFFSET_BOUND_MS).getUTCMonth();
  return sameMonthAround ? new Date(ms).toISOString().slice(0, 7) : localDate(iso, DEFAULT_TIME_ZONE).slice(0, 7);
}

function replyOutcomeOf(clock: ClockState | undefined, onSpot: boolean): ReplyOutcome | null {
  if (onSpot) return 'on_spot';
  if (!clock) return null;
  // A breach once recorded stays one, even when a withdrawal later cancelled the clock.
  if (clock.outcome === 'breached' || clock.breachedAt !== null) return 'breached';
  if (clock.outcome === 'cancelled') return 'cancelled';
  return clock.outcome === 'met' ? 'met' : 'open';
}

/** Business time the reply took, measured with the calendar version the clock was started with. */
function replyBusinessMsOf(clock: ClockState | undefined, onSpot: boolean, calendarOf: CalendarLookup): number | null {
  if (onSpot) return 0;
  if (!clock || clock.stoppedAt === null || clock.outcome === 'cancelled') return null;
  const calendar = calendarOf(clock.calendarId, clock.calendarVersion);
  if (!calendar) return null;
  return Math.max(0, elapsed(new Date(clock.startedAt), new Date(clock.stoppedAt), clock.basis, calendar) - clock.pausedTotalMs);
}

/** Instants as stored in the read model: one format, so that text order is time order. */
function instant(iso: string): string;
function instant(iso: string | null | undefined): string | null;
function instant(iso: string | null | undefined): string | null {
  return iso == null ? null : new Date(iso).toISOString();
}

/** Folds a case stream's history (up to and including the event being projected) into its row; undefined before the creation event. */
export function caseRowOf(history: readonly LeanEvent[], calendarOf: CalendarLookup): CaseRow | undefined {
  const last = history.at(-1);
  const located = last && caseOfStream(last.stream);
  if (!last || !located) return undefined;
  const stored = history.map(toStoredEvent);
  const clocks = foldClocks(stored);
  const running = clocks
    .filter((clock) => clock.state === 'running')
    .map((clock) => instant(clock.dueAt))
    .sort();
  // Written out in each row literal below rather than spread into it: a literal that starts with a
  // spread and adds 20 more fields takes V8's slow path, about 50 µs a row.
  const { stream, position } = last;
  const { kind } = located;
  const dueAt = running[0] ?? null;
  const breached = clocks.some((clock) => isOpen(clock) && clock.state === 'breached');
  const replyClock = clocks.find((clock) => clock.target === REPLY_TARGET && clock.level === 0);
  if (kind === 'complaint') {
    const state = complaintDecider.fold(stored);
    if (state.value === 'none') return undefined;
    const complaint = state.context;
    const onSpot = complaint.replies[0]?.onSpot === true;
    return {
      stream,
      kind,
      dueAt,
      breached,
      position,
      id: complaint.complaintId,
      number: complaint.number,
      state: state.value,
      open: state.status !== 'done',
      unitId: complaint.unitId,
      responsibleUnitId: complaint.responsibleUnitId,
      assigneeId: complaint.assigneeId,
      type: complaint.caseType,
      category: complaint.category,
      channel: complaint.channel,
      priority: complaint.priority,
      escalationLevel: complaint.escalationLevel,
      receivedAt: instant(complaint.receivedAt),
      repliedAt: instant(complaint.replies.at(-1)?.occurredAt),
      closedAt: instant(complaint.closure?.occurredAt ?? complaint.withdrawal?.occurredAt),
      description: complaint.description,
      updatedAt: instant(complaint.updatedAt),
      receivedMonth: monthOf(complaint.receivedAt),
      responsibility: responsibilityInForce(complaint),
      replyOutcome: replyOutcomeOf(replyClock, onSpot),
      replyBusinessMs: replyBusinessMsOf(replyClock, onSpot, calendarOf),
      verifiedAt: instant(complaint.followUps.filter((followUp) => followUp.satisfied).at(-1)?.occurredAt),
      followUpSatisfied: complaint.followUps.at(-1)?.satisfied ?? null,
      carryOverCount: 0,
      signOffUnitId: state.can({ type: 'ComplaintClosed' } as ComplaintClosed) ? answeringUnitOf(complaint) : null,
      repeatOf: null,
    };
  }
  const state = findingDecider.fold(stored);
  if (state.value === 'none') return undefined;
  const finding = state.context;
  return {
    stream,
    kind,
    dueAt,
    breached,
    position,
    id: finding.findingId,
    number: finding.number,
    state: state.value,
    open: state.status !== 'done',
    unitId: finding.unitId,
    responsibleUnitId: finding.responsibleUnitId,
    assigneeId: null,
    type: null,
    category: finding.category,
    channel: null,
    priority: finding.severity,
    escalationLevel: finding.escalationLevel,
    receivedAt: instant(finding.createdAt),
    repliedAt: instant(finding.reports.at(-1)?.occurredAt),
    closedAt: instant(finding.closure?.occurredAt),
    description: finding.description,
    updatedAt: instant(finding.updatedAt),
    receivedMonth: monthOf(finding.createdAt),
    responsibility: null,
    replyOutcome: null,
    replyBusinessMs: null,
    verifiedAt: instant(finding.reinspections.filter((reinspection) => reinspection.passed).at(-1)?.occurredAt),
    followUpSatisfied: null,
    carryOverCount: finding.carryOverCount,
    signOffUnitId: null,
    repeatOf: finding.repeats,
  };
}
