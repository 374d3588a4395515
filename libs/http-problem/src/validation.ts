import { HttpStatus, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { getMetadataStorage, type MetadataStorage, type ValidationOptions } from 'class-validator';
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

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type ValidatedClass = Parameters<MetadataStorage['getTargetValidationMetadatas']>[0];

/** Marks class-validator's storage once its lookups are remembered. */
const LOOKUPS_REMEMBERED = Symbol('lookupsRemembered');

/**
 * class-validator finds a class's rules on every validation of every object in a body by scanning
 * every class it knows for ancestors; a class's rules never change once its module has loaded, so
 * each lookup is kept per class and options, and all are forgotten when a rule is added (a module
 * loaded later); so is each lookup's grouping by property. The same rules as before, looked up
 * once per DTO class instead of per request.
 */
function rememberRuleLookups(storage: MetadataStorage & { [LOOKUPS_REMEMBERED]?: true }): void {
  if (storage[LOOKUPS_REMEMBERED]) return;
  storage[LOOKUPS_REMEMBERED] = true;
  const lookups = new Map<ValidatedClass, Map<string, ValidationMetadata[]>>();
  const addValidationMetadata = storage.addValidationMetadata.bind(storage);
  const getTargetValidationMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  const groupByPropertyName = storage.groupByPropertyName.bind(storage);
  const groupings = new WeakMap<ValidationMetadata[], ReturnType<MetadataStorage['groupByPropertyName']>>();
  storage.addValidationMetadata = (metadata) => {
    lookups.clear();
    addValidationMetadata(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\n${always}\n${strictGroups}\n${groups?.join('\n') ?? ''}`;
    const ofTarget = lookups.get(target) ?? new Map<string, ValidationMetadata[]>();
    lookups.set(target, ofTarget);
    let found = ofTarget.get(key);
    if (found === undefined) {
      found = getTargetValidationMetadatas(target, schema, always, strictGroups, groups);
      ofTarget.set(key, found);
    }
    return found;
  };
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groupings.get(metadatas);
    if (grouped === undefined) {
      grouped = groupByPropertyName(metadatas);
      groupings.set(metadatas, grouped);
    }
    return grouped;
  };
}

/**
 * Whitelisting with unknown fields rejected: a typo in a field name is an error the caller hears
 * about, never a silently ignored value.
 */
export function createValidationPipe(): ValidationPipe {
  rememberRuleLookups(getMetadataStorage());
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
