import { type CaseKind, type ClockState } from '@duban/sla';

/**
 * The hook through which the API asks for a case's deadlines to be (re)scheduled after a command
 * recorded clock events; an implementation typically schedules `DeadlineEnforcer.nextFirings` as
 * delayed jobs. Scheduling only makes firings punctual: the sweeper finds whatever it missed, so a
 * failing implementation must not fail the request (the caller logs and moves on).
 */
export interface DeadlineScheduling {
  /** Loads the case first: for changes made outside a command (a calendar's recalculation). */
  clocksChanged(kind: CaseKind, caseId: string): Promise<void>;
  /** From a command's own outcome: its clocks as recorded, so nothing is read or folded again. */
  clocksRecorded(stream: string, clocks: readonly ClockState[]): Promise<void>;
}

/** Injection token of the DeadlineScheduling the API calls. */
export const DEADLINE_SCHEDULING = Symbol('DEADLINE_SCHEDULING');
