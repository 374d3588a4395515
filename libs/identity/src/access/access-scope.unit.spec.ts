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

  it('lets a user transfer within their subtree, head office anywhere, and the supervisors of a distributing unit anywhere', () => {
    const callCentre = { id: 'call-centre', name: '客服中心', nameEn: 'Call centre', parentId: 'hq', level: 'branch' as const, distributesCases: true };
    const withCallCentre = new AccessScope(OrgTree.fromUnits([...TEST_UNITS, callCentre]));
    expect(withCallCentre.mayTransferTo(staff('handler', 'anshan'), 'anshan-daoxi')).toBe(true);
    expect(withCallCentre.mayTransferTo(staff('handler', 'anshan-haicheng'), 'anshan-daoxi')).toBe(false);
    expect(withCallCentre.mayTransferTo(staff('supervisor', 'hq'), 'suizhou-zengdu')).toBe(true);
    expect(withCallCentre.mayTransferTo(staff('supervisor', 'call-centre'), 'suizhou-zengdu')).toBe(true);
    expect(withCallCentre.mayTransferTo(staff('supervisor', 'call-centre'), 'elsewhere')).toBe(false);
    // Distributing is the supervisors' task (seed 003), not every call-centre user's; auditors change nothing.
    expect(withCallCentre.mayTransferTo(staff('handler', 'call-centre'), 'suizhou-zengdu')).toBe(false);
    expect(withCallCentre.mayTransferTo(staff('auditor', 'hq'), 'suizhou-zengdu')).toBe(false);
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
