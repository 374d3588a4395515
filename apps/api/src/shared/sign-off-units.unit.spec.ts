import { OrgTree, UserDirectory, type Role } from '@duban/identity';
import { SignOffUnits } from './sign-off-units';

const orgTree = OrgTree.fromUnits([
  { id: 'hq', name: '总行', nameEn: 'Head Office', parentId: null, level: 'head_office' },
  { id: 'branch', name: '分行', nameEn: 'Branch', parentId: 'hq', level: 'branch' },
  { id: 'sub', name: '支行', nameEn: 'Sub-branch', parentId: 'branch', level: 'sub_branch' },
  { id: 'hall', name: '支行营业室', nameEn: 'Business hall', parentId: 'sub', level: 'outlet' },
  { id: 'outlet', name: '分理处', nameEn: 'Outlet', parentId: 'sub', level: 'outlet' },
]);
const user = (username: string, role: Role, unitId: string) => ({ username, displayName: username, role, unitId, passwordHash: 'unused' });

describe('SignOffUnits: whose head signs a complaint off (签字确认)', () => {
  const units = new SignOffUnits(
    orgTree,
    new UserDirectory([user('head.sub', 'unit_head', 'sub'), user('head.outlet', 'unit_head', 'outlet'), user('supervisor.branch', 'supervisor', 'branch')]),
  );

  it("is the working unit's own head, else the nearest head above it; a supervisor is nobody's signer", () => {
    expect(units.signingUnitOf('outlet')).toBe('outlet');
    expect(units.signingUnitOf('hall')).toBe('sub');
    expect(units.signingUnitOf('sub')).toBe('sub');
    // Escalated to the branch, where only a supervisor sits: nobody on the path up signs.
    expect(units.signingUnitOf('branch')).toBeUndefined();
    expect(units.signingUnitOf('nowhere')).toBeUndefined();
  });

  it('lists for a unit head the units whose cases they sign: not a unit below with a head of its own', () => {
    expect(units.unitsSignedOffBy('sub').sort()).toEqual(['hall', 'sub']);
    expect(units.unitsSignedOffBy('outlet')).toEqual(['outlet']);
    expect(units.unitsSignedOffBy('branch')).toEqual([]);
  });
});
