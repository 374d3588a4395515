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
 * Fields of the request that did not make it into the validated value. class-transformer skips a
 * key whose name is already a function on the target (`toString`, `valueOf`, a DTO's `toCommand`),
 * so the whitelist never sees it and it would be ignored without a word; every field sent must be
 * a field of the result.
 */
export function droppedFields(sent: unknown, kept: unknown, parent = ''): FieldViolation[] {
  if (sent === null || typeof sent !== 'object' || kept === null || typeof kept !== 'object') return [];
  return Object.keys(sent).flatMap((key) => {
    const field = parent ? `${parent}.${key}` : key;
    if (!Object.hasOwn(kept, key)) return [{ field, rule: 'whitelistValidation', message: `property ${key} should not exist` }];
    return droppedFields((sent as Record<string, unknown>)[key], (kept as Record<string, unknown>)[key], field);
  });
}

/**
 * The global pipe: what arrives is screened first (screenInput: depth, prototype keys, control
 * characters, unpaired surrogates) so that class-transformer and class-validator, which recurse
 * and copy keys, never see hostile shapes; then validated against the parameter's class; then
 * checked for fields the transformation dropped (droppedFields).
 */
class ScreeningValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const violations = screenInput(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (violations.length > 0) throw validationProblem(violations);
    const validated: unknown = await super.transform(value, metadata);
    if (metadata.type !== 'param' && metadata.metatype !== undefined && this.toValidate(metadata)) {
      const dropped = droppedFields(value, validated);
      if (dropped.length > 0) throw validationProblem(dropped);
    }
    return validated;
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
