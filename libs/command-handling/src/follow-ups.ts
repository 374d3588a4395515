import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@duban/event-store';
import type { LoadedAggregate } from './aggregate-type';
import { streamOf, type AggregateType, type AnyAggregateType, type FollowUp, type FollowUpCommand, type FollowUpCreation } from './aggregate-type';
import type { CommandHandler } from './command-handler';
import type { ActorLike } from './command-domain';
import { metadataOf, type CommandRequest } from './event-metadata';
import { causedEventId } from './idempotency';

/**
 * Creates what an aggregate's events demand elsewhere (FollowUpRule), each exactly once: by
 * `createOnce`, whose ids derive from the demanding event, so running this again (a retried
 * request, a redelivered event, two processes at once) changes nothing.
 */
export class FollowUps<TActor extends ActorLike, TContext> {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandHandler<TActor, TContext>,
  ) {}

  /** Makes sure what `events` (of the aggregate `loaded`) demand exists. */
  async complete<TState>(aggregate: AggregateType<TState, unknown, TContext>, loaded: LoadedAggregate<TState>, events: readonly RecordedEvent[]): Promise<void> {
    const rule = aggregate.followUps;
    if (!rule) return;
    for (const event of events) {
      if (!rule.triggers.includes(event.type)) continue;
      for (const followUp of rule.demandedBy(event, loaded.state)) await this.runOnce(followUp);
    }
  }

  /** Makes sure what `event`, read from the global log, demands exists; `aggregates` tell whose stream it is on. */
  async completeFor(event: RecordedEvent, aggregates: readonly AnyAggregateType<TContext>[]): Promise<void> {
    const aggregate = aggregates.find((candidate) => event.stream.startsWith(candidate.streamPrefix));
    if (!aggregate?.followUps?.triggers.includes(event.type)) return;
    const loaded = await this.commands.load(aggregate, event.stream.slice(aggregate.streamPrefix.length));
    await this.complete(aggregate, loaded, [event]);
  }

  private runOnce(followUp: FollowUp<TContext>): Promise<void> {
    return 'appliesTo' in followUp ? this.commandOnce(followUp) : this.createOnce(followUp);
  }

  /**
   * Ids derive from the causing event, and an event it already caused on the target means done:
   * a repeat, or two processes at once, record it once (the store keeps the first of equal ids).
   */
  private async commandOnce(followUp: FollowUpCommand<TContext>): Promise<void> {
    const { aggregate, id, command, causedBy } = followUp;
    await this.commands.executeDecision(
      aggregate,
      id,
      (current, context) => {
        const done = current.history.some((event) => metadataOf(event).causationId === causedBy.id);
        return done || !current.exists || !followUp.appliesTo(current.state) ? [] : aggregate.decider.decide(current.state, command, context);
      },
      this.requestOf(causedBy),
      { eventIds: (index) => causedEventId(causedBy.id, index) },
    );
  }

  private async createOnce(followUp: FollowUpCreation<TContext>): Promise<void> {
    // Checked first because a look at one event is cheaper than the load and decision of createOnce.
    if ((await readStreamOrEmpty(this.store, streamOf(followUp.aggregate, followUp.id), { maxCount: 1 })).length > 0) return;
    await this.commands.createOnce(followUp.aggregate, followUp.id, followUp.command, this.requestOf(followUp.causedBy), followUp.causedBy, undefined, followUp.idsPerStream);
  }

  /** Follow-ups are the domain's follow-up actor's doing, in the name of the causing event's correlation. */
  private requestOf(cause: RecordedEvent): CommandRequest<TActor> {
    const { correlationId } = metadataOf(cause);
    return { actor: this.commands.domain.followUpActor(cause), correlationId: typeof correlationId === 'string' ? correlationId : cause.id, causationId: cause.id };
  }
}
