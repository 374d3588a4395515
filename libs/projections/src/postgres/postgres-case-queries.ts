import type { Pool } from 'pg';
import { postgresStoreErrorOf } from '@duban/event-store';
import { canonicalCaseNumber, normalizeCaseNumberQuery } from '@duban/workflow';
import type { CaseCriteria, CasePage, CasePageRequest, CaseReadModel, CaseSortField } from '../case-read-model';
import type { CaseRow } from '../case-row';
import { caseRowTables, UNDEFINED_TABLE } from './postgres-case-rows';

/** A field of the row kept as JSON, as text (the same text the SQLite columns hold). */
const text = (field: keyof CaseRow) => `("row"->>'${field}')`;
const flag = (field: keyof CaseRow) => `(${text(field)})::boolean`;
const LEVEL = `(${text('escalationLevel')})::integer`;
/** SQLite's LIKE folds ASCII letters only; so does this. */
const asciiLower = (sql: string) => `translate(${sql}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`;
/** Text compares and sorts byte-wise as in SQLite, whatever the database's collation. */
const bytewise = (sql: string) => `${sql} COLLATE "C"`;

/** The same keys as the SQLite queries' sort expressions, with the same breached-first and no-clock-last rules. */
const SORT_KEYS: Record<CaseSortField, { sql: string; numeric: boolean }> = {
  receivedAt: { sql: bytewise(text('receivedAt')), numeric: false },
  dueAt: {
    sql: bytewise(`(CASE WHEN ${flag('breached')} THEN '0000-01-01T00:00:00.000Z' ELSE COALESCE(${text('dueAt')}, '9999-12-31T23:59:59.999Z') END)`),
    numeric: false,
  },
  updatedAt: { sql: bytewise(text('updatedAt')), numeric: false },
  escalationLevel: { sql: LEVEL, numeric: true },
};

/** Numbered parameters collected while a statement is written. */
class Parameters {
  readonly values: unknown[] = [];

  add(value: unknown, type = 'text'): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

type StoredRow = { row: Omit<CaseRow, 'position'> & { position: string }; sort_key?: string | number };

/**
 * The case rows shared in PostgreSQL (`read_case_rows`, built by the `LeasedProjector`), read with
 * the filters, sort and keyset pagination of the SQLite `CaseQueries`, and the same answers: text
 * compared byte-wise, text search folding ASCII letters only, the same three-valued logic.
 */
export class PostgresCaseQueries implements CaseReadModel {
  private readonly rowsTable: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.rowsTable = caseRowTables(schema).rows;
  }

  async page(request: CasePageRequest): Promise<CasePage> {
    const sortKey = SORT_KEYS[request.sort.field];
    const parameters = new Parameters();
    const conditions = conditionsOf(request.criteria, parameters);
    if (request.after) {
      const comparison = request.sort.descending ? '<' : '>';
      // A key that is not a number becomes NaN, which PostgreSQL sorts above every number as SQLite sorts text above integers.
      const key = sortKey.numeric ? parameters.add(String(Number(request.after.key)), 'numeric') : parameters.add(String(request.after.key));
      const id = parameters.add(request.after.id);
      conditions.push(`(${sortKey.sql} ${comparison} ${key} OR (${sortKey.sql} = ${key} AND ${bytewise('id')} ${comparison} ${id}))`);
    }
    const direction = request.sort.descending ? 'DESC' : 'ASC';
    // One row more than asked tells whether another page follows.
    const limit = parameters.add(request.limit + 1, 'integer');
    const found = await this.select(
      `SELECT "row", ${sortKey.sql} AS sort_key FROM ${this.rowsTable} ${whereOf(conditions)} ORDER BY ${sortKey.sql} ${direction}, ${bytewise('id')} ${direction} LIMIT ${limit}`,
      parameters,
    );
    const rows = found.slice(0, request.limit);
    const last = rows.at(-1);
    return { rows: rows.map(({ row }) => caseRowOfStored(row)), next: found.length > request.limit && last ? { key: last.sort_key!, id: last.row.id } : undefined };
  }

