import { DomainError } from '@duban/domain-errors';

/** One problem found while validating SLA data (a calendar, a policy set, a duration, an .ics file). */
export interface SlaIssue {
  /** Path of the offending field, e.g. `policies[2].clocks[0].duration`. */
  readonly field: string;
  readonly message: string;
  /** The message in Chinese, where the issue answers a person's command (a refused promise) rather than an administrator's SLA data. */
  readonly zh?: string;
}

/**
 * Base of every error this library throws on purpose. `code` is stable for API mapping:
 * SLA_INVALID → 422 (bad input data, every issue listed), CLOCK_COMMAND_REJECTED → 409 (the clock's
 * state does not allow it) or 403 when `forbidden` (e.g. an approver from a unit that is not higher),
 * CLOCK_EVENT_REJECTED → 500 (a corrupt or too-new clock stream), CALENDAR_WITHOUT_BUSINESS_TIME → 422
 * (a calendar with no working time for ten years; see NoBusinessTimeError).
 */
export abstract class SlaError extends DomainError {}

export class SlaValidationError extends SlaError {
  readonly code = 'SLA_INVALID';

  constructor(
    /** What was being validated: 'duration', 'calendar', 'policy set', 'ics'. */
    readonly subject: string,
    readonly issues: readonly SlaIssue[],
  ) {
    super(`invalid ${subject}: ${issues.map((issue) => (issue.field ? `${issue.field} ${issue.message}` : issue.message)).join('; ')}`);
  }
}

export class ClockCommandRejectedError extends SlaError {
  readonly code = 'CLOCK_COMMAND_REJECTED';

  constructor(
    readonly clockId: string,
    readonly command: string,
    readonly reason: string,
    /** The request is well-formed and the clock allows it, only this actor may not do it. */
    readonly forbidden = false,
  ) {
    super(`clock ${clockId}: cannot ${command}: ${reason}`);
  }
}

export class ClockEventRejectedError extends SlaError {
  readonly code = 'CLOCK_EVENT_REJECTED';

  constructor(
    readonly eventType: string,
    readonly reason: string,
  ) {
    super(`${eventType} rejected: ${reason}`);
  }
}

/** Collects issues so that one validation run reports all of them at once. */
export class IssueCollector {
  readonly issues: SlaIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  throwIfAny(subject: string): void {
    if (this.issues.length > 0) throw new SlaValidationError(subject, this.issues);
  }
}
