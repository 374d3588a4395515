import { T0 } from '../testing/fixtures';
import { canonicalCaseNumber, caseNumberIn, caseNumberYear, formatCaseNumber, kindCreatedBy } from './case-number';

describe('case numbers', () => {
  it('are prefix, year and a six-digit sequence that grows a digit rather than wrap', () => {
    expect(formatCaseNumber('TS', 2026, 123)).toBe('TS-2026-000123');
    expect(formatCaseNumber('ZG', 2026, 1)).toBe('ZG-2026-000001');
    expect(formatCaseNumber('JC', 2027, 1_234_567)).toBe('JC-2027-1234567');
  });

  it("take the year in the bank's time zone: 16:30 UTC on 31 December is already next year in Shanghai", () => {
    expect(caseNumberYear('2026-12-31T15:59:59.999Z')).toBe(2026);
    expect(caseNumberYear('2026-12-31T16:00:00.000Z')).toBe(2027);
    expect(caseNumberYear('2026-01-01T00:00:00.000+08:00')).toBe(2026);
  });

  it('are searched as typed: any case, blanks around, the padding optional; a beginning stays a beginning', () => {
    expect(canonicalCaseNumber(' ts-2026-123 ')).toBe('TS-2026-000123');
    expect(canonicalCaseNumber('TS-2026-000123')).toBe('TS-2026-000123');
    expect(canonicalCaseNumber('zg-2026-')).toBe('ZG-2026-');
    expect(canonicalCaseNumber('ts-20')).toBe('TS-20');
  });

  it('are carried by the creation event of each kind only', () => {
    expect(['ComplaintRegistered', 'FindingRaised', 'InspectionOpened', 'ComplaintReplied'].map(kindCreatedBy)).toEqual(['complaint', 'finding', 'inspection', undefined]);
    const meta = { occurredAt: T0, actorId: 'qian' };
    expect(caseNumberIn([{ type: 'InspectionOpened', data: { inspectionId: 'i-1', number: 'JC-2024-000007', ...meta } }])).toBe('JC-2024-000007');
    expect(caseNumberIn([{ type: 'InspectionOpened', data: { inspectionId: 'i-1', ...meta } }])).toBeNull();
    expect(caseNumberIn([])).toBeNull();
  });
});
