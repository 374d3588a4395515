import { Client, type ClientConfig } from 'pg';
import type { AppendSignal } from '../../subscription/append-signal';

/** The channel every Duban event store notifies on; the payload names the schema appended to. */
export const APPEND_CHANNEL = 'duban_event_store';

/**
 * LISTEN on one dedicated connection, turning other processes' NOTIFYs for this schema into the
 * store's in-process AppendSignal, so their appends wake this process's subscriptions at once.
 * Best effort: while the connection is down the subscriptions' polling delivers, a little later,
 * and the listener reconnects after `reconnectDelayMs`.
 */
export class AppendNotifications {
  /** The connection listening, or being opened; events of earlier ones are ignored. */
  private client: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly connection: ClientConfig,
    private readonly schema: string,
    private readonly appended: AppendSignal,
    private readonly reconnectDelayMs = 1_000,
  ) {}

  /** Idempotent; the first call opens the listening connection. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.connection);
    this.client = client;
    client.on('notification', ({ channel, payload }) => {
      if (channel === APPEND_CHANNEL && payload === this.schema) this.appended.notify();
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
      if (this.closed) return void (await client.end());
      // Appends made while no one listened were missed: wake the subscriptions to read them now.
      this.appended.notify();
    } catch {
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, this.reconnectDelayMs);
  }
}
