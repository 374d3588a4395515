import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { labelOf, RULE_MESSAGES } from '@duban/http-problem';
// Loading the API module loads every request class it validates.
import '../api.module';

const CJK = /[\u4e00-\u9fff]/;

/** Validated classes that are no request: the settings read from the environment, refused at start-up, never in an answer. */
const NOT_REQUESTS = new Set(['AppConfig']);

/** The rule a piece of class-validator metadata reports its failures under. */
function ruleOf(metadata: ValidationMetadata): string | null {
  if (metadata.type === 'conditionalValidation' || metadata.type === 'whitelistValidation') return null;
  if (metadata.type === 'customValidation') return metadata.name ?? getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name ?? null;
  return metadata.type;
}

/** Every validation declared on the API's request classes (class-validator keeps them in one global store). */
function declaredValidations(): ValidationMetadata[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  return [...storage.validationMetadatas.values()].flat();
}

describe('validation messages', () => {
  const declared = declaredValidations();

  it('finds the request classes', () => {
    expect(declared.length).toBeGreaterThan(100);
  });

  it('has both languages for every rule a request class uses', () => {
    const rules = new Set(declared.map(ruleOf).filter((rule): rule is string => rule !== null));
    expect([...rules].filter((rule) => !Object.hasOwn(RULE_MESSAGES, rule))).toEqual([]);
  });

  it.each(Object.entries(RULE_MESSAGES))('%s names the field by its label in Chinese and in English', (_rule, message) => {
    const text = message({ zh: '投诉内容', en: 'complaint text' }, [10]);
    expect(text.zh).toContain('「投诉内容」');
    expect(text.zh).toMatch(CJK);
    expect(text.en).toContain('"complaint text"');
    expect(text.en).not.toMatch(CJK);
  });

  it('has a label for every validated field of every request class', () => {
    const unlabelled = declared
      .flatMap((metadata) => (ruleOf(metadata) !== null && typeof metadata.target === 'function' ? [{ request: metadata.target as Type, field: metadata.propertyName }] : []))
      .filter(({ request, field }) => !NOT_REQUESTS.has(request.name) && labelOf(request.prototype as object, field) === undefined)
      .map(({ request, field }) => `${request.name}.${field}`);
    expect([...new Set(unlabelled)].sort()).toEqual([]);
  });
});
