import type Database from 'better-sqlite3';
import { canonicalCaseNumber, normalizeCaseNumberQuery } from '@duban/workflow';
import type { CaseRow } from './case-row';
import type { CaseCriteria, CasePage, CasePageRequest, CaseReadModel, CaseSortField } from './case-read-model';
import { DEADLINE_SORT_KEY } from './read-model-database';

/**
 * Sort keys are never null, so keyset pagination needs no null cases. By deadline, a case with a
 * breached clock comes before every deadline (it is the most overdue work), and cases without a
 * running clock after every deadline.
 */
const SORT_EXPRESSIONS: Record<CaseSortField, string> = {
  receivedAt: 'received_at',
  dueAt: DEADLINE_SORT_KEY,
  updatedAt: 'updated_at',
  escalationLevel: 'escalation_level',
};

type Clause = { sql: string; params: unknown[] };

/** A stored row as better-sqlite3 returns it in raw mode: the values of ROW_COLUMNS in order, then the sort key. */
type StoredValues = unknown[];

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
    const sql = `SELECT ${SELECTED_COLUMNS}, ${sortExpression} AS sortKey
      FROM case_rows
      ${clauses.length > 0 ? `WHERE ${clauses.map((clause) => clause.sql).join(' AND ')}` : ''}
      ORDER BY ${sortExpression} ${direction}, id ${direction}
      LIMIT ?`;
    // One row more than asked tells whether another page follows.
    const found = this.db
      .prepare<unknown[], StoredValues>(sql)
      .raw(true)
      .all(...clauses.flatMap((clause) => clause.params), request.limit + 1);
    const rows = found.slice(0, request.limit).map(fromStored);
    const last = rows.at(-1);
    // The sort key follows the row's columns.
    const lastKey = found[request.limit - 1]?.[ROW_FIELDS.length] as string | number;
    return { rows, next: found.length > request.limit && last ? { key: lastKey, id: last.id } : undefined };
  }

  /** Every row matching the criteria, unsorted: the input of the reports. */
  all(criteria: CaseCriteria): CaseRow[] {
    const clauses = whereClauses(criteria);
    const sql = `SELECT ${SELECTED_COLUMNS} FROM case_rows ${clauses.length > 0 ? `WHERE ${clauses.map((clause) => clause.sql).join(' AND ')}` : ''}`;
    return this.db
      .prepare<unknown[], StoredValues>(sql)
      .raw(true)
      .all(...clauses.flatMap((clause) => clause.params))
      .map(fromStored);
  }
}

// Read in raw mode (arrays, not objects keyed by column name) and built field by field in one
// order (one object shape): a year's report reads 100,000 rows, and per-row objects from the driver
// spread into the row cost about three times as much.
const ROW_FIELDS: readonly (readonly [keyof CaseRow, string])[] = [
  ['stream', 'stream'],
  ['kind', 'kind'],
  ['id', 'id'],
  ['number', 'number'],
  ['state', 'state'],
  ['open', 'open'],
  ['unitId', 'unit_id'],
  ['responsibleUnitId', 'responsible_unit_id'],
  ['assigneeId', 'assignee_id'],
  ['type', 'type'],
  ['category', 'category'],
  ['channel', 'channel'],
  ['priority', 'priority'],
  ['escalationLevel', 'escalation_level'],
  ['receivedAt', 'received_at'],
  ['repliedAt', 'replied_at'],
  ['closedAt', 'closed_at'],
  ['dueAt', 'due_at'],
  ['breached', 'breached'],
  ['description', 'description'],
  ['updatedAt', 'updated_at'],
  ['receivedMonth', 'received_month'],
  ['responsibility', 'responsibility'],
  ['replyOutcome', 'reply_outcome'],
  ['replyBusinessMs', 'reply_business_ms'],
  ['verifiedAt', 'verified_at'],
  ['carryOverCount', 'carry_over_count'],
  ['followUpSatisfied', 'follow_up_satisfied'],
  ['position', 'position'],
  ['signOffUnitId', 'sign_off_unit_id'],
  ['repeatOf', 'repeat_of'],
];
const SELECTED_COLUMNS = ROW_FIELDS.map(([, column]) => column).join(', ');

function fromStored(values: StoredValues): CaseRow {
  const row: Record<string, unknown> = {};
  for (let index = 0; index < ROW_FIELDS.length; index++) row[ROW_FIELDS[index][0]] = values[index];
  row.open = row.open === 1;
  row.breached = row.breached === 1;
  row.followUpSatisfied = row.followUpSatisfied === null ? null : row.followUpSatisfied === 1;
  row.position = BigInt(row.position as string);
  return row as CaseRow;
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
  // A literal, not a parameter: the planner uses the index of open cases (case_rows_open_by_deadline) only for `open = 1` written out.
  if (criteria.open !== undefined) add({ sql: criteria.open ? 'open = 1' : 'open = 0', params: [] });
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
