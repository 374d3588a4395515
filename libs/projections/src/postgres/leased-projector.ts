import { Client, type ClientBase } from 'pg';
import type { EventStore } from '@duban/event-store';
import { PostgresCaseRows } from './postgres-case-rows';

export interface LeasedProjectorOptions {
  connectionString: string;
  /** The event store's schema; the read-model tables go beside its tables. */
  schema: string;
  /** How often a candidate tries to take the role, and how often the holder looks for new events. Default 1 s and 100 ms. */
  retryMs?: number;
  pollMs?: number;
  pageSize?: number;
  /** Told what happens: the role taken, a page applied, the role lost with its cause, a stream that does not fold. */
  onEvent?: (event: LeasedProjectorEvent) => void;
}

export type LeasedProjectorEvent =
  { kind: 'holding' } | { kind: 'applied'; position: bigint; events: number } | { kind: 'lost'; error: unknown } | { kind: 'corrupt'; stream: string; error: unknown };

/** Takes the projector role of `schema` for the life of `client`'s connection: false when another connection holds it. */
export async function tryProjectorRole(client: ClientBase, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS held', [`duban-projector:${schema}`]);
  return rows[0].held;
}

/**
 * One projector at a time for the shared PostgreSQL read models, whichever process runs it: every
 * candidate tries `pg_try_advisory_lock` on a connection of its own, and the one that gets it
 * applies the log page by page from the stored checkpoint on that same connection. The lock belongs
 * to the connection, so when the holder dies (or its connection does) the server rolls back its open
 * page and releases the lock, and the next try of another candidate takes over from the checkpoint.
 */
export class LeasedProjector {
  private running = false;
  private loop: Promise<void> | undefined;
  private client: Client | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: LeasedProjectorOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.holdAndApply();
      } catch (error) {
        this.options.onEvent?.({ kind: 'lost', error });
      } finally {
        await this.client?.end().catch(() => undefined);
        this.client = undefined;
      }
      await this.pause(this.options.retryMs ?? 1_000);
    }
  }

  /** Returns without the role when another candidate holds it; otherwise applies until stopped or failing. */
  private async holdAndApply(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString, application_name: 'duban-projector' });
    client.on('error', () => undefined); // the query in flight fails on its own
    this.client = client;
    await client.connect();
    if (!(await tryProjectorRole(client, this.options.schema))) return;
    this.options.onEvent?.({ kind: 'holding' });
    const caseRows = new PostgresCaseRows(this.store, this.options.schema);
    await caseRows.createTables(client);
    let { position } = await caseRows.checkpoint(client);
    while (this.running) {
      const events = await this.store.readAll({ fromPosition: position ?? 'start', maxCount: (this.options.pageSize ?? 500) + 1 });
      const page = position === undefined ? events : events.filter((event) => event.position > position!);
      if (page.length === 0) {
        await this.pause(this.options.pollMs ?? 100);
        continue;
      }
      if (!(await caseRows.applyPage(client, position, page, (stream, error) => this.options.onEvent?.({ kind: 'corrupt', stream, error })))) {
        throw new Error('the read-model checkpoint moved under the projector: another one holds the role');
      }
      position = page.at(-1)!.position;
      this.options.onEvent?.({ kind: 'applied', position, events: page.length });
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
