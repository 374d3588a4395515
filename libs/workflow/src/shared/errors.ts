import { DomainError } from '@duban/domain-errors';
import type { Role } from './context';

export type AggregateKind = 'complaint' | 'finding' | 'inspection' | 'violation' | 'circular';

/**
 * Base of every error the deciders throw on purpose. `code` is stable for API mapping:
 * COMMAND_NOT_ALLOWED → 409, FORBIDDEN_BY_ROLE → 403, FOUR_EYES_VIOLATION → 403 (the request is
 * well-formed and allowed in this state, only this user may not do it), INVALID_COMMAND → 422.
 * EVENT_REJECTED and UNSUPPORTED_SCHEMA_VERSION come from folding a stream, never from user input:
 * they mean a corrupt or too-new stream (→ 500). AGGREGATE_NOT_FOUND → 404.
 */
export abstract class WorkflowError extends DomainError {}

export class CommandNotAllowedError extends WorkflowError {
  readonly code = 'COMMAND_NOT_ALLOWED';

  constructor(
    readonly aggregate: AggregateKind,
    readonly command: string,
    readonly state: string,
    readonly allowedCommands: readonly string[],
  ) {
    super(`${aggregate}: '${command}' is not allowed in state '${state}' (allowed: ${allowedCommands.join(', ') || 'none'})`);
  }
}

export class ForbiddenByRoleError extends WorkflowError {
  readonly code = 'FORBIDDEN_BY_ROLE';

  constructor(
    readonly aggregate: AggregateKind,
    readonly command: string,
    readonly role: Role,
    readonly allowedRoles: readonly Role[],
  ) {
    super(`${aggregate}: role '${role}' may not '${command}' (allowed roles: ${allowedRoles.join(', ')})`);
  }
}

/** This actor (whatever their role allows) may not give this command on this record; `conflict` says why. */
abstract class ActorConflictError extends WorkflowError {
  constructor(
    readonly aggregate: AggregateKind,
    readonly command: string,
    readonly actorId: string,
    readonly conflict: string,
  ) {
    super(`${aggregate}: user '${actorId}' may not '${command}': ${conflict}`);
  }
}

/** The actor's own earlier act on the record forbids it. */
export class FourEyesViolationError extends ActorConflictError {
  readonly code = 'FOUR_EYES_VIOLATION';
}

/** What a field of a command breaks, worded after the field's name: `message` in English, `zh` in Chinese. */
export interface ValidationIssue {
  readonly field: string;
  readonly message: string;
  readonly zh: string;
}

/** The actor's unit may see the case but no longer decides it: it passed the case up (上报, 报总行). */
export class NotResponsibleUnitError extends ActorConflictError {
  readonly code = 'NOT_RESPONSIBLE_UNIT';
}

export class InvalidCommandError extends WorkflowError {
  readonly code = 'INVALID_COMMAND';

  constructor(
    readonly aggregate: AggregateKind,
    readonly command: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`${aggregate}: invalid '${command}': ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`);
  }
}

export class EventRejectedError extends WorkflowError {
  readonly code = 'EVENT_REJECTED';

  constructor(
    readonly aggregate: AggregateKind,
    readonly state: string,
    readonly eventType: string,
  ) {
    super(`${aggregate}: stored event ${eventType} cannot follow state '${state}'; the stream is corrupt`);
  }
}

export class UnsupportedSchemaVersionError extends WorkflowError {
  readonly code = 'UNSUPPORTED_SCHEMA_VERSION';

  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly supportedVersion: number,
  ) {
    super(`${eventType} has schemaVersion ${schemaVersion}; this build reads up to ${supportedVersion}`);
  }
}

/** A view was asked of a stream that has no creation event (→ 404). */
export class AggregateNotFoundError extends WorkflowError {
  readonly code = 'AGGREGATE_NOT_FOUND';

  constructor(readonly aggregate: AggregateKind) {
    super(`No ${aggregate} exists on this stream`);
  }
}
