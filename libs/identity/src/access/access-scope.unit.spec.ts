import { ForbiddenException } from '@nestjs/common';
import { OrgTree } from '../organisation/org-tree';
import { TEST_UNITS } from '../testing/org-units.fixture';
import type { AuthenticatedUser, Role } from '../users/user';
import { AccessScope, assertMayChange } from './access-scope';

const staff = (role: Role, unitId: string): AuthenticatedUser => ({ username: `${role}@${unitId}`, displayName: 'x', role, unitId });

describe('AccessScope', () => {
  const scope = new AccessScope(OrgTree.fromUnits(TEST_UNITS));

  it('lets a user see their own unit and everything below it, nothing above or beside', () => {
    const unitHead = staff('unit_head', 'anshan-haicheng');
    expect(scope.canSee(unitHead, 'anshan-haicheng')).toBe(true);
    expect(scope.canSee(unitHead, 'anshan-haicheng-yys')).toBe(true);
    expect(scope.canSee(unitHead, 'anshan')).toBe(false);
    expect(scope.canSee(unitHead, 'anshan-daoxi')).toBe(false);
  });

  it('keeps a branch supervisor out of the other branch', () => {
    const supervisor = staff('supervisor', 'anshan');
    expect(scope.canSee(supervisor, 'anshan-haicheng-yys')).toBe(true);
    expect(scope.canSee(supervisor, 'suizhou-zengdu')).toBe(false);
  });

  it('lets head office and auditors see every unit, but no unknown one', () => {
    for (const user of [staff('supervisor', 'hq'), staff('auditor', 'hq'), staff('auditor', 'anshan')]) {
      expect(TEST_UNITS.every((unit) => scope.canSee(user, unit.id))).toBe(true);
      expect(scope.canSee(user, 'elsewhere')).toBe(false);
    }
  });

  it('lists the visible units for query filters', () => {
    expect(scope.visibleUnitIds(staff('handler', 'anshan-haicheng'))).toEqual(['anshan-haicheng', 'anshan-haicheng-yys']);
    expect(scope.visibleUnitIds(staff('auditor', 'anshan'))).toHaveLength(TEST_UNITS.length);
  });

  it('refuses out-of-scope units with 403', () => {
    expect(() => scope.assertCanSee(staff('handler', 'anshan-daoxi'), 'anshan-haicheng')).toThrow(ForbiddenException);
    expect(() => scope.assertCanSee(staff('handler', 'anshan-daoxi'), 'anshan-daoxi')).not.toThrow();
  });

  it('lets auditors read but never change, even within their scope', () => {
    expect(() => assertMayChange(staff('auditor', 'hq'))).toThrow(ForbiddenException);
    expect(() => scope.assertMayChangeWithin(staff('auditor', 'hq'), 'anshan')).toThrow(/read-only/);
    expect(() => scope.assertMayChangeWithin(staff('supervisor', 'hq'), 'anshan')).not.toThrow();
    expect(() => scope.assertMayChangeWithin(staff('supervisor', 'suizhou'), 'anshan')).toThrow(/outside your area/);
  });
});
