import { Client, type ClientConfig } from 'pg';

export interface ChannelListenerHandlers {
  /** A NOTIFY on the channel, with its payload ('' when none was sent). */
  notified(payload: string): void;
  /** The connection listens (again): notifications sent while no one listened were missed, so look now. */
  listening?(): void;
}

/**
 * LISTEN on one dedicated connection to a PostgreSQL channel, handing each NOTIFY to `handlers`.
 * Best effort: while the connection is down nothing is heard (readers poll as their fallback), and
 * the listener reconnects after `reconnectDelayMs`. The event store's append notifications and the
 * shared read models' position both listen this way.
 */
export class PostgresChannelListener {
  /** The connection listening, or being opened; events of earlier ones are ignored. */
  private client: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly connection: ClientConfig,
    private readonly channel: string,
    private readonly handlers: ChannelListenerHandlers,
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
      if (channel === this.channel) this.handlers.notified(payload ?? '');
    });
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) return void (await client.end());
      this.handlers.listening?.();
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
