import { Injectable } from '@nestjs/common';
import type { UnitNames } from '@duban/audit';
import type { RecordedEvent } from '@duban/event-store';
import { OrgTree, UserDirectory } from '@duban/identity';
import { attachmentsIn, isErasedIn, type AggregateKind } from '@duban/workflow';
import { CursorQueryDto, DEFAULT_PAGE_SIZE, NOT_OUR_CURSOR } from '../queries/page-query.dto';
import { CustomerDisclosure, type CaseViewer } from '../shared/customer-disclosure';
import { EmployeeErasures } from '../staff/employee-erasures';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import { HistoryEntryDto, type ActorNames, type HistoryPageDto } from '../shared/history-entry.dto';

/** The cursor holds the revision the next page starts at; opaque, so it may learn more later. */
const encodeCursor = (fromRevision: number): string => Buffer.from(JSON.stringify({ fromRevision })).toString('base64url');

function decodeCursor(cursor: string): number {
  try {
    const { fromRevision } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { fromRevision?: unknown };
    if (Number.isSafeInteger(fromRevision) && (fromRevision as number) >= 0) return fromRevision as number;
  } catch {
    // Not JSON: refused below like any other foreign cursor.
  }
  throw fieldValidationProblem([violationOf(CursorQueryDto, 'cursor', 'cursor', NOT_OUR_CURSOR)]);
}

/** A record's events a page at a time, oldest first, each with who, why and what it meant. */
@Injectable()
export class CaseHistory {
  private readonly unitNames: UnitNames;
  private readonly actorNames: ActorNames;

  constructor(
    orgTree: OrgTree,
    users: UserDirectory,
    private readonly customers: CustomerDisclosure,
    private readonly erasures: EmployeeErasures,
  ) {
    this.actorNames = (actorId, role) => {
      if (role === 'system') return { zh: '系统', en: 'System' };
      const name = users.find(actorId)?.displayName ?? actorId;
      return { zh: name, en: name };
    };
    this.unitNames = (unitId) => {
      if (!orgTree.has(unitId)) return { zh: unitId, en: unitId };
      const unit = orgTree.get(unitId);
      return { zh: unit.name, en: unit.nameEn };
    };
  }

  /** Every event, oldest first, the customer as the viewer may see it; an erased file's name withheld, as views withhold it. */
  async entries(kind: AggregateKind, id: string, events: readonly RecordedEvent[], viewer: CaseViewer): Promise<HistoryEntryDto[]> {
    const employeeErased = await this.erasures.namedEmployeeErasedIn(viewer.history);
    return Promise.all(
      events.map(async (event) => {
        const data = await this.customers.inEventData(kind, id, event, viewer);
        const [attachment] = attachmentsIn([event]);
        const shown = attachment !== undefined && isErasedIn(viewer.history, attachment, employeeErased) ? { ...data, fileName: null } : data;
        return HistoryEntryDto.of(event, shown, this.unitNames, this.actorNames);
      }),
    );
  }

  async page(kind: AggregateKind, id: string, history: readonly RecordedEvent[], query: CursorQueryDto, viewer: CaseViewer): Promise<HistoryPageDto> {
    const from = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    const to = from + (query.limit ?? DEFAULT_PAGE_SIZE);
    return {
      items: await this.entries(kind, id, history.slice(from, to), viewer),
      nextCursor: to < history.length ? encodeCursor(to) : null,
    };
  }
}
