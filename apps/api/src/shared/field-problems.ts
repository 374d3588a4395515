import { HttpStatus } from '@nestjs/common';
import { ProblemException, type FieldViolation } from '@duban/http-problem';

/** A 400 shaped exactly like the validation pipe's, for checks the pipe cannot make itself. */
export function fieldValidationProblem(violations: FieldViolation[]): ProblemException {
  return ProblemException.of(HttpStatus.BAD_REQUEST, 'validation', violations.map((v) => `${v.field}: ${v.message}`).join('; '), {
    errors: violations,
  });
}

/** Commands without a payload take `{}` (or no body); the pipe cannot whitelist a class with no fields. */
export function assertEmptyBody(body: unknown): void {
  const fields = body !== null && typeof body === 'object' ? Object.keys(body) : [];
  if (fields.length > 0) {
    throw fieldValidationProblem(fields.map((field) => ({ field, rule: 'whitelistValidation', message: `property ${field} should not exist` })));
  }
}
