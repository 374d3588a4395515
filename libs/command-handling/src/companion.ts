import type { DomainEvent } from './aggregate-type';

/** What a companion sees of one decision: the stream as loaded, the events just decided on it, and when. */
export interface CompanionInput<TState = unknown> {
  readonly kind: string;
  readonly id: string;
  /** The stream up to the loaded revision, as the deciders read it. */
  readonly history: readonly DomainEvent[];
  /** The events the command decided, in order; the companion's events follow them in the same append. */
  readonly decided: readonly DomainEvent[];
  /** The aggregate's state after the decided events. */
  readonly state: TState;
  /** The decision's `now` (ISO-8601). */
  readonly now: string;
}

/**
 * Decides events that must be recorded together with an aggregate's own, in the same append (same
 * expected revision, same id scheme): e.g. the SLA clocks a registration starts. Consulted only
 * when a command decided something; returns [] when it has nothing to add.
 */
export interface CommandCompanion<TState = unknown> {
  decide(input: CompanionInput<TState>): Promise<readonly DomainEvent[]>;
}
