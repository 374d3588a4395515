import type Database from 'better-sqlite3';
import type { EventStore, GlobalPosition, LeanEvent, RecordedEvent } from '@duban/event-store';
import { type Calendar, CALENDAR_PUBLISHED, caseOfStream, decodeCalendarPublished } from '@duban/sla';

import { caseRowOf, type CaseRow } from './case-row';
import { BUILD_CASE_ROW_INDEXES, DROP_CASE_ROW_INDEXES } from './read-model-database';

export const CASE_PROJECTION = 'cases';

export interface CaseProjectionOptions {
  /** Told about a case stream that does not fold; its row keeps the last state that did. Defaults to console.error. */
  readonly onCorruptStream?: (stream: string, error: unknown) => void;
}

/**
 * Writes the case rows. Every event of the global log moves the checkpoint, and a case event also
 * rewrites its stream's row, both in one SQLite transaction: an event applied twice (redelivery
 * after a crash, a rebuild racing a restart) is recognised by the checkpoint and changes nothing.
 * A row is the fold of its stream up to the event being applied, so replaying from zero gives
 * the same rows whenever it runs.
 */
export class CaseProjection {
  private readonly selectCheckpoint;
  private readonly upsertCheckpoint;
  private readonly upsertRow;
  private readonly insertCalendar;
  private readonly selectCalendar;
  private readonly clear;
  /** Published versions never change, so a parsed one is kept for the process's life. */
  private readonly calendars = new Map<string, Calendar | undefined>();
  /**
   * While a replay from zero fills the emptied table: the head it fills up to. case_rows' secondary
   * indexes are dropped meanwhile and built once it is reached (sorting once beats updating six
   * b-trees row by row); a process stopped before then gets them back when the file is next opened.
   */
  private bulkLoadUntil: GlobalPosition | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly store: EventStore,
    private readonly options: CaseProjectionOptions = {},
  ) {
    this.selectCheckpoint = db.prepare<[string], { position: string }>('SELECT position FROM projection_checkpoints WHERE name = ?');
    this.upsertCheckpoint = db.prepare<[string, string]>(
      'INSERT INTO projection_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.upsertRow = db.prepare<unknown[]>(`INSERT OR REPLACE INTO case_rows (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map(() => '?').join(', ')})`);
    this.insertCalendar = db.prepare<[string, number, string]>('INSERT OR IGNORE INTO calendar_versions (id, version, calendar) VALUES (?, ?, ?)');
    this.selectCalendar = db.prepare<[string, number], { calendar: string }>('SELECT calendar FROM calendar_versions WHERE id = ? AND version = ?');
    this.clear = db.transaction(() => {
      db.prepare('DELETE FROM case_rows').run();
      db.prepare('DELETE FROM calendar_versions').run();
      db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(CASE_PROJECTION);
    });
  }

  /** The last applied position, or undefined before the first event. */
  position(): GlobalPosition | undefined {
    const row = this.selectCheckpoint.get(CASE_PROJECTION);
    return row ? BigInt(row.position) : undefined;
  }

  async apply(event: LeanEvent): Promise<void> {
    if (this.isApplied(event.position)) return;
    const row = caseOfStream(event.stream) ? this.rowOrReport(event.stream, [...(await this.historyBefore(event)), event]) : undefined;
    this.db.transaction(() => {
      // Checked again inside the transaction: another writer may have applied it while the stream was read.
      if (this.isApplied(event.position)) return;
      if (row) this.upsertRow.run(columnsOf(row));
      if (event.type === CALENDAR_PUBLISHED) this.recordCalendar(event);
      this.upsertCheckpoint.run(CASE_PROJECTION, event.position.toString());
    })();
  }

  /**
   * Applies a page of the global log in one transaction, with the same rows as applying its events
   * one by one: only each stream's row after its newest event in the page survives the page, so
   * that one row per stream is folded, from the page itself plus, when the stream began before the
   * page, its earlier revisions. A stream that does not fold, or another writer moving the
   * checkpoint meanwhile, sends the page through apply, event by event, which reports and checks each.
   */
  async applyPage(events: readonly LeanEvent[]): Promise<void> {
    const applied = this.position();
    const fresh = applied === undefined ? events : events.filter((event) => event.position > applied);
    if (fresh.length === 0) return;
    if (applied === undefined && this.bulkLoadUntil === undefined) await this.startBulkLoad(fresh.at(-1)!.position);
    for (const event of fresh) if (event.type === CALENDAR_PUBLISHED) this.rememberCalendar(event);
    const rows = await caseRowsOfPage(
      fresh,
      (event) => this.historyBefore(event),
      (calendarId, version) => this.calendarAt(calendarId, version),
    ).catch(() => undefined);
    const written =
      rows !== undefined &&
      this.db.transaction(() => {
        if (this.position() !== applied) return false;
        for (const row of rows) this.upsertRow.run(columnsOf(row));
        for (const event of fresh) if (event.type === CALENDAR_PUBLISHED) this.recordCalendar(event);
        this.upsertCheckpoint.run(CASE_PROJECTION, fresh.at(-1)!.position.toString());
        return true;
      })();
    if (!written) for (const event of fresh) await this.apply(event);
    if (this.bulkLoadUntil !== undefined && fresh.at(-1)!.position >= this.bulkLoadUntil) {
      this.db.exec(BUILD_CASE_ROW_INDEXES);
      this.bulkLoadUntil = undefined;
    }
  }

  /** Forgets every row and the checkpoint, so the next catch-up replays from zero. */
  reset(): void {
    this.clear();
    this.calendars.clear();
  }

  /** A first page that does not reach the head begins a replay from zero that is worth loading in bulk. */
  private async startBulkLoad(pageEnd: GlobalPosition): Promise<void> {
    const head = await this.store.headPosition();
    if (head <= pageEnd) return;
    this.db.exec(DROP_CASE_ROW_INDEXES);
    this.bulkLoadUntil = head;
  }

  private isApplied(position: GlobalPosition): boolean {
    const applied = this.position();
    return applied !== undefined && position <= applied;
  }

  private rowOf(history: readonly LeanEvent[]): CaseRow | undefined {
    return caseRowOf(history, (calendarId, version) => this.calendarAt(calendarId, version));
  }

  private rowOrReport(stream: string, history: readonly LeanEvent[]): CaseRow | undefined {
    try {
      return this.rowOf(history);
    } catch (error) {
      (this.options.onCorruptStream ?? ((corrupt, cause) => console.error(`Case stream ${corrupt} does not fold; its row is left as it was: ${String(cause)}`)))(stream, error);
      return undefined;
    }
  }

  /** The stream's events before `event`, read only up to it: the rest may not be applied yet. */
  private historyBefore(event: LeanEvent): Promise<RecordedEvent[]> {
    return streamHistoryBefore(this.store, event);
  }

  private recordCalendar(event: LeanEvent): void {
    const { version, calendar } = decodeCalendarPublished(event);
    this.insertCalendar.run(calendar.id, version, JSON.stringify(calendar));
  }

  /** A calendar published earlier in the same page is not in the table yet when that page's rows are folded. */
  private rememberCalendar(event: LeanEvent): void {
    const { version, calendar } = decodeCalendarPublished(event);
    this.calendars.set(`${calendar.id}@${version}`, calendar);
  }

  private calendarAt(calendarId: string, version: number): Calendar | undefined {
    const key = `${calendarId}@${version}`;
    if (!this.calendars.has(key)) {
      const found = this.selectCalendar.get(calendarId, version);
      if (!found) return undefined;
      this.calendars.set(key, JSON.parse(found.calendar) as Calendar);
    }
    return this.calendars.get(key);
  }
}