  async all(criteria: CaseCriteria): Promise<CaseRow[]> {
    const parameters = new Parameters();
    const found = await this.select(`SELECT "row" FROM ${this.rowsTable} ${whereOf(conditionsOf(criteria, parameters))}`, parameters);
    return found.map(({ row }) => caseRowOfStored(row));
  }

  private async select(sql: string, parameters: Parameters): Promise<StoredRow[]> {
    try {
      return (await this.pool.query<StoredRow>(sql, parameters.values)).rows;
    } catch (error) {
      // No projector has created the tables yet: no rows so far.
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
      throw postgresStoreErrorOf('read the case rows', error) ?? error;
    }
  }
}

function caseRowOfStored(row: StoredRow['row']): CaseRow {
  return { ...row, position: BigInt(row.position) };
}

function whereOf(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

function conditionsOf(criteria: CaseCriteria, parameters: Parameters): string[] {
  const conditions: string[] = [];
  const oneOf = (sql: string, values: readonly string[]) => `${sql} = ANY(${parameters.add(values, 'text[]')})`;
  const equal = (field: keyof CaseRow, value: string) => `${text(field)} = ${parameters.add(value)}`;
  if (criteria.kinds) conditions.push(oneOf('kind', criteria.kinds));
  if (criteria.visibleUnitIds) conditions.push(`(${oneOf(text('unitId'), criteria.visibleUnitIds)} OR ${oneOf(text('responsibleUnitId'), criteria.visibleUnitIds)})`);
  if (criteria.unitIds) conditions.push(oneOf(text('unitId'), criteria.unitIds));
  if (criteria.open !== undefined) conditions.push(`${flag('open')} = ${parameters.add(criteria.open, 'boolean')}`);
  for (const field of ['state', 'responsibleUnitId', 'assigneeId', 'type', 'category', 'channel', 'repeatOf'] as const) {
    const value = criteria[field];
    if (value !== undefined) conditions.push(equal(field, value));
  }
  if (criteria.workOf) {
    const { assigneeId, unitId } = criteria.workOf;
    conditions.push(unitId === undefined ? equal('assigneeId', assigneeId) : `(${equal('assigneeId', assigneeId)} OR ${equal('responsibleUnitId', unitId)})`);
  }
  if (criteria.escalationLevel !== undefined) conditions.push(`${LEVEL} = ${parameters.add(criteria.escalationLevel, 'integer')}`);
  if (criteria.escalated !== undefined) conditions.push(criteria.escalated ? `${LEVEL} > 0` : `${LEVEL} = 0`);
  if (criteria.awaitingSignOff !== undefined) conditions.push(`${text('signOffUnitId')} IS ${criteria.awaitingSignOff ? 'NOT NULL' : 'NULL'}`);
  if (criteria.signOffUnitIds) conditions.push(oneOf(text('signOffUnitId'), criteria.signOffUnitIds));
  if (criteria.overdue) {
    const overdue = `(${flag('open')} AND (${flag('breached')} OR ${bytewise(text('dueAt'))} < ${parameters.add(criteria.overdue.now)}))`;
    conditions.push(criteria.overdue.value ? overdue : `NOT ${overdue}`);
  }
  if (criteria.dueBefore !== undefined) conditions.push(`${bytewise(text('dueAt'))} < ${parameters.add(criteria.dueBefore)}`);
  if (criteria.receivedFrom !== undefined) conditions.push(`${bytewise(text('receivedAt'))} >= ${parameters.add(criteria.receivedFrom)}`);
  if (criteria.receivedTo !== undefined) conditions.push(`${bytewise(text('receivedAt'))} < ${parameters.add(criteria.receivedTo)}`);
  if (criteria.number !== undefined) {
    const prefix = `${literally(normalizeCaseNumberQuery(criteria.number))}%`;
    conditions.push(`(${equal('number', canonicalCaseNumber(criteria.number))} OR ${asciiLower(text('number'))} LIKE ${asciiLower(parameters.add(prefix))} ESCAPE '\\')`);
  }
  if (criteria.text !== undefined) conditions.push(`${asciiLower(text('description'))} LIKE ${asciiLower(parameters.add(`%${literally(criteria.text)}%`))} ESCAPE '\\'`);
  return conditions;
}

/** `value` matched literally by LIKE ... ESCAPE '\'. */
function literally(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
