import type { ClientBase } from 'pg';
import type { EventStore, GlobalPosition, RecordedEvent } from '@duban/event-store';
import { CALENDAR_PUBLISHED, decodeCalendarPublished, type Calendar } from '@duban/sla';
import { caseRowsOfPage, CASE_PROJECTION, streamHistoryBefore } from '../case-projection';
import type { CaseRow } from '../case-row';

/** The channel the projector notifies after each page it commits; the payload is `<schema> <position>`. */
export const READ_MODELS_CHANNEL = 'duban_read_models';

/** SQLSTATE of a table that does not exist: the read-model tables before a projector's first start. */
export const UNDEFINED_TABLE = '42P01';

/** The read-model tables beside the event store's in `schema`. */
export function caseRowTables(schema: string): { rows: string; calendars: string; checkpoints: string } {
  const quoted = `"${schema}"`;
  return { rows: `${quoted}.read_case_rows`, calendars: `${quoted}.read_calendar_versions`, checkpoints: `${quoted}.read_checkpoints` };
}

export interface CaseRowsCheckpoint {
  /** The last applied position, or undefined before the first event. */
  position: GlobalPosition | undefined;
  /** Every event of the log applied so far, counted once each: equals the events up to `position` unless one was applied twice or skipped. */
  eventsApplied: bigint;
}

/**
 * The case rows shared by every process, in PostgreSQL tables beside the event store (`read_case_rows`,
 * `read_calendar_versions`, `read_checkpoints` in its schema): derived data, created here, dropped and
 * rebuilt at will. A page and the checkpoint it moves are written in one transaction that first locks
 * the checkpoint row and finds it where the writer read it, so a page is applied once even if two
 * writers ever ran at once, and it notifies READ_MODELS_CHANNEL as it commits, so that every API
 * instance learns the new position at once. Rows are kept as the JSON of `CaseRow`, which
 * `PostgresCaseQueries` reads.
 */
export class PostgresCaseRows {
  private readonly tables: ReturnType<typeof caseRowTables>;
  /** Published versions never change, so a parsed one is kept for the process's life. */
  private readonly calendars = new Map<string, Calendar>();

  constructor(
    private readonly store: EventStore,
    private readonly schema: string,
  ) {
    this.tables = caseRowTables(schema);
  }

  async createTables(client: ClientBase): Promise<void> {
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${this.tables.rows} (stream text PRIMARY KEY, kind text NOT NULL, id text NOT NULL, "row" jsonb NOT NULL, position bigint NOT NULL);
      CREATE TABLE IF NOT EXISTS ${this.tables.calendars} (id text NOT NULL, version integer NOT NULL, calendar jsonb NOT NULL, PRIMARY KEY (id, version));
      CREATE TABLE IF NOT EXISTS ${this.tables.checkpoints} (name text PRIMARY KEY, position bigint, events_applied bigint NOT NULL);
      INSERT INTO ${this.tables.checkpoints} (name, position, events_applied) VALUES ('${CASE_PROJECTION}', NULL, 0) ON CONFLICT (name) DO NOTHING;
    `);
    const { rows } = await client.query<{ id: string; version: number; calendar: Calendar }>(`SELECT id, version, calendar FROM ${this.tables.calendars}`);
    for (const { id, version, calendar } of rows) this.calendars.set(`${id}@${version}`, calendar);
  }

  /** Forgets every row, calendar and the checkpoint, so that the log is applied again from its start. */
  async reset(client: ClientBase): Promise<void> {
    await client.query(`TRUNCATE ${this.tables.rows}, ${this.tables.calendars}; UPDATE ${this.tables.checkpoints} SET position = NULL, events_applied = 0`);
    this.calendars.clear();
  }

  /** Writes `rows` in place of those of their streams, as the JSON of `CaseRow` that PostgresCaseQueries reads. */
  async upsertRows(client: ClientBase, rows: readonly CaseRow[]): Promise<void> {
    await client.query(
      `INSERT INTO ${this.tables.rows} (stream, kind, id, "row", position)
       SELECT stream, kind, id, "row", position FROM jsonb_to_recordset($1::jsonb) AS page(stream text, kind text, id text, "row" jsonb, position bigint)
       ON CONFLICT (stream) DO UPDATE SET kind = excluded.kind, id = excluded.id, "row" = excluded."row", position = excluded.position`,
      [
        JSON.stringify(
          rows.map((row) => ({ stream: row.stream, kind: row.kind, id: row.id, row: { ...row, position: row.position.toString() }, position: row.position.toString() })),
        ),
      ],
    );
  }

  async checkpoint(client: ClientBase): Promise<CaseRowsCheckpoint> {
    const { rows } = await client.query<{ position: string | null; events_applied: string }>(`SELECT position, events_applied FROM ${this.tables.checkpoints} WHERE name = $1`, [
      CASE_PROJECTION,
    ]);
    return { position: rows[0].position === null ? undefined : BigInt(rows[0].position), eventsApplied: BigInt(rows[0].events_applied) };
  }

  /**
   * Applies `page` (the events right after `after`) in one transaction on `client`: false, writing
   * nothing, when the checkpoint is no longer `after` (another writer moved it). A case stream that
   * does not fold keeps the row of its last page that did, and is reported.
   */
  async applyPage(client: ClientBase, after: GlobalPosition | undefined, page: readonly RecordedEvent[], onCorrupt: (stream: string, error: unknown) => void): Promise<boolean> {
    const published = page.filter((event) => event.type === CALENDAR_PUBLISHED).map((event) => decodeCalendarPublished(event));
    for (const { version, calendar } of published) this.calendars.set(`${calendar.id}@${version}`, calendar);
    const rows = await caseRowsOfPage(
      page,
      (event) => streamHistoryBefore(this.store, event),
      (calendarId, version) => this.calendars.get(`${calendarId}@${version}`),
      onCorrupt,
    );
    await client.query('BEGIN');
    try {
      const { rows: locked } = await client.query<{ position: string | null }>(`SELECT position FROM ${this.tables.checkpoints} WHERE name = $1 FOR UPDATE`, [CASE_PROJECTION]);
      if ((locked[0].position === null ? undefined : BigInt(locked[0].position)) !== after) {
        await client.query('ROLLBACK');
        return false;
      }
      await this.upsertRows(client, rows);
      for (const { version, calendar } of published) {
        await client.query(`INSERT INTO ${this.tables.calendars} (id, version, calendar) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          calendar.id,
          version,
          JSON.stringify(calendar),
        ]);
      }
      await client.query(`UPDATE ${this.tables.checkpoints} SET position = $2, events_applied = events_applied + $3 WHERE name = $1`, [
        CASE_PROJECTION,
        page.at(-1)!.position.toString(),
        page.length,
      ]);
      await client.query('SELECT pg_notify($1, $2)', [READ_MODELS_CHANNEL, `${this.schema} ${page.at(-1)!.position}`]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