/**
 * The rows a page of the global log leaves: one fold per case stream, of its events in the page on
 * top of those before the page (`historyBefore` of its first one). A stream that does not fold is
 * handed to `onCorrupt` and left out, or, without it, throws. Calendars published in the page must
 * already be known to `calendarAt`.
 */
export async function caseRowsOfPage(
  page: readonly LeanEvent[],
  historyBefore: (event: LeanEvent) => Promise<LeanEvent[]>,
  calendarAt: (calendarId: string, version: number) => Calendar | undefined,
  onCorrupt?: (stream: string, error: unknown) => void,
): Promise<CaseRow[]> {
  const byStream = new Map<string, LeanEvent[]>();
  for (const event of page) {
    if (!caseOfStream(event.stream)) continue;
    const inPage = byStream.get(event.stream);
    if (inPage) inPage.push(event);
    else byStream.set(event.stream, [event]);
  }
  const rows: CaseRow[] = [];
  for (const [stream, inPage] of byStream) {
    // A stream's first event needs no read, nor a wait for one.
    const history = inPage[0].revision === 0n ? inPage : [...(await historyBefore(inPage[0])), ...inPage];
    try {
      const row = caseRowOf(history, calendarAt);
      if (row) rows.push(row);
    } catch (error) {
      if (!onCorrupt) throw error;
      onCorrupt(stream, error);
    }
  }
  return rows;
}

/** The stream's events before `event`, read only up to it: the rest may not be applied yet. */
export async function streamHistoryBefore(store: EventStore, event: LeanEvent): Promise<RecordedEvent[]> {
  return event.revision === 0n ? [] : store.readStream(event.stream, { maxCount: Number(event.revision) });
}

/** Every field of a row, each in the column of its name in snake case; checked complete by the compiler. */
const ROW_FIELDS = Object.keys({
  stream: true,
  kind: true,
  id: true,
  number: true,
  state: true,
  open: true,
  unitId: true,
  responsibleUnitId: true,
  assigneeId: true,
  type: true,
  category: true,
  channel: true,
  priority: true,
  escalationLevel: true,
  receivedAt: true,
  repliedAt: true,
  closedAt: true,
  dueAt: true,
  breached: true,
  description: true,
  updatedAt: true,
  receivedMonth: true,
  responsibility: true,
  replyOutcome: true,
  replyBusinessMs: true,
  verifiedAt: true,
  followUpSatisfied: true,
  carryOverCount: true,
  signOffUnitId: true,
  repeatOf: true,
  position: true,
} satisfies Record<keyof CaseRow, true>) as (keyof CaseRow)[];

const ROW_COLUMNS = ROW_FIELDS.map((field) => field.replace(/[A-Z]/g, (capital) => `_${capital.toLowerCase()}`));

/** Bound by position, not by name: 31 named parameters cost more on each of a rebuild's rows. */
function columnsOf(row: CaseRow): unknown[] {
  return ROW_FIELDS.map((field) => {
    const value = row[field];
    return typeof value === 'boolean' ? Number(value) : typeof value === 'bigint' ? value.toString() : value;
  });
}
