import type { Bilingual } from './language';

const LABEL = Symbol('duban:field-label');

/**
 * The field's name as people say it, e.g. `@Label('投诉内容', 'complaint text')`, declared beside
 * the property so it cannot drift from it: every validation message of the field names it so.
 */
export const Label =
  (zh: string, en: string): PropertyDecorator =>
  (target, property) => {
    Reflect.defineMetadata(LABEL, { zh, en } satisfies Bilingual, target, property);
  };

/** The label of `property` on an object of a labelled class (its own or inherited), if it has one. */
export function labelOf(object: unknown, property: string): Bilingual | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  return Reflect.getMetadata(LABEL, object, property) as Bilingual | undefined;
}
