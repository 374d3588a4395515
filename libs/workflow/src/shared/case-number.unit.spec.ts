import { complaintDecider } from '../complaint/complaint.decider';
import { toComplaintView } from '../complaint/complaint.view';
import { findingDecider } from '../finding/finding.decider';
import { toFindingView } from '../finding/finding.view';
import { inspectionDecider } from '../inspection/inspection.decider';
import { toInspectionView } from '../inspection/inspection.view';
import { OUTLET, T0 } from '../testing/fixtures';
import { canonicalCaseNumber, caseNumberIn, caseNumberYear, formatCaseNumber, kindCreatedBy } from './case-number';
import type { StoredEvent } from './event-envelope';

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

describe('folding creation events', () => {
  const meta = { occurredAt: T0, actorId: 'qian' };
  const complaintData = {
    complaintId: 'c-0',
    channel: 'letter',
    caseType: 'complaint',
    category: 'attitude',
    customer: { name: '陈**', phone: null, idNumber: null },
    description: '态度冷漠',
    priority: 'normal',
    unitId: OUTLET,
    atHeadOffice: false,
    receivedAt: T0,
    ...meta,
  };
  const findingData = {
    findingId: 'f-0',
    source: { kind: 'inspection', inspectionId: 'i-0' },
    unitId: OUTLET,
    atHeadOffice: false,
    category: 'internal_control',
    description: '未按时核库',
    severity: 'minor',
    mode: 'deadline',
    ...meta,
  };
  const inspectionData = { inspectionId: 'i-0', kind: 'onsite', unitId: OUTLET, scope: '柜面服务', ...meta };
  const event = (type: string, data: object): StoredEvent[] => [{ type, schemaVersion: 1, data }];

  it('shows the number an event carries', () => {
    expect(toComplaintView(complaintDecider.fold(event('ComplaintRegistered', { ...complaintData, number: 'TS-2024-000001' }))).number).toBe('TS-2024-000001');
    expect(toFindingView(findingDecider.fold(event('FindingRaised', { ...findingData, number: 'ZG-2024-000002' }))).number).toBe('ZG-2024-000002');
    expect(toInspectionView(inspectionDecider.fold(event('InspectionOpened', { ...inspectionData, number: 'JC-2024-000003' }))).number).toBe('JC-2024-000003');
  });

  it('shows null for events recorded before numbers existed, at the same schema version', () => {
    expect(toComplaintView(complaintDecider.fold(event('ComplaintRegistered', complaintData))).number).toBeNull();
    expect(toFindingView(findingDecider.fold(event('FindingRaised', findingData))).number).toBeNull();
    expect(toInspectionView(inspectionDecider.fold(event('InspectionOpened', inspectionData))).number).toBeNull();
  });
});
