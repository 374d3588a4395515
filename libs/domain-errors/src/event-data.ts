import { DomainError } from './domain-error';

/** A stored event whose type or data is not what its reader decodes: a corrupt stream or a misrouted read, never user input. */
export class MalformedEventError extends DomainError {
  readonly code = 'MALFORMED_EVENT';

  constructor(
    readonly eventType: string,
    readonly problem: string,
  ) {
    super(`${eventType} event is malformed: ${problem}`);
  }
}

const FIELD_CHECKS = {
  string: (value: unknown) => typeof value === 'string',
  'string or null': (value: unknown) => value === null || typeof value === 'string',
  'string or absent': (value: unknown) => value === undefined || typeof value === 'string',
  number: (value: unknown) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value: unknown) => typeof value === 'boolean',
  object: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
} as const;

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** What a decoder requires of a field: its JavaScript kind. */
export type FieldKind = keyof typeof FIELD_CHECKS;

/**
 * The data of an event of one of `types`, as `T`, once every listed field (a dotted path into the
 * data, e.g. `calendar.id`) has its kind: the check the event decoders of each library share, so
 * that a malformed event fails where it is read, by name, instead of as an undefined further on.
 */
export function decodeEventData<T>(event: { readonly type: string; readonly data: unknown }, types: readonly string[], fields: Readonly<Record<string, FieldKind>>): T {
  if (!types.includes(event.type)) throw new MalformedEventError(event.type, `expected ${types.join(' or ')}`);
  for (const [path, kind] of Object.entries(fields)) {
    const value = path.split('.').reduce<unknown>((at, key) => (FIELD_CHECKS.object(at) ? (at as Record<string, unknown>)[key] : undefined), event.data);
    if (!FIELD_CHECKS[kind](value)) throw new MalformedEventError(event.type, `data.${path}: expected ${kind}, found ${kindOf(value)}`);
  }
  return event.data as T;
}
