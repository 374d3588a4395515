import type { NO_STREAM, RecordedEvent, StreamRevision } from '@duban/event-store';

/** An event as a decider emits it and its fold reads it; `schemaVersion` is recorded in the metadata. */
export interface DomainEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** The decider shape the core needs: pure decide and fold, the context being the domain's (actor, now, …). */
export interface Decider<TState, TCommand, TContext> {
  /** The state before the first event: the stream does not exist yet. */
  initialState(): TState;
  /** The events the command produces on `state`; throws to refuse, [] when already satisfied. */
  decide(state: TState, command: TCommand, context: TContext): readonly DomainEvent[];
  fold(events: readonly DomainEvent[], from?: TState): TState;
}

/** What the command handler needs to know about one kind of aggregate. */
export interface AggregateType<TState, TCommand, TContext> {
  readonly kind: string;
  /** Streams are `<streamPrefix><id>`. */
  readonly streamPrefix: string;
  readonly decider: Decider<TState, TCommand, TContext>;
  /** Creations this aggregate's events demand elsewhere (FollowUps makes sure each exists once). */
  readonly followUps?: FollowUpRule<TState, TContext>;
}

/** Which events of an aggregate demand the creation of another (or a command on one), and what. */
export interface FollowUpRule<TState, TContext> {
  /** The event types that may demand one: what the follow-up reactor subscribes to. */
  readonly triggers: readonly string[];
  /** The follow-ups `event` demands, given the aggregate's state as loaded now. */
  demandedBy(event: RecordedEvent, state: TState): FollowUp<TContext>[];
}

export function streamOf(aggregate: AggregateType<unknown, unknown, unknown>, id: string): string {
  return `${aggregate.streamPrefix}${id}`;
}

/** Any aggregate type of one domain, whatever its state and commands. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- state and command vary per aggregate; the decider's methods check them
export type AnyAggregateType<TContext> = AggregateType<any, any, TContext>;

/** A creation another aggregate's event demands: created once, caused by that event. */
export interface FollowUpCreation<TContext> {
  readonly aggregate: AnyAggregateType<TContext>;
  readonly id: string;
  readonly command: unknown;
  /** The stored event that demands it: causation of the new events and seed of their ids. */
  readonly causedBy: RecordedEvent;
  /** One event demands several creations: their event ids derive from the stream too, so they never clash. */
  readonly idsPerStream?: boolean;
}

/**
 * A command another aggregate's event demands on an existing one: run once, caused by that event,
 * and only while `appliesTo` the target's state (say, a finding not yet closed or cancelled);
 * otherwise, or once done, nothing happens.
 */
export interface FollowUpCommand<TContext> extends FollowUpCreation<TContext> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the target's state type varies per aggregate
  readonly appliesTo: (state: any) => boolean;
}

export type FollowUp<TContext> = FollowUpCreation<TContext> | FollowUpCommand<TContext>;

/** One aggregate as read from its stream. */
export interface LoadedAggregate<TState> {
  readonly id: string;
  readonly stream: string;
  readonly state: TState;
  readonly exists: boolean;
  readonly revision: StreamRevision | typeof NO_STREAM;
  /** The stream up to `revision`. */
  readonly history: readonly RecordedEvent[];
}
