import { orgTreeFromParents } from './org-tree';

describe('orgTreeFromParents', () => {
  const tree = orgTreeFromParents({ hq: null, branch: 'hq', outlet: 'branch' });

  it('walks one level up and ends at head office', () => {
    expect(tree.parentOf('outlet')).toBe('branch');
    expect(tree.parentOf('branch')).toBe('hq');
    expect(tree.parentOf('hq')).toBeUndefined();
  });

  it('knows its units and nothing else', () => {
    expect(tree.contains('outlet')).toBe(true);
    expect(tree.contains('toString')).toBe(false);
    expect(tree.parentOf('toString')).toBeUndefined();
  });

  it('refuses a tree without exactly one root or with a dangling parent', () => {
    expect(() => orgTreeFromParents({ a: null, b: null })).toThrow(/one root/);
    expect(() => orgTreeFromParents({ hq: null, x: 'missing' })).toThrow(/unknown parent/);
  });
});
