/** Base of the errors of this library that callers map to answers (HTTP problems, job outcomes). */
export abstract class SlaEnforcementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No calendar with this id was ever published or seeded (HTTP 404). */
export class UnknownCalendarError extends SlaEnforcementError {
  constructor(readonly calendarId: string) {
    super(`No calendar "${calendarId}"`);
  }
}

/** The caller edited an older version than the current one (If-Match, HTTP 412). */
export class SlaRulesVersionConflictError extends SlaEnforcementError {
  constructor(
    /** 'policy set' or 'calendar <id>'. */
    readonly subject: string,
    readonly expectedVersion: number,
    readonly currentVersion: number | null,
  ) {
    super(`${subject} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}`);
  }
}

/** The case has no clock with this id (HTTP 404). */
export class UnknownClockError extends SlaEnforcementError {
  constructor(
    readonly caseStream: string,
    readonly clockId: string,
  ) {
    super(`${caseStream} has no clock "${clockId}"`);
  }
}
