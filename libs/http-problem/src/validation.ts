import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type ValidationOptions } from 'class-validator';
import { labelOf } from './field-labels';
import { screenInput } from './input-screening';
import type { Language } from './language';
import type { RuleMessage } from './rule-messages';
import { fieldError, ProblemException, type FieldViolation } from './problem-details';

/** One answer lists at most this many violations; a body of thousands of unknown keys must not make a reply of megabytes. */
export const MAX_REPORTED_VIOLATIONS = 50;

/**
 * A rule's own message in both languages, for a check the rule's catalogue entry says too little
 * of (what a pattern means): `@Matches(SORT, withMessage((l) => ({ zh: `「${l.zh}」…`, en: … })))`.
 * class-validator hands the context on with the error.
 */
export function withMessage(message: RuleMessage): ValidationOptions {
  return { context: { message } };
}

/** The arguments `rule` was declared with on the target's property: a maximum, the allowed values. */
function ruleArguments(target: object | undefined, property: string, rule: string): readonly unknown[] {
  if (target === undefined) return [];
  const declared = getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false);
  return declared.find((metadata) => metadata.propertyName === property && metadata.name === rule)?.constraints ?? [];
}

/** Flattens nested class-validator errors into dotted field paths (`customer.phone`, `measures.0`), each with its label. */
export function fieldViolations(errors: ValidationError[], parent = ''): FieldViolation[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const label = labelOf(error.target, error.property);
    const own = Object.keys(error.constraints ?? {}).map((rule): FieldViolation => {
      const args = ruleArguments(error.target, error.property, rule);
      const ownMessage = (error.contexts?.[rule] as { message?: RuleMessage } | undefined)?.message;
      return { field, rule, ...(label && { label }), args, ...(ownMessage && { message: ownMessage(label ?? { zh: field, en: field }, args) }) };
    });
    return [...own, ...fieldViolations(error.children ?? [], field)];
  });
}

/** The 400 of a request whose fields break rules: every field named (up to MAX_REPORTED_VIOLATIONS), with the rule it broke. */
export function validationProblem(all: readonly FieldViolation[]): ProblemException {
  const violations = all.slice(0, MAX_REPORTED_VIOLATIONS);
  const more = all.length - violations.length;
  const listed = (language: Language, separator: string): string => violations.map((violation) => fieldError(violation, language).message).join(separator);
  const detail = { zh: listed('zh-CN', '；') + (more > 0 ? `；另有 ${more} 处` : ''), en: listed('en', '; ') + (more > 0 ? `; and ${more} more` : '') };
  return new ProblemException({ status: HttpStatus.BAD_REQUEST, slug: 'validation', detail, violations });
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
    if (!Object.hasOwn(kept, key)) return [{ field, rule: 'whitelistValidation' }];
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
    // The target lets fieldViolations find each field's label and rule arguments; it never leaves the process.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => validationProblem(fieldViolations(errors)),
  });
}
