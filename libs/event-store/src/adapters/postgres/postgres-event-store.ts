/**
 * PostgreSQL EventStore (node-postgres), one schema shared by any number of processes.
 *
 * Guarantees:
 * - An acknowledged append is committed with the server's durability (synchronous_commit on by default).
 * - Global order without lost events: every append transaction first takes `LOCK TABLE events IN
 *   EXCLUSIVE MODE` (readers are not blocked), so positions are handed out in commit order and a
 *   reader never sees position p+1 while p is still uncommitted. Without it, a transaction that took
 *   an earlier position but commits later would be skipped by every reader already past it
 *   (docs/event-stores.md explains why this and not the xid8 snapshot filter).
 * - A lone append chained onto the stream head this process last wrote or read is one autocommitted
 *   call of `append_onto_head` (lock, head and id checks, insert, notify: one round trip); the server
 *   refuses it without writing when the head moved or an id is already recorded, and the full path
 *   below then decides.
 * - Group commit: the appends that arrive while a transaction is running are written together in
 *   the next one (one lookup, one INSERT, one commit), each with its own checks and outcome; if the
 *   server refuses the group's INSERT, its appends are written again one by one.
 * - Revisions and ids are checked under that lock; UNIQUE (stream, revision) and UNIQUE id back it up.
 * - Each event's chain hash is computed from its stream's head read under the lock.
 * - Subscriptions poll readAll and are woken by LISTEN/NOTIFY (appends of any process) and by
 *   this store's own appends; polling is the fallback while the listening connection is down.
 */
import { Pool, type PoolClient, type PoolConfig, type QueryResult } from 'pg';
import { chainBatch } from '@duban/integrity';
import { planAppend, type AppendPlan, type RecordedLocation } from '../../core/append-plan';
import { validateAppend, type ValidatedEvent } from '../../core/append-request';
import { EventStoreReadOnlyError, EventStoreUnavailableError, StreamNotFoundError } from '../../port/event-store.errors';
import { RecentWriteFailure } from '../../core/recent-write-failure';
import type { EventStore } from '../../port/event-store';
import type {
  AppendOptions,
  AppendResult,
  EventHandler,
  ExpectedRevision,
  GlobalPosition,
  JsonObject,
  LeanEvent,
  LeanReadAllOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../../port/event-store.port';
import { ActiveSubscriptions } from '../../subscription/active-subscriptions';
import { AppendSignal } from '../../subscription/append-signal';
import { pollingFeed, type PollingOptions } from '../../subscription/polling-feed';
import { PostgresChannelListener } from './channel-listener';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { PostgresProjectionStateStore } from './postgres-projection-state-store';
import { withPostgresErrorsMapped } from './postgres-errors';
import { migratePostgresSchema, quotedSchema } from './postgres-schema';
import { KnownStreamHeads, type StreamHead } from './known-stream-heads';

export interface PostgresEventStoreOptions extends PollingOptions {
  /** e.g. `postgres://duban@db.example:5432/duban` */
  connectionString: string;
  /** The schema holding the tables; created when missing. Default `duban`. */
  schema?: string;
  /** Connections in the pool (reads run in parallel; appends use one at a time). Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection to open or a pooled one to free up. Default 5 s. */
  connectionTimeoutMs?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = 'duban';
const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

export interface OpenedPostgresEventStore {
  store: PostgresEventStore;
  checkpoints: PostgresCheckpointStore;
  projectionState: PostgresProjectionStateStore;
}

/**
 * The store, the checkpoint store and the projection state store of one schema, at once: the schema is created or migrated on
 * first use (and tried again on the next use if the server was away), so wiring needs no await.
 */
export function createPostgresEventStore(options: PostgresEventStoreOptions): OpenedPostgresEventStore {
  const schema = options.schema ?? DEFAULT_POSTGRES_SCHEMA;
  quotedSchema(schema);
  const pool = new Pool(poolConfig(options));
  // A connection the server drops must not crash the process: node-postgres emits 'error' on an idle
  // client through the pool, and on a checked-out one between queries on the client itself. The
  // query in flight, if any, fails on its own; the pool then discards the broken client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const schemaReady = onceSucceeded(async () => {
    const client = await pool.connect();
    try {
      await migratePostgresSchema(client, schema);
    } finally {
      client.release();
    }
  });
  return {
    store: new PostgresEventStore(pool, schema, options, schemaReady),
    checkpoints: new PostgresCheckpointStore(pool, schema, schemaReady),
    projectionState: new PostgresProjectionStateStore(pool, schema, schemaReady),
  };
}

