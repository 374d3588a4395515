import type Database from 'better-sqlite3';
import { canonicalCaseNumber, normalizeCaseNumberQuery } from '@duban/workflow';
import type { CaseRow } from './case-row';
import type { CaseCriteria, CasePage, CasePageRequest, CaseReadModel, CaseSortField } from './case-read-model';

/**
 * Sort keys are never null, so keyset pagination needs no null cases. By deadline, a case with a
 * breached clock comes before every deadline (it is the most overdue work), and cases without a
 * running clock after every deadline.
 */
const SORT_EXPRESSIONS: Record<CaseSortField, string> = {
  receivedAt: 'received_at',
  dueAt: "CASE WHEN breached = 1 THEN '0000-01-01T00:00:00.000Z' ELSE COALESCE(due_at, '9999-12-31T23:59:59.999Z') END",
  updatedAt: 'updated_at',
  escalationLevel: 'escalation_level',
};

type Clause = { sql: string; params: unknown[] };

type StoredRow = Omit<CaseRow, 'open' | 'breached' | 'followUpSatisfied' | 'position'> & {
  open: number;
  breached: number;
  followUpSatisfied: number | null;
  position: string;
  sortKey?: string | number;
};

/** Reads the case rows with filters, a sort and keyset pagination. */
export class CaseQueries implements CaseReadModel {
  constructor(private readonly db: Database.Database) {}

  page(request: CasePageRequest): CasePage {
    const sortExpression = SORT_EXPRESSIONS[request.sort.field];
    const clauses = whereClauses(request.criteria);
    if (request.after) {
      const comparison = request.sort.descending ? '<' : '>';
      clauses.push({
        sql: `(${sortExpression} ${comparison} ? OR (${sortExpression} = ? AND id ${comparison} ?))`,
        params: [request.after.key, request.after.key, request.after.id],
      });
    }
    const direction = request.sort.descending ? 'DESC' : 'ASC';
    const sql = `SELECT ${ROW_COLUMNS}, ${sortExpression} AS sortKey
      FROM case_rows
      ${clauses.length > 0 ? `WHERE ${clauses.map((clause) => clause.sql).join(' AND ')}` : ''}
      ORDER BY ${sortExpression} ${direction}, id ${direction}
      LIMIT ?`;
    // One row more than asked tells whether another page follows.
    const found = this.db.prepare<unknown[], StoredRow>(sql).all(...clauses.flatMap((clause) => clause.params), request.limit + 1);
    const rows = found.slice(0, request.limit);
    const last = rows.at(-1);
    return {
      rows: rows.map(({ sortKey: _sortKey, ...row }) => fromStored(row)),
      next: found.length > request.limit && last ? { key: last.sortKey!, id: last.id } : undefined,
    };
  }

  /** Every row matching the criteria, unsorted: the input of the reports. */
  all(criteria: CaseCriteria): CaseRow[] {
    const clauses = whereClauses(criteria);
    const sql = `SELECT ${ROW_COLUMNS} FROM case_rows ${clauses.length > 0 ? `WHERE ${clauses.map((clause) => clause.sql).join(' AND ')}` : ''}`;
    return this.db
      .prepare<unknown[], StoredRow>(sql)
      .all(...clauses.flatMap((clause) => clause.params))
      .map(fromStored);
  }
}

const ROW_COLUMNS = `stream, kind, id, number, state, open, unit_id AS unitId, responsible_unit_id AS responsibleUnitId, assignee_id AS assigneeId,
  type, category, channel, priority, escalation_level AS escalationLevel, received_at AS receivedAt, replied_at AS repliedAt,
  closed_at AS closedAt, due_at AS dueAt, breached, description, updated_at AS updatedAt, received_month AS receivedMonth,
  responsibility, reply_outcome AS replyOutcome, reply_business_ms AS replyBusinessMs, verified_at AS verifiedAt,
  carry_over_count AS carryOverCount, follow_up_satisfied AS followUpSatisfied, position, sign_off_unit_id AS signOffUnitId, repeat_of AS repeatOf`;

