import type { CaseKind } from '@duban/sla';
import type { CaseRow } from './case-row';

/**
 * The read side's query port: what lists, queues and reports ask of the case rows, answered by
 * `CaseQueries` from this process's SQLite file or by `PostgresCaseQueries` from the rows shared in
 * PostgreSQL. Both give the same answers (read-model-contract.int.spec.ts runs one spec on both).
 */
export interface CaseReadModel {
  page(request: CasePageRequest): CasePage | Promise<CasePage>;
  /** Every row matching the criteria, unsorted: the input of the reports. */
  all(criteria: CaseCriteria): CaseRow[] | Promise<CaseRow[]>;
}

/** The Nest token of the configured `CaseReadModel`. */
export const CASE_READ_MODEL = Symbol('CASE_READ_MODEL');

export const CASE_SORT_FIELDS = ['receivedAt', 'dueAt', 'updatedAt', 'escalationLevel'] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];

export type CaseSort = { field: CaseSortField; descending: boolean };
/** Where the previous page ended: its last row's sort key and id. */
export type CaseKeyset = { key: string | number; id: string };

/** Every criterion is optional and they combine with AND. */
export interface CaseCriteria {
  kinds?: readonly CaseKind[];
  /** The caller's scope: a row is visible when its unit or its responsible unit is listed; undefined means everything. */
  visibleUnitIds?: readonly string[];
  /** Rows whose own unit is listed (a unit's subtree). */
  unitIds?: readonly string[];
  state?: string;
  open?: boolean;
  responsibleUnitId?: string;
  assigneeId?: string;
  /** Assigned to this user, or (with unitId) handled by this unit now: a handler's queue. */
  workOf?: { assigneeId: string; unitId?: string };
  type?: string;
  category?: string;
  channel?: string;
  escalationLevel?: number;
  escalated?: boolean;
  /** Complaints waiting for sign-off (待签字) by the heads of any of these units; undefined: by anyone. */
  signOffUnitIds?: readonly string[];
  /** Complaints waiting for sign-off (待签字). */
  awaitingSignOff?: boolean;
  /** Overdue at `now`: an open clock breached, or a running clock due before now. */
  overdue?: { now: string; value: boolean };
  dueBefore?: string;
  receivedFrom?: string;
  receivedTo?: string;
  /** A case number as people type it: the whole number (padding optional) or its beginning, case-insensitive. */
  number?: string;
  /** Substring of the description, case-insensitive for ASCII. */
  text?: string;
  /** Findings that name this earlier finding as the one they repeat. */
  repeatOf?: string;
}

export interface CasePageRequest {
  criteria: CaseCriteria;
  sort: CaseSort;
  limit: number;
  after?: CaseKeyset;
}

export interface CasePage {
  rows: CaseRow[];
  /** The keyset after the last row, when more rows follow. */
  next: CaseKeyset | undefined;
}
