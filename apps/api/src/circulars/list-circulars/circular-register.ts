import { Inject, Injectable } from '@nestjs/common';
import { CIRCULARS, FINDINGS } from '@duban/cases';
import { EVENT_STORE, readAllPages, type EventStore, type RecordedEvent } from '@duban/event-store';
import type { AuthenticatedUser } from '@duban/identity';
import { inCalendarPeriod } from '@duban/reporting';
import { DEFAULT_TIME_ZONE } from '@duban/sla';
import { CIRCULAR_KINDS, circularDecider, circularReaderUnitIds, decodeFindingRaised, toCircularView, toStoredEvent, type CircularKind } from '@duban/workflow';
import { ScopedUnits } from '../../queries/scoped-units';
import type { CircularCountsQueryDto, ListCircularsQueryDto } from './list-circulars.query.dto';

/**
 * One entry of the register (发文登记): a circular, or a deadline notice the SLA issued on a
 * finding going overdue (`findingId` set). Those stay facts of the finding's stream: the register
 * reads them there rather than copying them into circulars.
 */
export type CircularRegisterEntry = {
  id: string;
  number: string | null;
  circularKind: CircularKind;
  title: string;
  state: 'draft' | 'issued' | 'withdrawn';
  /** The issuing unit; for a finding's notice, the finding's unit. */
  unitId: string;
  recipientUnitIds: string[];
  /** Recipient units that have acknowledged it. */
  acknowledgedUnitIds: string[];
  createdAt: string;
  issuedAt: string | null;
  /** Set for a deadline notice recorded on a finding (GET /findings/{findingId}). */
  findingId: string | null;
};

/** Filters the register and the counts share. */
type RegisterFilter = Pick<ListCircularsQueryDto, 'unitId' | 'period' | 'kind' | 'state'>;

const LABELS: Readonly<Record<CircularKind, { zh: string; en: string }>> = {
  circular: { zh: '通报', en: 'circular' },
  deadline_notice: { zh: '限期整改通知', en: 'deadline notice' },
  briefing: { zh: '简报', en: 'briefing' },
};

/**
 * GET /circulars and GET /circulars/counts. A circular is seen by its issuing unit's subtree and,
 * once issued, by its recipients' subtrees (辖内); drafts only by the former. Circulars are tens a
 * year, so they are folded from their streams at each request; a GET never writes.
 */
@Injectable()
export class CircularRegister {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly units: ScopedUnits,
  ) {}

  /** Newest first (by issue, else drafting). */
  async list(user: AuthenticatedUser, query: ListCircularsQueryDto): Promise<CircularRegisterEntry[]> {
    const entries = await this.entries(user, query);
    return entries.sort((a, b) => (b.issuedAt ?? b.createdAt).localeCompare(a.issuedAt ?? a.createdAt) || a.id.localeCompare(b.id));
  }

  /** What was issued in the period, by kind (withdrawn circulars not counted): 限期整改通知 4, 通报 6, 简报 13. */
  async counts(user: AuthenticatedUser, query: CircularCountsQueryDto): Promise<{ kind: CircularKind; label: { zh: string; en: string }; count: number }[]> {
    const issued = await this.entries(user, { ...query, state: 'issued' });
    return CIRCULAR_KINDS.map((kind) => ({ kind, label: LABELS[kind], count: issued.filter((entry) => entry.circularKind === kind).length }));
  }

  private async entries(user: AuthenticatedUser, filter: RegisterFilter): Promise<CircularRegisterEntry[]> {
    if (filter.unitId !== undefined) this.units.assertVisible(user, filter.unitId, 'unitId');
    const visible = this.units.visibleUnitIds(user);
    const visibleSet = visible === undefined ? undefined : new Set(visible);
    const filterSet = filter.unitId === undefined ? undefined : new Set(this.units.subtreeIds(filter.unitId));
    // An entry's units: whoever issued it, and whom it reached.
    const within = (set: Set<string> | undefined, units: readonly string[]): boolean => set === undefined || units.some((unitId) => set.has(unitId));

    const entries = [...(await this.circulars()), ...(await this.findingNotices())];
    return entries
      .filter(({ entry, readers }) => {
        if (!within(visibleSet, [entry.unitId, ...readers])) return false;
        if (!within(filterSet, [entry.unitId, ...entry.recipientUnitIds])) return false;
        if (filter.kind !== undefined && entry.circularKind !== filter.kind) return false;
        if (filter.state !== undefined && entry.state !== filter.state) return false;
        return filter.period === undefined || inCalendarPeriod(entry.issuedAt ?? entry.createdAt, filter.period, DEFAULT_TIME_ZONE);
      })
      .map(({ entry }) => entry);
  }

  private async circulars(): Promise<{ entry: CircularRegisterEntry; readers: readonly string[] }[]> {
    const histories = await this.streams(CIRCULARS.streamPrefix);
    return [...histories.values()].flatMap((history) => {
      const state = circularDecider.fold(history.map(toStoredEvent));
      if (state.value === 'none') return [];
      const view = toCircularView(state);
      const entry: CircularRegisterEntry = {
        id: view.id,
        number: view.number,
        circularKind: view.circularKind,
        title: view.title,
        state: view.state,
        unitId: view.unitId,
        recipientUnitIds: view.recipientUnitIds,
        acknowledgedUnitIds: view.receipts.map((receipt) => receipt.unitId),
        createdAt: view.createdAt,
        issuedAt: view.issue?.occurredAt ?? null,
        findingId: null,
      };
      return [{ entry, readers: circularReaderUnitIds(state) }];
    });
  }

  /** Each FindingDeadlineNoticeIssued as an issued deadline notice to the unit it named. */
  private async findingNotices(): Promise<{ entry: CircularRegisterEntry; readers: readonly string[] }[]> {
    const histories = await this.streams(FINDINGS.streamPrefix, ['FindingRaised', 'FindingDeadlineNoticeIssued']);
    return [...histories.values()].flatMap((history) => {
      const raisedEvent = history.find((event) => event.type === 'FindingRaised');
      if (raisedEvent === undefined) return [];
      const raised = decodeFindingRaised(raisedEvent);
      return history
        .filter((event) => event.type === 'FindingDeadlineNoticeIssued')
        .map((event) => {
          const notice = event.data as { clockId: string; unitId: string; occurredAt: string };
          const entry: CircularRegisterEntry = {
            id: `${raised.findingId}/${notice.clockId}`,
            number: raised.number ?? null,
            circularKind: 'deadline_notice',
            title: `限期整改通知：${raised.description}`,
            state: 'issued',
            unitId: raised.unitId,
            recipientUnitIds: [notice.unitId],
            acknowledgedUnitIds: [],
            createdAt: notice.occurredAt,
            issuedAt: notice.occurredAt,
            findingId: raised.findingId,
          };
          return { entry, readers: [notice.unitId] };
        });
    });
  }

  private async streams(prefix: string, eventTypes?: string[]): Promise<Map<string, RecordedEvent[]>> {
    const byStream = new Map<string, RecordedEvent[]>();
    for await (const page of readAllPages(this.store, { filter: { streamPrefixes: [prefix], ...(eventTypes !== undefined && { eventTypes }) } })) {
      for (const event of page) {
        const history = byStream.get(event.stream);
        if (history === undefined) byStream.set(event.stream, [event]);
        else history.push(event);
      }
    }
    return byStream;
  }
}
