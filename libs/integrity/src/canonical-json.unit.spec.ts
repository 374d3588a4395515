import fc from 'fast-check';
import { canonicalJson, type JsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('keeps array order, escapes strings as JSON does and writes numbers in their shortest form', () => {
    expect(canonicalJson(['b', 'a', 'Zürich ✓ "q"\n', 1.5, 1.0, -0, 1e21, 0.1])).toBe('["b","a","Zürich ✓ \\"q\\"\\n",1.5,1,0,1e+21,0.1]');
  });

  it('sorts keys by code units, not by locale', () => {
    expect(canonicalJson({ b: 0, B: 0, 投诉: 0, a: 0 })).toBe('{"B":0,"a":0,"b":0,"投诉":0}');
  });

  it('drops undefined members, as stored JSON does, and refuses numbers JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined as unknown as JsonValue, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
  });

  it('is the same text whatever the key order, and survives a JSON round trip unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value as JsonValue);
        const reordered = JSON.parse(JSON.stringify(value, (_, member: unknown) => reverseKeys(member))) as JsonValue;
        expect(canonicalJson(reordered)).toBe(canonical);
        expect(canonicalJson(JSON.parse(canonical) as JsonValue)).toBe(canonical);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

function reverseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).reverse());
}
