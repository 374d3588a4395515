import { refuseMalformedUtf8 } from './body-encoding';
import { getMetadataStorage, IsInt, IsString } from 'class-validator';
import { createValidationPipe, droppedFields, MAX_REPORTED_VIOLATIONS, validationProblem } from './validation';

describe('droppedFields', () => {
  class Note {
    text = '';
    toCommand(): string {
      return this.text;
    }
  }

  it('names every field of the request that is not a field of the validated value, at any depth', () => {
    const kept = Object.assign(new Note(), { text: 'x' });
    expect(droppedFields({ text: 'x', toCommand: 'y', toString: 1 }, kept).map((violation) => violation.field)).toEqual(['toCommand', 'toString']);
    expect(
      droppedFields({ customer: { name: 'a', valueOf: 1 }, list: [{ a: 1, b: 2 }] }, { customer: { name: 'a' }, list: [{ a: 1 }] }).map((violation) => violation.field),
    ).toEqual(['customer.valueOf', 'list.0.b']);
    expect(droppedFields({ text: 'x' }, kept)).toEqual([]);
    expect(droppedFields(undefined, {})).toEqual([]);
  });
});

describe('validationProblem', () => {
  it(`lists at most ${MAX_REPORTED_VIOLATIONS} violations and counts the rest`, () => {
    const violations = Array.from({ length: 5_000 }, (_, index) => ({ field: `f${index}`, rule: 'whitelistValidation' }));
    const refusal = validationProblem(violations);
    expect(refusal.problem.errors).toHaveLength(MAX_REPORTED_VIOLATIONS);
    expect(refusal.problem.detail).toMatch(/另有 4950 处$/);
    expect(refusal.in('en').detail).toMatch(/; and 4950 more$/);
  });
});

describe('refuseMalformedUtf8', () => {
  const verify = (bytes: number[], encoding = 'utf-8'): void => refuseMalformedUtf8({} as never, {} as never, Buffer.from(bytes), encoding);

  it('takes UTF-8, and leaves other declared charsets to their decoder', () => {
    expect(() => verify([...Buffer.from('投诉 ok \u{1f4a9}')])).not.toThrow();
    expect(() => verify([0xff, 0xfe], 'utf-16le')).not.toThrow();
  });

  it.each([
    ['a stray byte', [0x61, 0xff]],
    ['a lone continuation byte', [0x80]],
    ['an overlong form', [0xc0, 0xaf]],
    ['a truncated sequence', [0xe4, 0xb8]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('refuses %s with a 400 body-parser passes on', (_case, bytes) => {
    expect(() => verify(bytes)).toThrow(expect.objectContaining({ status: 400, type: 'encoding.invalid' }));
  });
});

describe('createValidationPipe', () => {
  class Note {
    @IsString()
    text = '';
  }

  it('looks each class’s rules up once, and again after a rule is added', () => {
    createValidationPipe();
    const storage = getMetadataStorage();
    const rulesOf = (target: typeof Note): string[] => storage.getTargetValidationMetadatas(target, '', false, false).map((rule) => `${rule.propertyName}:${rule.name}`);
    const first = storage.getTargetValidationMetadatas(Note, '', false, false);
    expect(storage.getTargetValidationMetadatas(Note, '', false, false)).toBe(first);
    expect(rulesOf(Note)).toEqual(['text:isString']);

    IsInt()(Note.prototype, 'count');
    expect(rulesOf(Note)).toEqual(['text:isString', 'count:isInt']);
  });
});
