import type { CheckpointStore, EventStore, Subscription } from '@duban/event-store';
import type { AnyAggregateType } from './aggregate-type';
import type { ActorLike } from './command-domain';
import type { FollowUps } from './follow-ups';

export interface FollowUpReactorOptions {
  /** The checkpoint's name in the CheckpointStore. */
  readonly name?: string;
  /** Told about every failure before the subscription retries the same event after a back-off. */
  readonly onDropped?: (error: unknown, retryInMs: number) => void;
}

/**
 * Guarantees the follow-ups of every triggering event on the global log, whoever recorded it and
 * whatever happened to them afterwards (a process that died between the trigger's append and the
 * follow-up's). A catch-up subscription from the start of the log, resumed from its checkpoint:
 * the checkpoint is stored only after an event's follow-ups exist, so a crash redelivers that one
 * event, and createOnce makes the repeat a no-op. Exactly one follow-up per trigger, whatever the
 * crashes.
 */
export class FollowUpReactor<TActor extends ActorLike, TContext> {
  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly followUps: FollowUps<TActor, TContext>,
    private readonly aggregates: readonly AnyAggregateType<TContext>[],
    private readonly options: FollowUpReactorOptions = {},
  ) {}

  start(): Subscription {
    const triggering = this.aggregates.filter((aggregate) => aggregate.followUps);
    return this.store.subscribeToAll(
      {
        afterPosition: 'start',
        filter: { streamPrefixes: triggering.map((aggregate) => aggregate.streamPrefix), eventTypes: triggering.flatMap((aggregate) => aggregate.followUps!.triggers) },
        checkpoint: { store: this.checkpoints, name: this.options.name ?? 'follow-ups' },
        onDropped: this.options.onDropped,
      },
      (event) => this.followUps.completeFor(event, triggering),
    );
  }
}
