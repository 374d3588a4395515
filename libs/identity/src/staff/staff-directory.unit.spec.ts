import { StaffDirectory } from './staff-directory';

describe('StaffDirectory', () => {
  const directory = new StaffDirectory([
    { id: 'E1002', name: '钱一', unitId: 'outlet-b', position: '柜员' },
    { id: 'E1001', name: '孙二', unitId: 'outlet-a', position: '大堂经理' },
    { id: 'E1003', name: '李三', unitId: 'outlet-a', position: '柜员' },
  ]);

  it('finds an employee by staff id and nobody by an unknown one', () => {
    expect(directory.find('E1001')?.name).toBe('孙二');
    expect(directory.find('E9999')).toBeUndefined();
  });

  it('lists the employees of the given units only, by staff id', () => {
    expect(directory.inUnits(new Set(['outlet-a'])).map((member) => member.id)).toEqual(['E1001', 'E1003']);
    expect(directory.inUnits(new Set(['outlet-a', 'outlet-b'])).map((member) => member.id)).toEqual(['E1001', 'E1002', 'E1003']);
    expect(directory.inUnits(new Set())).toEqual([]);
  });
});
