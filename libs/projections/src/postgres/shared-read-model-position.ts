import type { Pool } from 'pg';
import { PostgresChannelListener, postgresStoreErrorOf, type EventStore, type GlobalPosition } from '@duban/event-store';
import { CASE_PROJECTION } from '../case-projection';
import { ReachedPosition } from '../reached-position';
import type { ReadModelLag, ReadModelPosition } from '../read-model-position';
import { caseRowTables, READ_MODELS_CHANNEL, UNDEFINED_TABLE } from './postgres-case-rows';

/** The lag is counted in events up to this many, as the SQLite runner counts it. */
const LAG_COUNT_LIMIT = 10_000;

export interface SharedReadModelPositionOptions {
  connectionString: string;
  /** The event store's schema, beside which the projector keeps the rows and its checkpoint. */
  schema: string;
  /** How often the checkpoint is read when no notification comes (a dropped LISTEN connection, a missed NOTIFY). Default 1 s. */
  pollMs?: number;
}

/** The shared case rows' checkpoint in `schema`: 0 before the projector's first page (or its tables). */
export async function sharedCaseRowsPosition(pool: Pool, schema: string): Promise<GlobalPosition> {
  try {
    const { rows } = await pool.query<{ position: string | null }>(`SELECT position FROM ${caseRowTables(schema).checkpoints} WHERE name = $1`, [CASE_PROJECTION]);
    return BigInt(rows[0]?.position ?? 0);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return 0n;
    throw postgresStoreErrorOf('read the read models’ position', error) ?? error;
  }
}

/**
 * Where the case rows shared in PostgreSQL stand, for an API instance that reads them but does not
 * build them: the projector's checkpoint, learnt at once from its NOTIFY after each page (LISTEN on a
 * connection of its own, reopened when it drops) and read again every `pollMs` in case one was missed.
 */
export class SharedReadModelPosition implements ReadModelPosition {
  private readonly reached = new ReachedPosition();
  private readonly listener: PostgresChannelListener;
  private poller: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly options: SharedReadModelPositionOptions,
  ) {
    const connection = { connectionString: options.connectionString, application_name: 'duban-read-models' };
    this.listener = new PostgresChannelListener(
      connection,
      READ_MODELS_CHANNEL,
      {
        notified: (payload) => {
          const [schema, position] = payload.split(' ');
          if (schema === options.schema && position) this.reached.advance(BigInt(position));
        },
      },
      options.pollMs ?? 1_000,
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.listener.start();
    const poll = () => {
      this.poller = setTimeout(() => void this.refresh().finally(() => this.running && poll()), this.options.pollMs ?? 1_000);
    };
    void this.refresh();
    poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.poller);
    await this.listener.close();
  }

  position(): GlobalPosition {
    return this.reached.current();
  }

  async lag(): Promise<ReadModelLag> {
    const [headPosition] = await Promise.all([this.store.headPosition(), this.refresh()]);
    const position = this.reached.current();
    const { rows } = await this.query<{ lag: string }>(
      `SELECT count(*) AS lag FROM (SELECT 1 FROM "${this.options.schema}".events WHERE position > $1 AND position <= $2 LIMIT ${LAG_COUNT_LIMIT}) AS behind`,
      [position.toString(), headPosition.toString()],
    );
    return { position, headPosition, lag: BigInt(rows[0].lag) };
  }

  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    // A notification sent before this process listened is not repeated: read the checkpoint once now.
    return this.reached.waitFor(position, timeoutMs, () => void this.refresh());
  }

  /** Reads the stored checkpoint; a failure leaves the known position as it is (the next poll tries again). */
  private async refresh(): Promise<void> {
    this.reached.advance(await sharedCaseRowsPosition(this.pool, this.options.schema).catch(() => 0n));
  }

  private async query<Row extends object>(sql: string, parameters: unknown[] = []): Promise<{ rows: Row[] }> {
    try {
      return await this.pool.query<Row>(sql, parameters);
    } catch (error) {
      throw postgresStoreErrorOf('read the read models’ position', error) ?? error;
    }
  }
}
