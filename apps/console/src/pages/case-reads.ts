import { answer, clientOf, type Schema, type Session } from '../api';
import type { CaseKind } from './commands';

export type Clock = Schema<'ClockViewDto'>;
export type HistoryEntry = Schema<'HistoryEntryDto'>;
export type HistoryPage = Schema<'HistoryPageDto'>;
export type Attachment = Schema<'EvidenceAttachmentDto'>;

/** The fields of the complaint, finding and inspection views the case page shows; the rest is in the timeline. */
export interface CaseView {
  readonly id: string;
  readonly number: string | null;
  readonly state: string;
  readonly revision?: number;
  readonly unitId: string;
  readonly responsibleUnitId?: string;
  readonly escalationLevel?: number;
  readonly allowedCommands: string[];
  readonly description?: string;
  readonly scope?: string;
  readonly caseType?: string;
  readonly channel?: string;
  readonly category?: string;
  readonly assigneeId?: string | null;
  readonly receivedAt?: string;
  readonly customer?: { name: string | null; phone: string | null } | null;
  readonly clocks?: Clock[];
  readonly linkedFindingIds?: string[];
  readonly responsibility?: string | null;
  readonly awaitingResponsibilityDecision?: boolean;
  readonly responsibilityDecisions?: Schema<'ResponsibilityDecisionDto'>[];
  readonly findingIds?: string[];
  readonly inspectionId?: string | null;
  readonly complaintId?: string | null;
  readonly asOf?: { revision: number; occurredAt: string; clocksReadAt: string };
  readonly severity?: string;
  readonly mode?: string;
  readonly inspectionKind?: string;
  readonly plan?: { measures: string[]; ownerId: string; dueAt: string; occurredAt: string; milestones?: { text: string; dueAt: string }[] } | null;
  readonly repeats?: string | null;
  readonly parentId?: string | null;
  readonly children?: { findingId: string; unitId: string }[];
  readonly closedChildIds?: string[];
  readonly progress?: { milestone: number; note: string; completed: boolean; occurredAt: string }[];
  readonly report?: { report: string } | null;
  readonly reinspections?: { passed: boolean; comment: string | null }[];
  readonly attachments?: (Attachment & { itemId?: string | null })[];
  readonly checklist?: Schema<'InspectionChecklistDto'> | null;
  readonly results?: Schema<'ItemResultViewDto'>[];
  readonly score?: Schema<'InspectionScoreDto'> | null;
  readonly employee?: Schema<'EmployeeDto'> | null;
  readonly rule?: Schema<'ViolationRuleDto'>;
  readonly penalty?: Schema<'PenaltyDto'> | null;
  readonly appeal?: { grounds: string } | null;
  readonly appealDecision?: { outcome: string; reason: string } | null;
  readonly circularKind?: string;
  readonly title?: string;
  readonly content?: string;
  readonly recipientUnitIds?: string[];
  readonly awaitingUnitIds?: string[];
  readonly receipts?: Schema<'CircularReceiptDto'>[];
  readonly issue?: { occurredAt: string; actorId: string } | null;
  readonly correctsId?: string | null;
  /** A circular's ranking or report (a finding's source has only its kind and the case's id). */
  readonly source?: { kind: string; reference?: string; rows?: object[] } | null;
  readonly reportsTo?: string | null;
  readonly selfReport?: { report: string } | null;
  readonly closure?: { occurredAt: string; summary?: string | null } | null;
}

/** The case's view now. */
export function viewOf(session: Session, kind: CaseKind, id: string): Promise<CaseView> {
  const client = clientOf(session);
  const params = { params: { path: { id } } };
  if (kind === 'finding') return answer(client.GET('/findings/{id}', params));
  if (kind === 'inspection') return answer(client.GET('/inspections/{id}', params));
  if (kind === 'violation') return answer(client.GET('/violations/{id}', params));
  if (kind === 'circular') return answer(client.GET('/circulars/{id}', params));
  return answer(client.GET('/complaints/{id}', params));
}

/** The case as the event at `revision` left it, its clocks read at that event's time. */
export function pastViewOf(session: Session, kind: CaseKind, id: string, revision: number): Promise<CaseView> {
  const client = clientOf(session);
  const params = { params: { path: { id }, query: { revision } } };
  if (kind === 'finding') return answer(client.GET('/findings/{id}/state', params));
  if (kind === 'inspection') return answer(client.GET('/inspections/{id}/state', params));
  if (kind === 'violation') return answer(client.GET('/violations/{id}/state', params));
  if (kind === 'circular') return answer(client.GET('/circulars/{id}/state', params));
  return answer(client.GET('/complaints/{id}/state', params));
}

/** One page of the timeline, oldest first, from the cursor on. */
export function historyPageOf(session: Session, kind: CaseKind, id: string, limit: number, cursor?: string): Promise<HistoryPage> {
  const client = clientOf(session);
  const params = { params: { path: { id }, query: { limit, cursor } } };
  if (kind === 'finding') return answer(client.GET('/findings/{id}/history', params));
  if (kind === 'inspection') return answer(client.GET('/inspections/{id}/history', params));
  if (kind === 'violation') return answer(client.GET('/violations/{id}/history', params));
  if (kind === 'circular') return answer(client.GET('/circulars/{id}/history', params));
  return answer(client.GET('/complaints/{id}/history', params));
}

/** The hash chain check of a complaint's or finding's stream. */
export function verificationOf(session: Session, kind: 'complaint' | 'finding', id: string) {
  const client = clientOf(session);
  const params = { params: { path: { id } } };
  return kind === 'finding' ? answer(client.GET('/findings/{id}/verify', params)) : answer(client.GET('/complaints/{id}/verify', params));
}

/** A complaint's, finding's, violation's or circular's audit pack as a file, JSON or CSV. */
export function auditPackOf(session: Session, kind: 'complaint' | 'finding' | 'violation' | 'circular', id: string, format: 'json' | 'csv'): Promise<Blob> {
  const client = clientOf(session);
  const init = {
    params: { path: { id }, query: format === 'csv' ? { format } : {} },
    parseAs: 'blob' as const,
    headers: { accept: format === 'csv' ? 'text/csv' : 'application/json' },
  };
  if (kind === 'violation') return answer(client.GET('/violations/{id}/audit-pack', init));
  if (kind === 'circular') return answer(client.GET('/circulars/{id}/audit-pack', init));
  return kind === 'finding' ? answer(client.GET('/findings/{id}/audit-pack', init)) : answer(client.GET('/complaints/{id}/audit-pack', init));
}
