import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FollowUpReactor } from '@duban/command-handling';
import { ALL_AGGREGATES, CaseFollowUps } from '@duban/cases';
import { CHECKPOINT_STORE, EVENT_STORE, type CheckpointStore, type EventStore, type Subscription } from '@duban/event-store';

/**
 * The checkpoint lives in the CheckpointStore that goes with the event store (the same SQLite file,
 * or the same EventStoreDB server): it is exactly as durable as the events it follows, and is
 * backed up and restored with them, so a restored store never has a checkpoint ahead of its log.
 */
const CHECKPOINT_NAME = 'case-follow-ups';

/**
 * Creates what the workflow's events demand elsewhere (the finding a valid complaint reply opens)
 * from the global log: the API does it right after its command, but a process that died between
 * the two appends leaves it to this reactor. Resumes from its checkpoint after a restart; the
 * first start reads the whole log, so what was missed before it existed is completed too.
 */
@Injectable()
export class CaseFollowUpReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FollowUps');
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly followUps: CaseFollowUps,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = new FollowUpReactor(this.store, this.checkpoints, this.followUps, ALL_AGGREGATES, {
      name: CHECKPOINT_NAME,
      onDropped: (error, retryInMs) => this.logger.warn(`${error instanceof Error ? error.message : String(error)}; again in ${retryInMs} ms`),
    }).start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
