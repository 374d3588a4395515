import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { screenInput } from './input-screening';
import { ProblemException, type FieldViolation } from './problem-details';

/** One answer lists at most this many violations; a body of thousands of unknown keys must not make a reply of megabytes. */
export const MAX_REPORTED_VIOLATIONS = 50;

/** Flattens nested class-validator errors into dotted field paths: `customer.phone`, `measures.0`. */
export function fieldViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...fieldViolations(error.children ?? [], field)];
  });
}

/** The 400 of a request whose fields break rules: every field named (up to MAX_REPORTED_VIOLATIONS), with the rule it broke. */
export function validationProblem(all: FieldViolation[]): ProblemException {
  const violations = all.slice(0, MAX_REPORTED_VIOLATIONS);
  const more = all.length - violations.length;
  const detail = violations.map((v) => `${v.field}: ${v.message}`).join('; ') + (more > 0 ? `; and ${more} more` : '');
  return ProblemException.of(HttpStatus.BAD_REQUEST, 'validation', detail, { errors: violations });
}

/**
 * The global pipe: what arrives is screened first (screenInput: depth, prototype keys, control
 * characters, unpaired surrogates) so that class-transformer and class-validator, which recurse
 * and copy keys, never see hostile shapes; then validated against the parameter's class.
 */
class ScreeningValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const violations = screenInput(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (violations.length > 0) throw validationProblem(violations);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Whitelisting with unknown fields rejected: a typo in a field name is an error the caller hears
 * about, never a silently ignored value.
 */
export function createValidationPipe(): ValidationPipe {
  return new ScreeningValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(fieldViolations(errors)),
  });
}
