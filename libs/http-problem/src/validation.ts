import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException, type FieldViolation } from './problem-details';

/** Flattens nested class-validator errors into dotted field paths: `customer.phone`, `measures.0`. */
export function fieldViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...fieldViolations(error.children ?? [], field)];
  });
}

/**
 * Whitelisting with unknown fields rejected: a typo in a field name is an error the caller hears
 * about, never a silently ignored value.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const violations = fieldViolations(errors);
      return ProblemException.of(
        HttpStatus.BAD_REQUEST,
        'validation',
        violations.map((v) => `${v.field}: ${v.message}`).join('; '),
        { errors: violations },
      );
    },
  });
}
