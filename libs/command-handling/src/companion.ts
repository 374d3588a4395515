import type { AggregateKind, EventEnvelope, StoredEvent } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';

/** What a companion sees of one decision: the stream as loaded, the events just decided on it, and when. */
export interface CompanionInput {
  readonly kind: AggregateKind;
  readonly id: string;
  /** The stream up to the loaded revision, in the deciders' shape. */
  readonly history: readonly StoredEvent[];
  /** The events the command decided, in order; the companion's events follow them in the same append. */
  readonly decided: readonly EventEnvelope[];
  /** The aggregate's state after the decided events. */
  readonly state: AnyMachineSnapshot;
  /** The decision's `now` (ISO-8601). */
  readonly now: string;
}

/**
 * Decides events that must be recorded together with an aggregate's own, in the same append (same
 * expected revision, same id scheme): e.g. the SLA clocks a registration starts. Consulted only
 * when a command decided something; returns [] when it has nothing to add.
 */
export interface CommandCompanion {
  decide(input: CompanionInput): Promise<readonly EventEnvelope[]>;
}
