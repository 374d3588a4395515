/**
 * Base of every error a pure domain library (workflow, sla) throws on purpose: a rule said no, or a
 * stored stream does not fold. `code` is stable, for the edges to map (HTTP problems, metrics);
 * `name` is the concrete class's, so logs and folds name what went wrong.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