/** As createPostgresEventStore, but connects and migrates first, so a wrong URL or schema fails here. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<OpenedPostgresEventStore> {
  const opened = createPostgresEventStore(options);
  try {
    await opened.store.ping();
  } catch (error) {
    await opened.store.close();
    throw error;
  }
  return opened;
}

/** `work` once it has succeeded; a failed attempt is forgotten, so the next call tries again. */
function onceSucceeded(work: () => Promise<void>): () => Promise<void> {
  let succeeded: Promise<void> | undefined;
  return () =>
    (succeeded ??= work().catch((error: unknown) => {
      succeeded = undefined;
      throw error;
    }));
}

function poolConfig(options: PostgresEventStoreOptions): PoolConfig {
  return {
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    application_name: 'duban-event-store',
  };
}

interface EventRow {
  position: string;
  id: string;
  stream: string;
  revision: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  created_at: Date;
  hash: string | null;
  previous_hash: string | null;
}

interface QueuedAppend {
  stream: string;
  events: ValidatedEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface LookupRow {
  role: 'head' | 'recorded';
  id: string;
  stream: string;
  revision: string;
  position: string;
  hash: string | null;
}

/** An event about to be inserted, chained onto its stream's head. */
interface PendingRow {
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  hash: string;
  previousHash: string | null;
}

type PlannedAppend =
  | { append: QueuedAppend; rows: PendingRow[]; replayed?: undefined; error?: undefined }
  /** The batch already stands (idempotent re-append): its stored events are read back. */
  | { append: QueuedAppend; replayed: Extract<AppendPlan, { kind: 'already-appended' }>; rows?: undefined; error?: undefined }
  | { append: QueuedAppend; error: unknown; rows?: undefined; replayed?: undefined };

/** `wrote` is false for an idempotent re-append. */
type WrittenAppend = { result: AppendResult; wrote: boolean };
/** The channel every Duban event store notifies on; the payload names the schema appended to. */
const APPEND_CHANNEL = 'duban_event_store';

type SettledAppend = { append: QueuedAppend; written: WrittenAppend; error?: undefined } | { append: QueuedAppend; written?: undefined; error: unknown };
/** `deferred`: appends left for the next transaction, in order. */
type GroupOutcome = { settled: SettledAppend[]; deferred: QueuedAppend[] };

export class PostgresEventStore implements EventStore {
  private readonly appended = new AppendSignal();
  private readonly subscriptions = new ActiveSubscriptions();
  /** Other processes' appends, heard through their NOTIFY, wake this process's subscriptions at once. */
  private readonly notifications: PostgresChannelListener;
  private readonly events: string;
  /** Appends waiting for the running group commit to finish, in arrival order. */
  private queue: QueuedAppend[] = [];
  private writing: Promise<void> | undefined;
  private readonly writeFailure = new RecentWriteFailure();
  private readonly knownHeads = new KnownStreamHeads();

  /** Takes ownership of `pool`: close() ends it. Built by createPostgresEventStore. */
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
    private readonly schemaReady: () => Promise<void>,
  ) {
    this.events = `${quotedSchema(schema)}.events`;
    this.notifications = new PostgresChannelListener(poolConfig(options), APPEND_CHANNEL, {
      notified: (payload) => {
        if (payload === schema) this.appended.notify();
      },
      // Appends made while no one listened were missed: wake the subscriptions to read them now.
      listening: () => this.appended.notify(),
    });
  }

