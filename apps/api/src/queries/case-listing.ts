import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import type { AuthenticatedUser } from '@duban/identity';
import { isOverdueAt } from '@duban/reporting';
import { CASE_READ_MODEL, type CaseCriteria, type CaseReadModel, type CaseKeyset, type CaseRow, type CaseSort, type CaseSortField } from '@duban/projections';
import { type Bilingual } from '@duban/http-problem';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import type { AnyCaseListQuery } from './case-list-query.dto';
import { CursorQueryDto, DEFAULT_PAGE_SIZE, NOT_OUR_CURSOR, type PageQueryDto } from './page-query.dto';
import { ReadModelConsistency } from './read-model-consistency';
import { ScopedUnits } from './scoped-units';

/** One case as lists and queues show it. */
export type CaseListItem = Omit<CaseRow, 'stream' | 'breached' | 'position'> & { overdue: boolean; position: string };
export type CaseList = { items: CaseListItem[]; nextCursor: string | null };

/** The cursor names its sort, so it cannot continue a list sorted otherwise. */
type CursorContent = { sort: string; key: string | number; id: string };

export function parseSort(sort: string): CaseSort {
  const descending = sort.startsWith('-');
  return { field: (descending ? sort.slice(1) : sort) as CaseSortField, descending };
}

const sortText = (sort: CaseSort): string => `${sort.descending ? '-' : ''}${sort.field}`;

function encodeCursor(sort: CaseSort, keyset: CaseKeyset): string {
  return Buffer.from(JSON.stringify({ sort: sortText(sort), ...keyset } satisfies CursorContent)).toString('base64url');
}

function decodeCursor(cursor: string, sort: CaseSort): CaseKeyset {
  const refuse = (message: Bilingual = NOT_OUR_CURSOR): never => {
    throw fieldValidationProblem([violationOf(CursorQueryDto, 'cursor', 'cursor', message)]);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  // Any JSON decodes, null and arrays included: only an object of the issued shape continues a list.
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return refuse();
  const content = parsed as Partial<CursorContent>;
  if (typeof content.id !== 'string' || (typeof content.key !== 'string' && typeof content.key !== 'number')) return refuse();
  if (content.sort !== sortText(sort))
    return refuse({
      zh: `该游标接续按 ${String(content.sort)} 排序的列表，而不是按 ${sortText(sort)}`,
      en: `cursor continues a list sorted by ${String(content.sort)}, not ${sortText(sort)}`,
    });
  return { key: content.key, id: content.id };
}

/**
 * Lists over the case read model, always within the caller's scope (辖内; auditors: everything),
 * after waiting for `minPosition` when asked (read-your-writes).
 */
@Injectable()
export class CaseListing {
  constructor(
    @Inject(CASE_READ_MODEL) private readonly queries: CaseReadModel,
    private readonly consistency: ReadModelConsistency,
    private readonly units: ScopedUnits,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(user: AuthenticatedUser, page: PageQueryDto, criteria: CaseCriteria, sort: CaseSort): Promise<CaseList> {
    await this.consistency.awaitPosition(page.minPosition);
    const now = this.clock.now().toISOString();
    const found = await this.queries.page({
      criteria: { ...criteria, visibleUnitIds: this.units.visibleUnitIds(user) },
      sort,
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      after: page.cursor === undefined ? undefined : decodeCursor(page.cursor, sort),
    });
    return {
      items: found.rows.map(({ stream: _stream, breached: _breached, ...row }) => ({
        ...row,
        overdue: isOverdueAt({ ...row, breached: _breached }, now),
        position: row.position.toString(),
      })),
      nextCursor: found.next ? encodeCursor(sort, found.next) : null,
    };
  }

  /** The filters of GET /complaints and /findings as criteria; a unit filter outside the caller's scope is 404, like the unit's cases. */
  criteriaOf(user: AuthenticatedUser, query: Partial<AnyCaseListQuery>): CaseCriteria {
    for (const field of ['unitId', 'responsibleUnitId'] as const) {
      const unitId = query[field];
      if (unitId !== undefined) this.units.assertVisible(user, unitId, field);
    }
    return {
      state: query.state,
      unitIds: query.unitId === undefined ? undefined : this.units.subtreeIds(query.unitId),
      responsibleUnitId: query.responsibleUnitId,
      assigneeId: query.assignee,
      type: query.type,
      category: query.category,
      channel: query.channel,
      escalationLevel: query.escalationLevel,
      overdue: query.overdue === undefined ? undefined : { now: this.clock.now().toISOString(), value: query.overdue === 'true' },
      dueBefore: query.dueBefore === undefined ? undefined : new Date(query.dueBefore).toISOString(),
      receivedFrom: query.receivedFrom === undefined ? undefined : new Date(query.receivedFrom).toISOString(),
      receivedTo: query.receivedTo === undefined ? undefined : new Date(query.receivedTo).toISOString(),
      number: query.number,
      text: query.q,
      repeatOf: query.repeatOf,
    };
  }

  overdueNow(): CaseCriteria['overdue'] {
    return { now: this.clock.now().toISOString(), value: true };
  }
}
