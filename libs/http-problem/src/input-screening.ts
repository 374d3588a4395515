import type { FieldViolation } from './problem-details';

/** No request of the API nests deeper than this (a policy set reaches about 6 levels); anything deeper is hostile. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys that address an object's prototype machinery rather than data. JSON.parse and the query
 * parser keep them as ordinary own properties, but class-transformer drops `__proto__` and
 * `constructor` silently (so they would pass as if never sent) and any code that copies them onto
 * a plain object can rewrite its prototype. They are refused wherever they appear.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls but tab, line feed and carriage return; DEL. NUL truncates C strings, the others have no place in text. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is not text the API takes, or null when it is. */
export function textDefect(value: string): string | null {
  if (CONTROL_CHARACTER.test(value)) return 'must not contain control characters (NUL and other C0 controls but tab and line breaks)';
  // Unpaired surrogates are not Unicode: UTF-8 cannot encode them, so stores and exports would alter them.
  if (UNPAIRED_SURROGATE.test(value)) return 'must be well-formed Unicode (no unpaired surrogate)';
  return null;
}

const fieldOf = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);

/**
 * What the shape of a request value (body, query or path parameter) breaks before any DTO sees it:
 * nesting deeper than MAX_INPUT_DEPTH, prototype keys at any depth, control characters or unpaired
 * surrogates in any string or key. Iterative, so no input can exhaust the stack here; a value
 * nested too deep is reported once and not descended into, so nothing later recurses into it.
 */
export function screenInput(value: unknown, root = ''): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, field, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (textDefect(current)) violations.push({ field: field || 'value', rule: 'wellFormedText' });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      violations.push({ field: field || 'value', rule: 'maxDepth', args: [MAX_INPUT_DEPTH] });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child = fieldOf(field, key);
      if (FORBIDDEN_KEYS.has(key)) {
        violations.push({ field: child, rule: 'forbiddenKey', label: { zh: key, en: key } });
        continue;
      }
      if (textDefect(key)) {
        violations.push({ field: child, rule: 'wellFormedText' });
        continue;
      }
      pending.push({ value: (current as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return violations;
}
