import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { toStoredEvent } from '@duban/workflow';
import { CHECKPOINT_STORE, EVENT_STORE, type CheckpointStore, type EventStore, type RecordedEvent, type Subscription } from '@duban/event-store';
import { NotificationPublisher, type Notification } from '@duban/scheduling';
import { CASE_STREAM_PREFIXES, caseOfStream } from '@duban/sla';
import { CASE_AGGREGATES } from '@duban/sla-enforcement';
import { EnforcementActivity } from '../deadlines/enforcement-activity';

/** Events head office hears of: every warning, breach and escalation the SLA records. */
const NOTIFIED_EVENT_TYPES = ['ClockWarningRaised', 'ClockBreached', 'ComplaintEscalated', 'ComplaintReferred', 'FindingEscalated'];

const CHECKPOINT_NAME = 'sla-notifications';

/** Events queued in one round trip, followed by one checkpoint write. */
export const RELAY_BATCH = 500;
/** Events held while Redis is away before the subscription is made to wait. */
const MAX_PENDING = 4 * RELAY_BATCH;
const RETRY_MAX_MS = 30_000;
/** The longest a batch waits for a burst of enforcement to end before it is queued anyway. */
const YIELD_TO_ENFORCEMENT_MAX_MS = 5_000;

/**
 * Queues the SLA's warnings, breaches and escalations for delivery from the event log rather than
 * from the code that recorded them, so that a worker killed in between loses none. A catch-up
 * subscription hands over the events; they are queued in batches (one Redis round trip each) and
 * the checkpoint is stored after each queued batch, never before, so every event is queued at
 * least once: a crash repeats at most the unconfirmed batch, and the job id is the event id, so a
 * repeat is a no-op. A batch that cannot be queued (Redis away) is retried, in order, until it is.
 */
@Injectable()
export class SlaNotificationRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SlaNotifications');
  private subscription: Subscription | undefined;
  private pending: RecordedEvent[] = [];
  private draining: Promise<void> | undefined;
  private stopping = false;
  /** Ends the back-off before the next retry early (on shutdown). */
  private wakeRetry: (() => void) | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly publisher: NotificationPublisher,
    private readonly enforcement: EnforcementActivity,
  ) {}

  /** Before any application bootstrap: the worker's reconcile there already records breaches to announce. */
  async onModuleInit(): Promise<void> {
    // A first start relays from now on (what came before was announced by earlier versions); it
    // stores that position at once, so a crash before the first relay does not skip what follows.
    let after = await this.checkpoints.load(CHECKPOINT_NAME);
    if (after === undefined) {
      after = await this.store.headPosition();
      await this.checkpoints.store(CHECKPOINT_NAME, after);
    }
    this.subscription = this.store.subscribeToAll(
      {
        afterPosition: after,
        filter: { streamPrefixes: [...CASE_STREAM_PREFIXES], eventTypes: NOTIFIED_EVENT_TYPES },
        onDropped: (error, retryInMs) => this.logger.warn(`${error instanceof Error ? error.message : String(error)}; again in ${retryInMs} ms`),
      },
      (event) => this.take(event),
    );
  }

  /** Stops taking events, then queues what was taken once more; what still fails is relayed after the restart. */
  async onApplicationShutdown(): Promise<void> {
    // First, so that a take waiting for a batch Redis refuses lets the subscription stop.
    this.stopping = true;
    this.wakeRetry?.();
    await this.subscription?.stop();
    await this.draining;
    if (this.pending.length > 0) await this.drain();
  }

  private async take(event: RecordedEvent): Promise<void> {
    this.pending.push(event);
    const draining = this.startDraining();
    // Back-pressure while Redis is away: the subscription waits instead of the backlog growing.
    if (this.pending.length >= MAX_PENDING) await draining;
  }

  private startDraining(): Promise<void> {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // An event taken after the drain's last look but before this: drain again.
      if (this.pending.length > 0 && !this.stopping) void this.startDraining();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    // Lets the subscription hand over the rest of what it has read, so the first batch is full too.
    await new Promise((resolveSoon) => setImmediate(resolveSoon));
    for (let failures = 0; this.pending.length > 0;) {
      // Deadlines first: a burst's escalations are recorded before its notifications take the event loop.
      if (!this.stopping) await this.enforcement.whenIdle(YIELD_TO_ENFORCEMENT_MAX_MS);
      const batch = this.pending.slice(0, RELAY_BATCH);
      try {
        await this.relay(batch);
        await this.checkpoints.store(CHECKPOINT_NAME, batch.at(-1)!.position);
        this.pending.splice(0, batch.length);
        failures = 0;
      } catch (error) {
        if (this.stopping) return;
        const retryInMs = Math.min(RETRY_MAX_MS, 100 * 2 ** Math.min(failures++, 20));
        this.logger.warn(`${error instanceof Error ? error.message : String(error)}; again in ${retryInMs} ms`);
        await this.backOff(retryInMs);
      }
    }
  }

  private backOff(ms: number): Promise<void> {
    return new Promise((resolveBackOff) => {
      const timer = setTimeout(() => this.wakeRetry?.(), ms);
      this.wakeRetry = () => {
        clearTimeout(timer);
        this.wakeRetry = undefined;
        resolveBackOff();
      };
    });
  }

  private async relay(events: readonly RecordedEvent[]): Promise<void> {
    const notifications = await this.notificationsOf(events);
    if (!(await this.publisher.publishAll(notifications)))
      throw new Error(`Could not queue ${notifications.length} notification(s), the first of ${events[0].type} ${events[0].id}`);
  }

  /**
   * The unit that answers for the case as each event left it picks the webhook: each case stream of
   * the batch is read and folded once, up to its last event in the batch.
   */
  private async notificationsOf(events: readonly RecordedEvent[]): Promise<Notification[]> {
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of events) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
    const unitAfter = new Map<string, string>(); // event id → responsible unit
    for (const [stream, notified] of byStream) {
      const target = caseOfStream(stream);
      if (!target) continue;
      const { decider } = CASE_AGGREGATES[target.kind];
      const history = await this.store.readStream(stream, { maxCount: Number(notified.at(-1)!.revision) + 1 });
      let state = decider.initialState();
      let folded = 0;
      for (const event of notified) {
        state = decider.fold(history.slice(folded, Number(event.revision) + 1).map(toStoredEvent), state);
        folded = Number(event.revision) + 1;
        unitAfter.set(event.id, (state.context as { responsibleUnitId: string }).responsibleUnitId);
      }
    }
    return events.flatMap((event) => {
      const target = caseOfStream(event.stream);
      const unitId = unitAfter.get(event.id);
      if (!target || unitId === undefined) return [];
      return [{ id: event.id, type: event.type, caseId: target.caseId, unitId, payload: { kind: target.kind, stream: event.stream, ...event.data } }];
    });
  }
}
