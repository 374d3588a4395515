/** Base of the errors the command handler itself raises (the deciders' own errors pass through). */
export abstract class CommandHandlingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The caller's If-Match revision is not the aggregate's current one (HTTP 412). */
export class StaleRevisionError extends CommandHandlingError {
  constructor(
    readonly aggregate: string,
    readonly id: string,
    readonly expectedRevision: bigint,
    /** null when the stream does not exist. */
    readonly currentRevision: bigint | null,
  ) {
    super(`${aggregate} ${id} is at revision ${currentRevision ?? 'none'}, not ${expectedRevision}`);
  }
}

/** An Idempotency-Key came back with a different request than the one it was first used for (HTTP 422). */
export class IdempotencyKeyReusedError extends CommandHandlingError {
  constructor(readonly key: string) {
    super(`Idempotency-Key "${key}" was already used for a different request`);
  }
}

/** Every retry after a concurrent write lost again; the client may try later (HTTP 503). */
export class WriteContentionError extends CommandHandlingError {
  constructor(
    readonly aggregate: string,
    readonly id: string,
    readonly attempts: number,
  ) {
    super(`${aggregate} ${id}: still conflicting with concurrent writes after ${attempts} attempts`);
  }
}
