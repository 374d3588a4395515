import { HttpStatus } from '@nestjs/common';
import { MomentNotFoundError } from '@duban/audit';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from '@duban/command-handling';
import { EventStoreFullError, EventStoreReadOnlyError, EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '@duban/event-store';
import { ProblemException, type ProblemMapper } from '@duban/http-problem';
import { ClockCommandRejectedError, NoBusinessTimeError, SlaValidationError } from '@duban/sla';
import { SlaRulesVersionConflictError, UnknownCalendarError, UnknownClockError } from '@duban/sla-enforcement';
import { AggregateNotFoundError, CommandNotAllowedError, ForbiddenByRoleError, FourEyesViolationError, InvalidCommandError, NotResponsibleUnitError } from '@duban/workflow';

const workflowProblem: ProblemMapper = (error) => {
  if (error instanceof CommandNotAllowedError) {
    return ProblemException.of(HttpStatus.CONFLICT, 'command-not-allowed', error.message, {
      command: error.command,
      state: error.state,
      allowedCommands: error.allowedCommands,
    });
  }
  if (error instanceof ForbiddenByRoleError) {
    return ProblemException.of(HttpStatus.FORBIDDEN, 'forbidden-by-role', error.message, {
      command: error.command,
      role: error.role,
      allowedRoles: error.allowedRoles,
    });
  }
  if (error instanceof FourEyesViolationError) {
    return ProblemException.of(HttpStatus.FORBIDDEN, 'four-eyes', error.message, { command: error.command, conflict: error.conflict });
  }
  if (error instanceof NotResponsibleUnitError) {
    return ProblemException.of(HttpStatus.FORBIDDEN, 'not-responsible-unit', error.message, { command: error.command, conflict: error.conflict });
  }
  if (error instanceof InvalidCommandError) {
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-command', error.message, {
      command: error.command,
      errors: error.issues,
    });
  }
  if (error instanceof AggregateNotFoundError) {
    return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', `No such ${error.aggregate}.`);
  }
  return null;
};

const commandHandlingProblem: ProblemMapper = (error) => {
  if (error instanceof StaleRevisionError) {
    return ProblemException.of(HttpStatus.PRECONDITION_FAILED, 'stale-revision', error.message, {
      expectedRevision: Number(error.expectedRevision),
      currentRevision: error.currentRevision === null ? null : Number(error.currentRevision),
    });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'idempotency-key-reused', error.message, { idempotencyKey: error.key });
  }
  if (error instanceof WriteContentionError) {
    return ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'write-contention', `${error.message}; try again.`);
  }
  return null;
};

// An append is all or nothing, so each says that nothing was recorded and a retry with the same Idempotency-Key is safe.
const NOTHING_RECORDED = 'Nothing of this request was recorded; retry it (with the same Idempotency-Key) once that is fixed.';

const eventStoreProblem: ProblemMapper = (error) => {
  if (error instanceof EventStoreFullError) {
    return ProblemException.of(
      HttpStatus.SERVICE_UNAVAILABLE,
      'store-full',
      `The event store is full: an operator must free disk space or raise its size limit. ${NOTHING_RECORDED}`,
    );
  }
  if (error instanceof EventStoreReadOnlyError) {
    return ProblemException.of(
      HttpStatus.SERVICE_UNAVAILABLE,
      'store-read-only',
      `The event store refuses writes (read-only file, file system or connection): an operator must make it writable again. ${NOTHING_RECORDED}`,
    );
  }
  if (error instanceof EventStoreUnavailableError) {
    // An I/O error may leave the outcome unknown, which the same Idempotency-Key makes safe to retry.
    return ProblemException.of(
      HttpStatus.SERVICE_UNAVAILABLE,
      'store-unavailable',
      'The event store cannot be reached or failed to read or write (busy, I/O error); retry later with the same Idempotency-Key.',
    );
  }
  if (error instanceof StreamNotFoundError) return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', 'No such record.');
  // Only reaches HTTP when a writer outside the command handler lost a race.
  if (error instanceof WrongExpectedVersionError) {
    return ProblemException.of(HttpStatus.CONFLICT, 'concurrent-modification', 'The record changed concurrently; reload and retry.');
  }
  return null;
};

const slaProblem: ProblemMapper = (error) => {
  if (error instanceof SlaValidationError) {
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-sla-data', error.message, { subject: error.subject, errors: error.issues });
  }
  if (error instanceof NoBusinessTimeError) return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'calendar-without-business-time', error.message);
  if (error instanceof ClockCommandRejectedError) {
    const [status, type] = error.forbidden ? [HttpStatus.FORBIDDEN, 'clock-command-forbidden'] : [HttpStatus.CONFLICT, 'clock-command-rejected'];
    return ProblemException.of(status, type, error.message, { clockId: error.clockId, command: error.command, reason: error.reason });
  }
  if (error instanceof UnknownClockError) return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', error.message, { clockId: error.clockId });
  if (error instanceof UnknownCalendarError) return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', error.message, { calendarId: error.calendarId });
  if (error instanceof SlaRulesVersionConflictError) {
    return ProblemException.of(HttpStatus.PRECONDITION_FAILED, 'stale-version', error.message, {
      expectedVersion: error.expectedVersion,
      currentVersion: error.currentVersion,
    });
  }
  return null;
};

const auditProblem: ProblemMapper = (error) =>
  error instanceof MomentNotFoundError ? ProblemException.of(HttpStatus.NOT_FOUND, 'moment-not-found', error.message, error.details) : null;

/** Maps the workflow's, the command handler's, the SLA's, the audit's and the event store's errors to problem+json. */
export const API_PROBLEM_MAPPERS: ProblemMapper[] = [workflowProblem, commandHandlingProblem, slaProblem, auditProblem, eventStoreProblem];