  // async: an invalid append rejects rather than throws.
  async appendToStream(stream: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    const validated = validateAppend(stream, events, expected);
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, events: validated, expected, resolve, reject });
      this.writing ??= this.writeQueued();
    });
  }

  /** Writes group after group until the queue is empty; one transaction at a time per store. */
  private async writeQueued(): Promise<void> {
    // Let the appends of this turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      await this.writeGroup(group);
    }
    this.writing = undefined;
  }

  /**
   * One transaction for the whole group. If the server refuses it for a reason other than being
   * unavailable (a value it cannot store), the appends are written again one by one, so each
   * succeeds or fails alone, as each has its own checks and outcome.
   */
  private async writeGroup(group: QueuedAppend[]): Promise<void> {
    if (group.length === 1 && (await this.appendedOntoKnownHead(group[0]))) return;
    const streams = group.length === 1 ? group[0].stream : `${group.length} streams`;
    let outcome: GroupOutcome;
    try {
      outcome = await this.mapped(`append to ${streams}`, () => this.inWriteTransaction(group));
      this.writeFailure.succeeded();
    } catch (error) {
      this.writeFailure.failed(error);
      if (group.length > 1 && !(error instanceof EventStoreUnavailableError)) {
        for (const append of group) await this.writeGroup([append]);
      } else {
        for (const append of group) append.reject(error);
      }
      return;
    }
    this.queue.unshift(...outcome.deferred);
    if (outcome.settled.some(({ written }) => written?.wrote)) this.appended.notify();
    for (const { append, written, error } of outcome.settled) {
      if (written) {
        this.knownHeads.sawEvents(written.result.recorded);
        append.resolve(written.result);
      } else append.reject(error);
    }
  }

  /**
   * The one-round-trip path: true once `append` is settled by it; false when it does not apply (no
   * head known, or a conflict with the one known) or the server refused it without writing.
   */
  private async appendedOntoKnownHead(append: QueuedAppend): Promise<boolean> {
    const head = this.knownHeads.get(append.stream);
    if (!head && append.expected !== 'no_stream') return false;
    let rows: PendingRow[] | undefined;
    try {
      rows = this.plan(append, new Map(head ? [[append.stream, head]] : []), new Map()).rows;
    } catch {
      return false; // the full path decides against the stored head, and reports it
    }
    if (!rows) return false;
    let written: WrittenAppend | undefined;
    try {
      written = await this.mapped(`append to ${append.stream}`, () => this.appendOntoHead(append.stream, head, rows));
      this.writeFailure.succeeded();
    } catch (error) {
      this.writeFailure.failed(error);
      append.reject(error);
      return true;
    }
    if (!written) return false;
    this.knownHeads.sawEvents(written.result.recorded);
    this.appended.notify();
    append.resolve(written.result);
    return true;
  }

  /** Undefined when the server found another head or a recorded id, and wrote nothing. */
  private async appendOntoHead(stream: string, head: StreamHead | undefined, rows: readonly PendingRow[]): Promise<WrittenAppend | undefined> {
    const createdAt = new Date();
    // Unnamed, as every statement here: named prepared statements break behind a transaction-pooling PgBouncer.
    const inserted = await this.pool.query<{ id: string; position: string }>({
      text: `SELECT id, position FROM ${quotedSchema(this.schema)}.append_onto_head($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      values: [
        stream,
        head?.revision.toString() ?? null,
        head?.hash ?? null,
        rows.map((row) => row.id),
        rows.map((row) => row.revision.toString()),
        rows.map((row) => row.type),
        rows.map((row) => row.data),
        rows.map((row) => row.metadata),
        createdAt,
        rows.map((row) => row.hash),
        rows.map((row) => row.previousHash),
        APPEND_CHANNEL,
        this.schema,
      ],
    });
    if (inserted.rows.length === 0) return undefined;
    return writtenAppend(rows, createdAt, new Map(inserted.rows.map((row) => [row.id, row.position])));
  }

  private async inWriteTransaction(group: QueuedAppend[]): Promise<GroupOutcome> {
    const client = await this.pool.connect();
    let unusable: Error | undefined;
    try {
      // The lock that keeps positions in commit order (see the file comment); readers are not blocked.
      // Sent with the lookup in one message: a round trip fewer on every append.
      const opened = (await client.query(`BEGIN; LOCK TABLE ${this.events} IN EXCLUSIVE MODE; ${this.lookUpSql(client, group)}`)) as unknown as QueryResult<LookupRow>[];
      const outcome = await this.appendGroup(client, group, opened[opened.length - 1].rows);
      const notify = outcome.settled.some(({ written }) => written?.wrote) ? `SELECT pg_notify('${APPEND_CHANNEL}', '${this.schema}'); ` : '';
      await client.query(`${notify}COMMIT`);
      return outcome;
    } catch (error) {
      // A connection that cannot even roll back is discarded rather than handed out again.
      await client.query('ROLLBACK').catch((rollbackFailure: Error) => (unusable = rollbackFailure));
      throw error;
    } finally {
      client.release(unusable);
    }
  }

  /**
   * Runs under the table lock, so what it reads cannot change before it writes: `found` holds the
   * heads of the group's streams and where its ids are recorded; each append is planned in order
   * on top of the ones before it; one INSERT writes every event of the group.
   */
  private async appendGroup(client: PoolClient, group: QueuedAppend[], found: readonly LookupRow[]): Promise<GroupOutcome> {
    const heads = new Map<string, StreamHead>();
    const recordedById = new Map<string, RecordedLocation>();
    for (const row of found) {
      if (row.role === 'head') heads.set(row.stream, { revision: BigInt(row.revision), hash: row.hash });
      else recordedById.set(row.id, { stream: row.stream, revision: BigInt(row.revision), position: BigInt(row.position) });
    }
    const planned: PlannedAppend[] = [];
    const groupIds = new Set<string>();
    let deferred: QueuedAppend[] = [];
    for (const [index, append] of group.entries()) {
      // The same ids twice in one group (a retry that overtook its original): the rest waits for the next transaction.
      if (append.events.some((event) => groupIds.has(event.id))) {
        deferred = group.slice(index);
        break;
      }
      try {
        planned.push(this.plan(append, heads, recordedById));
        for (const event of append.events) groupIds.add(event.id);
      } catch (error) {
        planned.push({ append, error });
      }
    }
    const positions = await this.insert(
      client,
      planned.flatMap((plan) => plan.rows ?? []),
    );
    const settled: SettledAppend[] = [];
    for (const plan of planned) settled.push(await this.settle(client, plan, positions));
    return { settled, deferred };
  }

  /**
   * The heads of the group's streams and where its ids are recorded, as literals (stream names
   * escaped by the driver, ids validated uuids) so that it travels in the message that takes the lock.
   */
  private lookUpSql(client: PoolClient, group: readonly QueuedAppend[]): string {
    const streams = [...new Set(group.map((append) => append.stream))].map((stream) => client.escapeLiteral(stream));
    const ids = group.flatMap((append) => append.events.map((event) => client.escapeLiteral(event.id)));
    return `SELECT 'head' AS role, head.* FROM unnest(ARRAY[${streams.join(', ')}]::text[]) AS wanted(stream)
         CROSS JOIN LATERAL (SELECT id::text, stream, revision, position, hash FROM ${this.events} WHERE stream = wanted.stream ORDER BY revision DESC LIMIT 1) AS head
       UNION ALL
       SELECT 'recorded', id::text, stream, revision, position, hash FROM ${this.events} WHERE id = ANY(ARRAY[${ids.join(', ')}]::uuid[])`;
  }

  /** Decides one append against the heads as the group's earlier appends left them, and moves its stream's head. */
  private plan(append: QueuedAppend, heads: Map<string, StreamHead>, recordedById: ReadonlyMap<string, RecordedLocation>): PlannedAppend {
    const { stream, events, expected } = append;
    const head = heads.get(stream);
    const plan = planAppend(stream, events, expected, head?.revision ?? 'no_stream', recordedById);
    if (plan.kind === 'already-appended') return { append, replayed: plan };
    const chain = chainBatch(stream, plan.firstRevision, head?.hash ?? null, events);
    const rows = events.map((event, index): PendingRow => ({
      id: event.id,
      stream,
      revision: plan.firstRevision + BigInt(index),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata),
      hash: chain[index].hash,
      previousHash: chain[index].previousHash,
    }));
    heads.set(stream, { revision: rows[rows.length - 1].revision, hash: rows[rows.length - 1].hash });
    return { append, rows };
  }

  /** Where each inserted id landed. */
  private async insert(client: PoolClient, rows: readonly PendingRow[]): Promise<{ createdAt: Date; positions: Map<string, string> }> {
    const createdAt = new Date();
    if (rows.length === 0) return { createdAt, positions: new Map() };
    const inserted = await client.query<{ id: string; position: string }>(
      `INSERT INTO ${this.events} (id, stream, revision, type, data, metadata, created_at, hash, previous_hash)
       SELECT id, stream, revision, type, data, metadata, $7, hash, previous_hash
       FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::json[], $6::json[], $8::text[], $9::text[])
         WITH ORDINALITY AS batch(id, stream, revision, type, data, metadata, hash, previous_hash, ordinality)
       ORDER BY ordinality
       RETURNING id::text, position`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.stream),
        rows.map((row) => row.revision.toString()),
        rows.map((row) => row.type),
        rows.map((row) => row.data),
        rows.map((row) => row.metadata),
        createdAt,
        rows.map((row) => row.hash),
        rows.map((row) => row.previousHash),
      ],
    );
    return { createdAt, positions: new Map(inserted.rows.map((row) => [row.id, row.position])) };
  }

  private async settle(client: PoolClient, plan: PlannedAppend, { createdAt, positions }: { createdAt: Date; positions: Map<string, string> }): Promise<SettledAppend> {
    const { append } = plan;
    if (plan.replayed) {
      const rows = await this.readStreamRows(client, append.stream, plan.replayed.firstRevision, 'forwards', append.events.length);
      return { append, written: { result: { ...plan.replayed.result, recorded: rows.map(toRecordedEvent) }, wrote: false } };
    }
    if (!plan.rows) return { append, error: plan.error };
    return { append, written: writtenAppend(plan.rows, createdAt, positions) };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { direction = 'forwards', from = direction === 'forwards' ? 'start' : 'end', maxCount } = options;
    return this.mapped(`read ${stream}`, async () => {
      const rows = await this.readStreamRows(this.pool, stream, from, direction, maxCount);
      if (rows.length === 0) {
        const exists = await this.pool.query(`SELECT 1 FROM ${this.events} WHERE stream = $1 LIMIT 1`, [stream]);
        if (exists.rowCount === 0) throw new StreamNotFoundError(stream);
      }
      const events = rows.map(toRecordedEvent);
      this.knownHeads.sawEvents(events);
      return events;
    });
  }

  private async readStreamRows(
    queryable: Pick<Pool, 'query'>,
    stream: string,
    from: bigint | 'start' | 'end',
    direction: 'forwards' | 'backwards',
    maxCount: number | undefined,
  ): Promise<EventRow[]> {
    const revision = from === 'start' || from === 'end' ? null : from.toString();
    const sql =
      direction === 'forwards'
        ? `SELECT * FROM ${this.events} WHERE stream = $1 AND revision >= COALESCE($2::bigint, 0) ORDER BY revision ASC LIMIT $3`
        : `SELECT * FROM ${this.events} WHERE stream = $1 AND ($2::bigint IS NULL OR revision <= $2::bigint) ORDER BY revision DESC LIMIT $3`;
    const { rows } = await queryable.query<EventRow>(sql, [stream, revision, maxCount ?? null]);
    return rows;
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  readAll(options: LeanReadAllOptions): Promise<LeanEvent[]>;
  async readAll(options: ReadAllOptions | LeanReadAllOptions = {}): Promise<LeanEvent[]> {
    const { fromPosition = 'start', maxCount, filter } = options;
    const { rows } = await this.mapped('read all', () =>
      this.pool.query<EventRow>(
        `SELECT ${options.lean ? 'position, stream, revision, type, data, metadata' : '*'} FROM ${this.events}
         WHERE position >= $1::bigint
           AND ($2::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($2::text[]) AS prefix WHERE starts_with(stream, prefix)))
           AND ($3::text[] IS NULL OR type = ANY($3::text[]))
         ORDER BY position ASC
         LIMIT $4`,
        [fromPosition === 'start' ? '0' : fromPosition.toString(), filter?.streamPrefixes ?? null, filter?.eventTypes ?? null, maxCount ?? null],
      ),
    );
    return options.lean ? rows.map(toLeanEvent) : rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<GlobalPosition> {
    const { rows } = await this.mapped('read the head position', () => this.pool.query<{ head: string }>(`SELECT COALESCE(MAX(position), 0) AS head FROM ${this.events}`));
    return BigInt(rows[0].head);
  }

  subscribeToAll(options: SubscribeToAllOptions, handler: EventHandler): Subscription {
    this.notifications.start();
    return this.subscriptions.start(pollingFeed(this, this.appended, options.filter, this.options), options, handler);
  }

  /** A standby (read-only) server, or a recent append refused for space or write access, is reported. */
  async ping(): Promise<void> {
    const { rows } = await this.mapped('answer a ping', () => this.pool.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'));
    if (rows[0].standby) throw new EventStoreReadOnlyError(`PostgreSQL event store in schema ${this.schema} is on a standby server, which takes no writes`);
    this.writeFailure.throwIfRecent();
  }

  async close(): Promise<void> {
    await this.writing;
    await this.subscriptions.stopAll();
    await this.notifications.close();
    await this.pool.end();
  }

  /** Every use of the server: the schema is ready first, and failures become the port's errors. */
  private mapped<T>(action: string, work: () => Promise<T>): Promise<T> {
    return withPostgresErrorsMapped(action, async () => {
      await this.schemaReady();
      return work();
    });
  }
}

/** Built from what was inserted, through the same mapping as a read: no read-back. */
function writtenAppend(rows: readonly PendingRow[], createdAt: Date, positions: ReadonlyMap<string, string>): WrittenAppend {
  const recorded = rows.map((row) =>
    toRecordedEvent({
      position: positions.get(row.id)!,
      id: row.id,
      stream: row.stream,
      revision: row.revision.toString(),
      type: row.type,
      data: JSON.parse(row.data) as JsonObject,
      metadata: JSON.parse(row.metadata) as JsonObject,
      created_at: createdAt,
      hash: row.hash,
      previous_hash: row.previousHash,
    }),
  );
  const last = recorded[recorded.length - 1];
  return { result: { nextExpectedRevision: last.revision, position: last.position, recorded }, wrote: true };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    id: row.id,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    createdAt: row.created_at,
  };
  if (row.hash !== null) event.integrity = { hash: row.hash, previousHash: row.previous_hash };
  return event;
}

function toLeanEvent(row: Pick<EventRow, 'position' | 'stream' | 'revision' | 'type' | 'data' | 'metadata'>): LeanEvent {
  return { stream: row.stream, revision: BigInt(row.revision), position: BigInt(row.position), type: row.type, data: row.data, metadata: row.metadata };
}
