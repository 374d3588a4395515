import type { EventStore, GlobalPosition, RecordedEvent } from '@duban/event-store';
import { CALENDAR_PUBLISHED, CALENDAR_STREAM_PREFIX, CASE_STREAM_PREFIXES, decodeCalendarPublished } from '@duban/sla';
import type { CaseReadModel } from './case-read-model';
import { caseRowOf, type CaseRow } from './case-row';

/** One field where the read model and a fold from scratch disagree; `field` is `row` for a missing or orphan row. */
export type ReplayDifference = { stream: string; id: string; field: string; readModel: unknown; replayed: unknown };

export type ReplayCheckResult = {
  /** Case streams compared. */
  cases: number;
  /** Case streams with events the read models have not reached yet, left out of the comparison. */
  notYetProjected: number;
  differences: ReplayDifference[];
};

const comparable = (value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Folds every case stream from its first event, independently of the projection's incremental
 * work, and compares each result field by field with the read model's row up to `projectedUpTo`
 * (the read models' checkpoint). Calendars come from the log itself, as the clocks recorded them.
 */
export async function replayCheck(
  store: EventStore,
  queries: CaseReadModel,
  projectedUpTo: GlobalPosition,
  onProgress: (checked: number, total: number) => void = () => undefined,
): Promise<ReplayCheckResult> {
  const published = await store.readAll({ filter: { streamPrefixes: [CALENDAR_STREAM_PREFIX], eventTypes: [CALENDAR_PUBLISHED] } });
  const calendars = new Map(
    published.map((event) => {
      const { version, calendar } = decodeCalendarPublished(event);
      return [`${calendar.id}@${version}`, calendar] as const;
    }),
  );
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of await store.readAll({ filter: { streamPrefixes: [...CASE_STREAM_PREFIXES] } })) {
    streams.set(event.stream, [...(streams.get(event.stream) ?? []), event]);
  }
  const rows = new Map((await queries.all({})).map((row) => [row.stream, row]));
  const result: ReplayCheckResult = { cases: 0, notYetProjected: 0, differences: [] };
  let checked = 0;
  for (const [stream, history] of streams) {
    onProgress(++checked, streams.size);
    if (history.at(-1)!.position > projectedUpTo) {
      result.notYetProjected += 1;
      rows.delete(stream);
      continue;
    }
    result.cases += 1;
    const replayed = caseRowOf(history, (calendarId, version) => calendars.get(`${calendarId}@${version}`));
    const stored = rows.get(stream);
    rows.delete(stream);
    result.differences.push(...differencesOf(stream, stored, replayed));
  }
  for (const orphan of rows.values()) result.differences.push({ stream: orphan.stream, id: orphan.id, field: 'row', readModel: 'present', replayed: 'no events' });
  return result;
}

function differencesOf(stream: string, stored: CaseRow | undefined, replayed: CaseRow | undefined): ReplayDifference[] {
  if (!stored || !replayed) {
    return stored === replayed
      ? []
      : [{ stream, id: (stored ?? replayed)!.id, field: 'row', readModel: stored ? 'present' : 'missing', replayed: replayed ? 'present' : 'missing' }];
  }
  return (Object.keys(replayed) as (keyof CaseRow)[])
    .filter((field) => comparable(stored[field]) !== comparable(replayed[field]))
    .map((field) => ({ stream, id: replayed.id, field, readModel: comparable(stored[field]), replayed: comparable(replayed[field]) }));
}
