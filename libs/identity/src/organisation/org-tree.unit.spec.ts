import { IdentityConfigError } from '../config/identity-config.error';
import { TEST_UNITS } from '../testing/org-units.fixture';
import { OrgTree } from './org-tree';
import type { OrgUnit } from './org-unit';

const ids = (units: readonly OrgUnit[]): string[] => units.map((unit) => unit.id);

describe('OrgTree', () => {
  const tree = OrgTree.fromUnits(TEST_UNITS);

  it('escalates one level at a time from an outlet to head office, where escalation ends', () => {
    expect(tree.parentOf('anshan-haicheng-yys')?.id).toBe('anshan-haicheng');
    expect(ids(tree.ancestors('anshan-haicheng-yys'))).toEqual(['anshan-haicheng', 'anshan', 'hq']);
    expect(tree.parentOf('hq')).toBeNull();
    expect(tree.ancestors('hq')).toEqual([]);
  });

  it('knows the root and each unit depth', () => {
    expect(tree.root.id).toBe('hq');
    expect(tree.depth('hq')).toBe(0);
    expect(tree.depth('anshan')).toBe(1);
    expect(tree.depth('anshan-haicheng-yys')).toBe(3);
  });

  it('lists a subtree with parents before children and nothing from other branches', () => {
    expect(ids(tree.subtree('anshan'))).toEqual(['anshan', 'anshan-haicheng', 'anshan-haicheng-yys', 'anshan-daoxi']);
    expect(ids(tree.subtree('anshan-haicheng-yys'))).toEqual(['anshan-haicheng-yys']);
    expect(ids(tree.units())).toHaveLength(TEST_UNITS.length);
    expect(ids(tree.childrenOf('hq'))).toEqual(['anshan', 'suizhou']);
  });

  it.each([
    ['anshan', 'anshan', true],
    ['anshan', 'anshan-haicheng-yys', true],
    ['hq', 'suizhou-zengdu', true],
    ['anshan-haicheng', 'anshan-daoxi', false],
    ['anshan-haicheng', 'anshan', false],
    ['anshan', 'suizhou-zengdu', false],
    ['anshan', 'no-such-unit', false],
    ['no-such-unit', 'anshan', false],
  ])('isWithinSubtree(%s, %s) is %s', (rootUnitId, unitId, expected) => {
    expect(tree.isWithinSubtree(rootUnitId, unitId)).toBe(expected);
  });

  it('names an unknown unit instead of answering for it', () => {
    expect(() => tree.parentOf('nowhere')).toThrow('Unknown organisation unit "nowhere"');
    expect(() => tree.subtree('nowhere')).toThrow('nowhere');
  });
});

describe('OrgTree.fromUnits validation', () => {
  const unit = (id: string, parentId: string | null, level: OrgUnit['level'] = 'branch'): OrgUnit => ({
    id,
    name: id,
    nameEn: id,
    parentId,
    level,
  });
  const hq = unit('hq', null, 'head_office');
  const issuesOf = (units: OrgUnit[]): readonly string[] => {
    try {
      OrgTree.fromUnits(units);
    } catch (error) {
      if (error instanceof IdentityConfigError) return error.issues;
      throw error;
    }
    throw new Error('expected the units to be rejected');
  };

  it('rejects duplicate ids', () => {
    expect(issuesOf([hq, unit('a', 'hq'), unit('a', 'hq')])).toEqual(['duplicate unit id "a"']);
  });

  it('rejects zero or several roots', () => {
    expect(issuesOf([])).toEqual([expect.stringContaining('exactly one root unit')]);
    expect(issuesOf([hq, unit('hq2', null, 'head_office')])).toEqual([expect.stringMatching(/exactly one root.*found 2: hq, hq2/)]);
  });

  it('rejects unknown parents', () => {
    expect(issuesOf([hq, unit('a', 'ghost')])).toEqual(['unit "a" has unknown parent "ghost"']);
  });

  it('rejects cycles, naming the units in them once', () => {
    const issues = issuesOf([hq, unit('a', 'b', 'sub_branch'), unit('b', 'a', 'sub_branch')]);
    expect(issues.filter((issue) => issue.startsWith('cycle'))).toEqual(['cycle in parent links: a → b → a']);
  });

  it('rejects a root below head office and a unit not below its parent level', () => {
    expect(issuesOf([unit('hq', null, 'branch')])).toEqual(['root unit "hq" must be at level head_office, not branch']);
    expect(issuesOf([hq, unit('b', 'hq', 'sub_branch'), unit('c', 'b', 'branch')])).toEqual(['unit "c" (branch) cannot sit under "b" (sub_branch)']);
  });

  it('lets an outlet sit directly under a branch (a branch 营业部)', () => {
    expect(() => OrgTree.fromUnits([hq, unit('b', 'hq'), unit('b-yyb', 'b', 'outlet')])).not.toThrow();
  });

  it('reports every problem at once in a readable message', () => {
    expect(() => OrgTree.fromUnits([hq, unit('a', 'ghost'), unit('a', 'hq')])).toThrow(
      /Invalid identity configuration:\n- duplicate unit id "a"\n- unit "a" has unknown parent "ghost"/,
    );
  });
});
