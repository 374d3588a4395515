import { InMemoryEventStore } from '@duban/event-store';
import { OrgTree, StaffDirectory } from '@duban/identity';
import { EmployeeDisclosure } from './employee-disclosure';
import { EmployeeErasures } from './employee-erasures';

const orgTree = OrgTree.fromUnits([
  { id: 'hq', name: '总行', nameEn: 'Head Office', parentId: null, level: 'head_office' },
  { id: 'anshan', name: '鞍山分行', nameEn: 'Anshan Branch', parentId: 'hq', level: 'branch' },
  { id: 'anshan-haicheng', name: '海城支行', nameEn: 'Haicheng Sub-branch', parentId: 'anshan', level: 'sub_branch' },
  { id: 'anshan-daoxi', name: '道西支行', nameEn: 'Daoxi Sub-branch', parentId: 'anshan', level: 'sub_branch' },
]);
const staff = new StaffDirectory([
  { id: 'E10004', name: '冯涛', unitId: 'anshan-haicheng', position: '网点负责人' },
  { id: 'E10005', name: '许静', unitId: 'anshan-daoxi', position: '柜员' },
]);
const erasures = new EmployeeErasures(new InMemoryEventStore(), { now: () => new Date('2026-03-02T08:00:00Z') });
const disclosure = new EmployeeDisclosure(staff, orgTree, erasures);
const admin = { actor: { id: 'admin', role: 'admin' as const, unitId: 'hq' }, correlationId: 'c-1', causationId: 'r-1' };

describe('EmployeeDisclosure', () => {
  beforeAll(() => erasures.record('E10005', { reason: '依法申请删除', requestReference: 'REQ-1' }, admin));

  it.each([
    ['a unit head over the unit', { role: 'unit_head', unitId: 'anshan-haicheng' }, '冯涛'],
    ['a branch supervisor', { role: 'supervisor', unitId: 'anshan' }, '冯涛'],
    ['an auditor anywhere', { role: 'auditor', unitId: 'hq' }, '冯涛'],
    ["a sibling unit's head", { role: 'unit_head', unitId: 'anshan-daoxi' }, '冯**'],
    ['a handler of the unit', { role: 'handler', unitId: 'anshan-haicheng' }, '冯**'],
    ['an inspector of the branch', { role: 'inspector', unitId: 'anshan' }, '冯**'],
  ])('shows %s the name as %s', async (_who, viewer, name) => {
    expect(await disclosure.employee('E10004', viewer)).toEqual({
      staffId: 'E10004',
      name,
      position: '网点负责人',
      unitId: 'anshan-haicheng',
      masked: name.endsWith('**'),
      erased: false,
    });
  });

  it('names nobody once the organisation file no longer lists the employee, whoever asks', async () => {
    expect(await disclosure.employee('E99999', { role: 'auditor', unitId: 'hq' })).toEqual({
      staffId: 'E99999',
      name: null,
      position: null,
      unitId: null,
      masked: false,
      erased: false,
    });
  });

  it('shows an erased employee as the staff id alone, to those who knew them too', async () => {
    expect(await disclosure.employee('E10005', { role: 'unit_head', unitId: 'anshan-daoxi' })).toEqual({
      staffId: 'E10005',
      name: null,
      position: null,
      unitId: null,
      masked: false,
      erased: true,
    });
  });

  it('adds the employee beside a staff id, null for a record naming nobody, and leaves views without one alone', async () => {
    const viewer = { role: 'handler', unitId: 'anshan-haicheng' };
    expect(await disclosure.inView({ staffId: 'E10004' }, viewer)).toMatchObject({ employee: { name: '冯**' } });
    expect(await disclosure.inView({ staffId: null }, viewer)).toEqual({ staffId: null, employee: null });
    expect(await disclosure.inView({ customer: {} }, viewer)).toEqual({ customer: {} });
  });

  it("shows the files marked as personal data on an erased employee's record as erased, names withheld, and keeps the others", async () => {
    const file = { sha256: 'a'.repeat(64), size: 3, contentType: 'image/png', evidenceKind: 'photo' as const, occurredAt: '2026-03-01T08:00:00Z', actorId: 'inspector.anshan' };
    const attachments = [
      { ...file, fileName: '员工照片.png', personalData: true, erased: false },
      { ...file, fileName: '监控调阅记录.png', personalData: false, erased: false },
    ];
    const viewer = { role: 'supervisor', unitId: 'anshan' };
    expect((await disclosure.inView({ staffId: 'E10005', attachments }, viewer)).attachments).toEqual([
      expect.objectContaining({ fileName: null, personalData: true, erased: true }),
      expect.objectContaining({ fileName: '监控调阅记录.png', erased: false }),
    ]);
    expect((await disclosure.inView({ staffId: 'E10004', attachments }, viewer)).attachments).toEqual(attachments);
  });

  it('records an erasure once: asked again, it answers the first', async () => {
    const again = await erasures.record('E10005', { reason: '再次申请', requestReference: 'REQ-2' }, admin);
    expect(again).toEqual({ staffId: 'E10005', reason: '依法申请删除', requestReference: 'REQ-1', erasedAt: '2026-03-02T08:00:00.000Z', erasedBy: 'admin' });
  });
});
