import { validationProblem, type FieldViolation, type ProblemException } from '@duban/http-problem';

/** A 400 shaped exactly like the validation pipe's, for checks the pipe cannot make itself. */
export function fieldValidationProblem(violations: FieldViolation[]): ProblemException {
  return validationProblem(violations);
}

/**
 * Commands without a payload take `{}` (or no body); the pipe cannot whitelist a class with no
 * fields. Any other JSON (`[]`, `null`, a string) is no command body either: refused, never ignored.
 */
export function assertEmptyBody(body: unknown): void {
  if (body === undefined) return;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw fieldValidationProblem([{ field: 'body', rule: 'isObject', message: 'the body must be a JSON object ({} for this command) or left out' }]);
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw fieldValidationProblem(fields.map((field) => ({ field, rule: 'whitelistValidation', message: `property ${field} should not exist` })));
  }
}
