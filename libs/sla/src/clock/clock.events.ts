import type { EventEnvelope, EventMeta } from '@duban/workflow';
import type { Basis } from '../duration';
import type { DueSource } from '../policy/policy';

/** Version of the clock event shapes this build writes and reads. */
export const CLOCK_SCHEMA_VERSION = 1;

/** Time that does not count against the clock (awaiting the customer, an external appraisal). */
export const PAUSE_REASONS = ['awaiting_customer', 'external_appraisal'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** met/breached: the awaited thing happened (in time or late); cancelled: it is no longer owed. */
export const STOP_OUTCOMES = ['met', 'breached', 'cancelled'] as const;
export type StopOutcome = (typeof STOP_OUTCOMES)[number];

/**
 * What a clock counts and by which rules, copied from the policy when the clock starts, so the
 * stream explains every due time without the policy or calendar of the day.
 */
export type ClockDefinition = {
  basis: Basis;
  /** ISO 8601 duration counted from `startedAt`; null when the due time comes from `dueFrom`. */
  duration: string | null;
  dueFrom: DueSource | null;
  calendarId: string;
  calendarVersion: number;
  policyId: string;
  policyVersion: number;
  warnAt: number[];
  escalation: { perLevel: string; basis: Basis } | null;
  /** Successive total durations an approved extension grants. */
  extensions: string[];
  /** Case event types that stop the clock. */
  stopOn: string[];
};

export type ClockStartedData = ClockDefinition & {
  clockId: string;
  target: string;
  /** Escalation level the clock belongs to: 0 for the case's own targets, n after n breaches. */
  level: number;
  startedAt: string;
  dueAt: string;
};
export type ClockPausedData = { clockId: string; reason: PauseReason; pausedAt: string };
/** `pausedMs` is the paused time as the clock's basis counts it; `dueAt` moved by exactly that. */
export type ClockResumedData = { clockId: string; resumedAt: string; pausedMs: number; dueAt: string };
export type ClockExtendedData = {
  clockId: string;
  approverId: string;
  approverUnitId: string;
  reason: string;
  customerNotifiedAt: string;
  /** New total duration from `startedAt`, e.g. "P30D". */
  duration: string;
  dueAt: string;
};
/** New facts: the clock counts its own duration again from `startedAt` (or runs to a new plan date). */
export type ClockResetData = { clockId: string; reason: string; startedAt: string; dueAt: string };
/**
 * Reclassification re-matched the policy, or a new calendar version was published: the clock counts
 * the new definition from its old start. `previousDueAt` (absent in events written before it existed)
 * is the due time it replaced.
 */
export type ClockRecalculatedData = ClockDefinition & { clockId: string; reason: string; startedAt: string; pausedMs: number; dueAt: string; previousDueAt?: string };
export type ClockWarningRaisedData = { clockId: string; threshold: number; raisedAt: string; lateByMs: number };
export type ClockBreachedData = { clockId: string; breachedAt: string; lateByMs: number };
export type ClockStoppedData = { clockId: string; stoppedAt: string; outcome: StopOutcome };

export type ClockStarted = EventEnvelope<'ClockStarted', ClockStartedData>;
export type ClockPaused = EventEnvelope<'ClockPaused', ClockPausedData>;
export type ClockResumed = EventEnvelope<'ClockResumed', ClockResumedData>;
export type ClockExtended = EventEnvelope<'ClockExtended', ClockExtendedData>;
export type ClockReset = EventEnvelope<'ClockReset', ClockResetData>;
export type ClockRecalculated = EventEnvelope<'ClockRecalculated', ClockRecalculatedData>;
export type ClockWarningRaised = EventEnvelope<'ClockWarningRaised', ClockWarningRaisedData>;
export type ClockBreached = EventEnvelope<'ClockBreached', ClockBreachedData>;
export type ClockStopped = EventEnvelope<'ClockStopped', ClockStoppedData>;

export type ClockEvent = ClockStarted | ClockPaused | ClockResumed | ClockExtended | ClockReset | ClockRecalculated | ClockWarningRaised | ClockBreached | ClockStopped;

export type ClockEventType = ClockEvent['type'];

export const CLOCK_EVENT_TYPES: readonly ClockEventType[] = [
  'ClockStarted',
  'ClockPaused',
  'ClockResumed',
  'ClockExtended',
  'ClockReset',
  'ClockRecalculated',
  'ClockWarningRaised',
  'ClockBreached',
  'ClockStopped',
];

export function clockEvent<TEvent extends ClockEvent>(type: TEvent['type'], data: Omit<TEvent['data'], keyof EventMeta>, meta: EventMeta): TEvent {
  return { type, schemaVersion: CLOCK_SCHEMA_VERSION, data: { ...data, ...meta } } as TEvent;
}
