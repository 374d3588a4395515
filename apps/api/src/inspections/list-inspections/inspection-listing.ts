import { Inject, Injectable } from '@nestjs/common';
import { INSPECTIONS } from '@duban/cases';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import type { AuthenticatedUser } from '@duban/identity';
import { inCalendarPeriod } from '@duban/reporting';
import { DEFAULT_TIME_ZONE } from '@duban/sla';
import { inspectionDecider, toInspectionView, type InspectionState, type InspectionView } from '@duban/workflow';
import { ScopedUnits } from '../../queries/scoped-units';
import { FoldedStreams } from '../../queries/folded-streams';
import type { ListInspectionsQueryDto } from './list-inspections.query.dto';

/** One inspection as the list shows it: enough to pick it, with its score. */
export type InspectionListItem = Pick<InspectionView, 'id' | 'number' | 'inspectionKind' | 'unitId' | 'state' | 'scope' | 'openedBy' | 'createdAt' | 'findingIds' | 'reportsTo'> & {
  checklist: { id: string; version: number } | null;
  scorePercent: number | null;
  closedAt: string | null;
};

/**
 * GET /inspections: the inspections in the caller's units with filters, newest first. Folded from
 * their streams (FoldedStreams: only what was recorded since the last read), not kept in a read
 * model; a GET never writes either way.
 */
@Injectable()
export class InspectionListing {
  private readonly inspections: FoldedStreams<InspectionState, InspectionListItem>;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly units: ScopedUnits,
  ) {
    this.inspections = new FoldedStreams(
      store,
      INSPECTIONS.streamPrefix,
      (events, from) => inspectionDecider.fold(events, from),
      (state) => (state.value === 'none' ? undefined : listItemOf(toInspectionView(state))),
    );
  }

  async list(user: AuthenticatedUser, query: ListInspectionsQueryDto): Promise<InspectionListItem[]> {
    if (query.unitId !== undefined) this.units.assertVisible(user, query.unitId, 'unitId');
    const visible = this.units.visibleUnitIds(user);
    const allowedUnits = query.unitId === undefined ? visible : this.units.subtreeIds(query.unitId).filter((unitId) => visible === undefined || visible.includes(unitId));
    const unitSet = allowedUnits === undefined ? undefined : new Set(allowedUnits);

    const items: InspectionListItem[] = [];
    for (const item of await this.inspections.items()) {
      if (unitSet !== undefined && !unitSet.has(item.unitId)) continue;
      if (query.kind !== undefined && item.inspectionKind !== query.kind) continue;
      if (query.state !== undefined && item.state !== query.state) continue;
      if (query.checklistId !== undefined && item.checklist?.id !== query.checklistId) continue;
      if (query.period !== undefined && !inCalendarPeriod(item.createdAt, query.period, DEFAULT_TIME_ZONE)) continue;
      if ((query.scoreMin !== undefined || query.scoreMax !== undefined) && item.scorePercent === null) continue;
      if (query.scoreMin !== undefined && item.scorePercent! < query.scoreMin) continue;
      if (query.scoreMax !== undefined && item.scorePercent! > query.scoreMax) continue;
      items.push(item);
    }
    return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  }
}

function listItemOf(view: InspectionView): InspectionListItem {
  return {
    id: view.id,
    number: view.number,
    inspectionKind: view.inspectionKind,
    unitId: view.unitId,
    state: view.state,
    reportsTo: view.reportsTo,
    scope: view.scope,
    openedBy: view.openedBy,
    createdAt: view.createdAt,
    closedAt: view.closure?.occurredAt ?? null,
    findingIds: view.findingIds,
    checklist: view.checklist === null ? null : { id: view.checklist.id, version: view.checklist.version },
    scorePercent: view.score?.percent ?? null,
  };
}