function fromStored(row: Omit<StoredRow, 'sortKey'>): CaseRow {
  return {
    ...row,
    open: row.open === 1,
    breached: row.breached === 1,
    followUpSatisfied: row.followUpSatisfied === null ? null : row.followUpSatisfied === 1,
    position: BigInt(row.position),
  };
}

function inList(column: string, values: readonly string[]): Clause {
  return { sql: `${column} IN (${values.map(() => '?').join(', ') || 'NULL'})`, params: [...values] };
}

function equals(column: string, value: unknown): Clause {
  return { sql: `${column} = ?`, params: [value] };
}

/** `text` matched literally by LIKE ... ESCAPE '\\'. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereClauses(criteria: CaseCriteria): Clause[] {
  const clauses: Clause[] = [];
  const add = (clause: Clause | undefined): void => {
    if (clause) clauses.push(clause);
  };
  if (criteria.kinds) add(inList('kind', criteria.kinds));
  if (criteria.visibleUnitIds) {
    const own = inList('unit_id', criteria.visibleUnitIds);
    const responsible = inList('responsible_unit_id', criteria.visibleUnitIds);
    add({ sql: `(${own.sql} OR ${responsible.sql})`, params: [...own.params, ...responsible.params] });
  }
  if (criteria.unitIds) add(inList('unit_id', criteria.unitIds));
  if (criteria.state !== undefined) add(equals('state', criteria.state));
  if (criteria.open !== undefined) add(equals('open', criteria.open ? 1 : 0));
  if (criteria.responsibleUnitId !== undefined) add(equals('responsible_unit_id', criteria.responsibleUnitId));
  if (criteria.assigneeId !== undefined) add(equals('assignee_id', criteria.assigneeId));
  if (criteria.workOf) {
    const { assigneeId, unitId } = criteria.workOf;
    add(unitId === undefined ? equals('assignee_id', assigneeId) : { sql: '(assignee_id = ? OR responsible_unit_id = ?)', params: [assigneeId, unitId] });
  }
  if (criteria.type !== undefined) add(equals('type', criteria.type));
  if (criteria.category !== undefined) add(equals('category', criteria.category));
  if (criteria.channel !== undefined) add(equals('channel', criteria.channel));
  if (criteria.escalationLevel !== undefined) add(equals('escalation_level', criteria.escalationLevel));
  if (criteria.escalated !== undefined) add({ sql: criteria.escalated ? 'escalation_level > 0' : 'escalation_level = 0', params: [] });
  if (criteria.awaitingSignOff !== undefined) add({ sql: criteria.awaitingSignOff ? 'sign_off_unit_id IS NOT NULL' : 'sign_off_unit_id IS NULL', params: [] });
  if (criteria.signOffUnitIds) add(inList('sign_off_unit_id', criteria.signOffUnitIds));
  if (criteria.overdue) {
    const overdue = '(open = 1 AND (breached = 1 OR due_at < ?))';
    add({ sql: criteria.overdue.value ? overdue : `NOT ${overdue}`, params: [criteria.overdue.now] });
  }
  if (criteria.dueBefore !== undefined) add({ sql: 'due_at < ?', params: [criteria.dueBefore] });
  if (criteria.receivedFrom !== undefined) add({ sql: 'received_at >= ?', params: [criteria.receivedFrom] });
  if (criteria.receivedTo !== undefined) add({ sql: 'received_at < ?', params: [criteria.receivedTo] });
  if (criteria.number !== undefined) {
    add({ sql: "(number = ? OR number LIKE ? ESCAPE '\\')", params: [canonicalCaseNumber(criteria.number), `${likeEscaped(normalizeCaseNumberQuery(criteria.number))}%`] });
  }
  if (criteria.repeatOf !== undefined) add(equals('repeat_of', criteria.repeatOf));
  if (criteria.text !== undefined) add({ sql: "description LIKE ? ESCAPE '\\'", params: [`%${likeEscaped(criteria.text)}%`] });
  return clauses;
}
