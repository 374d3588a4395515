import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { recordIntegrityCheckpoint } from '@duban/store-integrity';

/**
 * Records an integrity checkpoint every INTEGRITY_CHECKPOINT_INTERVAL_MS. A plain timer in each
 * worker: the checkpoint append expects the checkpoint stream's exact revision, so workers racing
 * for the same checkpoint record it once and the others find it done.
 */
@Injectable()
export class IntegrityCheckpointTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IntegrityCheckpoints');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.INTEGRITY_CHECKPOINT_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One checkpoint at a time: a tick while the previous one still runs joins it. */
  tick(): Promise<void> {
    this.running ??= recordIntegrityCheckpoint(this.store)
      .then(
        (checkpoint) => {
          if (checkpoint) this.logger.log(`Checkpoint #${checkpoint.sequence} anchors ${checkpoint.streams.length} streams up to position ${checkpoint.upToPosition}`);
        },
        // The next tick tries again; nothing is lost, the next checkpoint covers more.
        (error: unknown) => this.logger.error(`Integrity checkpoint failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
