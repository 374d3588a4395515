import { MAX_INPUT_DEPTH, screenInput, textDefect } from './input-screening';

describe('screenInput', () => {
  it('lets ordinary JSON through, whatever its script, marks or emoji', () => {
    expect(screenInput({ name: '陈**', note: 'Zoë ‮ R͂TL‌ 👩‍💻', list: [1, 'two', { three: null }], tabbed: 'a\tb\r\nc' })).toEqual([]);
  });

  it('refuses prototype keys at any depth, naming where they are', () => {
    const body = JSON.parse('{"a":{"b":[{"__proto__":{"polluted":true}}]},"constructor":{"prototype":{}},"c":{"prototype":1}}');
    expect(
      screenInput(body)
        .map((violation) => [violation.field, violation.rule])
        .sort(),
    ).toEqual([
      ['a.b.0.__proto__', 'forbiddenKey'],
      ['c.prototype', 'forbiddenKey'],
      ['constructor', 'forbiddenKey'],
    ]);
  });

  it('refuses NUL and other control characters and unpaired surrogates, in values and keys', () => {
    expect(screenInput({ text: 'a\u0000b' })).toEqual([expect.objectContaining({ field: 'text', rule: 'wellFormedText' })]);
    expect(screenInput({ list: ['ok', 'bell\u0007'] })).toEqual([expect.objectContaining({ field: 'list.1' })]);
    expect(screenInput({ lone: 'x\ud800' })).toEqual([expect.objectContaining({ field: 'lone' })]);
    expect(screenInput({ trailing: '\udc00x' })).toEqual([expect.objectContaining({ field: 'trailing' })]);
    expect(screenInput({ 'bad\u0001key': 1 })).toEqual([expect.objectContaining({ field: 'bad\u0001key', rule: 'wellFormedText' })]);
    expect(screenInput('\u0000', 'id')).toEqual([expect.objectContaining({ field: 'id' })]);
    expect(textDefect('pair \ud83d\ude00 ok')).toBeNull();
  });

  it('stops at the depth limit without recursing, however deep the input', () => {
    const deep = JSON.parse(`{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const violations = screenInput(deep);
    expect(violations).toEqual([expect.objectContaining({ rule: 'maxDepth', field: `x${'.0'.repeat(MAX_INPUT_DEPTH - 1)}` })]);
    let shallow: unknown = 'leaf';
    for (let level = 1; level < MAX_INPUT_DEPTH; level++) shallow = { next: shallow };
    expect(screenInput(shallow)).toEqual([]);
  });
});
