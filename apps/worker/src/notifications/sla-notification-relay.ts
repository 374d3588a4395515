import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { toStoredEvent } from '@duban/command-handling';
import { CHECKPOINT_STORE, EVENT_STORE, type CheckpointStore, type EventStore, type RecordedEvent, type Subscription } from '@duban/event-store';
import { NotificationPublisher } from '@duban/scheduling';
import { CASE_AGGREGATES, CASE_STREAM_PREFIXES, caseOfStream } from '@duban/sla-enforcement';

/** Events head office hears of: every warning, breach and escalation the SLA records. */
const NOTIFIED_EVENT_TYPES = ['ClockWarningRaised', 'ClockBreached', 'ComplaintEscalated', 'FindingEscalated'];

const CHECKPOINT_NAME = 'sla-notifications';

/**
 * Queues the SLA's warnings, breaches and escalations for delivery from the event log rather than
 * from the code that recorded them, so that a worker killed in between loses none: a catch-up
 * subscription with a checkpoint relays each event at least once (the job id is the event id, so a
 * repeat is a no-op), and an event that cannot be queued (Redis away) is retried from the checkpoint.
 */
@Injectable()
export class SlaNotificationRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SlaNotifications');
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly publisher: NotificationPublisher,
  ) {}

  /** Before any application bootstrap: the worker's reconcile there already records breaches to announce. */
  async onModuleInit(): Promise<void> {
    // A first start relays from now on (what came before was announced by earlier versions); it
    // stores that position at once, so a crash before the first relay does not skip what follows.
    if ((await this.checkpoints.load(CHECKPOINT_NAME)) === undefined) await this.checkpoints.store(CHECKPOINT_NAME, await this.store.headPosition());
    this.subscription = this.store.subscribeToAll(
      {
        filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: NOTIFIED_EVENT_TYPES },
        checkpoint: { store: this.checkpoints, name: CHECKPOINT_NAME },
        onDropped: (error, retryInMs) => this.logger.warn(`${error instanceof Error ? error.message : String(error)}; again in ${retryInMs} ms`),
      },
      (event) => this.relay(event),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** The unit that answers for the case as the event left it picks the webhook. */
  private async relay(event: RecordedEvent): Promise<void> {
    const target = caseOfStream(event.stream);
    if (!target) return;
    const history = await this.store.readStream(event.stream, { maxCount: Number(event.revision) + 1 });
    const state = CASE_AGGREGATES[target.kind].decider.fold(history.map(toStoredEvent));
    const unitId = (state.context as { responsibleUnitId: string }).responsibleUnitId;
    const notification = { id: event.id, type: event.type, caseId: target.caseId, unitId, payload: { kind: target.kind, stream: event.stream, ...event.data } };
    if (!(await this.publisher.publish(notification))) throw new Error(`Could not queue the notification of ${event.type} ${event.id}`);
  }
}
