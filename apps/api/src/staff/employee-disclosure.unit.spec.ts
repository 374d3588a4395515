import { OrgTree, StaffDirectory } from '@duban/identity';
import { EmployeeDisclosure } from './employee-disclosure';

const orgTree = OrgTree.fromUnits([
  { id: 'hq', name: '总行', nameEn: 'Head Office', parentId: null, level: 'head_office' },
  { id: 'anshan', name: '鞍山分行', nameEn: 'Anshan Branch', parentId: 'hq', level: 'branch' },
  { id: 'anshan-haicheng', name: '海城支行', nameEn: 'Haicheng Sub-branch', parentId: 'anshan', level: 'sub_branch' },
  { id: 'anshan-daoxi', name: '道西支行', nameEn: 'Daoxi Sub-branch', parentId: 'anshan', level: 'sub_branch' },
]);
const disclosure = new EmployeeDisclosure(new StaffDirectory([{ id: 'E10004', name: '冯涛', unitId: 'anshan-haicheng', position: '网点负责人' }]), orgTree);

describe('EmployeeDisclosure', () => {
  it.each([
    ['a unit head over the unit', { role: 'unit_head', unitId: 'anshan-haicheng' }, '冯涛'],
    ['a branch supervisor', { role: 'supervisor', unitId: 'anshan' }, '冯涛'],
    ['an auditor anywhere', { role: 'auditor', unitId: 'hq' }, '冯涛'],
    ["a sibling unit's head", { role: 'unit_head', unitId: 'anshan-daoxi' }, '冯**'],
    ['a handler of the unit', { role: 'handler', unitId: 'anshan-haicheng' }, '冯**'],
    ['an inspector of the branch', { role: 'inspector', unitId: 'anshan' }, '冯**'],
  ])('shows %s the name as %s', (_who, viewer, name) => {
    expect(disclosure.employee('E10004', viewer)).toEqual({ staffId: 'E10004', name, position: '网点负责人', unitId: 'anshan-haicheng', masked: name.endsWith('**') });
  });

  it('names nobody once the organisation file no longer lists the employee (erased), whoever asks', () => {
    expect(disclosure.employee('E99999', { role: 'auditor', unitId: 'hq' })).toEqual({ staffId: 'E99999', name: null, position: null, unitId: null, masked: false });
  });

  it('adds the employee beside a staff id, null for a record naming nobody, and leaves views without one alone', () => {
    const viewer = { role: 'handler', unitId: 'anshan-haicheng' };
    expect(disclosure.inView({ staffId: 'E10004' }, viewer)).toMatchObject({ employee: { name: '冯**' } });
    expect(disclosure.inView({ staffId: null }, viewer)).toEqual({ staffId: null, employee: null });
    expect(disclosure.inView({ customer: {} }, viewer)).toEqual({ customer: {} });
  });
});
