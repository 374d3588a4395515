import { toStoredEvent } from '@duban/command-handling';
import type { RecordedEvent } from '@duban/event-store';
import { foldClocks, isOpen } from '@duban/sla';
import { caseOfStream, type CaseKind } from '@duban/sla-enforcement';
import { complaintDecider, findingDecider } from '@duban/workflow';

/** One complaint or finding as the list queries and work queues read it. */
export type CaseRow = {
  stream: string;
  kind: CaseKind;
  id: string;
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
  /** Global position of the last event folded into this row. */
  position: bigint;
};

/** Instants as stored in the read model: one format, so that text order is time order. */
function instant(iso: string): string;
function instant(iso: string | null | undefined): string | null;
function instant(iso: string | null | undefined): string | null {
  return iso == null ? null : new Date(iso).toISOString();
}

/** Folds a case stream's history (up to and including the event being projected) into its row; undefined before the creation event. */
export function caseRowOf(history: readonly RecordedEvent[]): CaseRow | undefined {
  const last = history.at(-1);
  const located = last && caseOfStream(last.stream);
  if (!last || !located) return undefined;
  const stored = history.map(toStoredEvent);
  const clocks = foldClocks(stored);
  const running = clocks.filter((clock) => clock.state === 'running').map((clock) => instant(clock.dueAt)).sort();
  const common = {
    stream: last.stream,
    kind: located.kind,
    dueAt: running[0] ?? null,
    breached: clocks.some((clock) => isOpen(clock) && clock.state === 'breached'),
    position: last.position,
  };
  if (located.kind === 'complaint') {
    const state = complaintDecider.fold(stored);
    if (state.value === 'none') return undefined;
    const complaint = state.context;
    return {
      ...common,
      id: complaint.complaintId,
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
    };
  }
  const state = findingDecider.fold(stored);
  if (state.value === 'none') return undefined;
  const finding = state.context;
  return {
    ...common,
    id: finding.findingId,
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
  };
}
