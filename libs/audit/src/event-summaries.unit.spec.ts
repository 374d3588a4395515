import { CLOCK_EVENT_TYPES } from '@duban/sla';
import { circularDecider, complaintDecider, findingDecider, inspectionDecider, violationDecider } from '@duban/workflow';
import { bankTime, hasSummary, reasonOf, summarizeEvent, type UnitNames } from './event-summaries';

const UNITS: Record<string, { zh: string; en: string }> = {
  anshan: { zh: '鞍山分行', en: 'Anshan Branch' },
  'anshan-haicheng': { zh: '海城支行', en: 'Haicheng Sub-branch' },
};
const unitNames: UnitNames = (unitId) => UNITS[unitId] ?? { zh: unitId, en: unitId };

const DUE = '2026-11-23T09:00:00.000Z';
const meta = { occurredAt: '2026-11-20T01:00:00.000Z', actorId: 'handler.haicheng' };
const escalation = { fromUnitId: 'anshan-haicheng', toUnitId: 'anshan', level: 2, atHeadOffice: false, reason: 'SLA breach', automatic: true };
const definition = {
  basis: 'calendar',
  duration: 'P15D',
  dueFrom: null,
  calendarId: 'cn-mainland',
  calendarVersion: 1,
  policyId: 'complaint',
  policyVersion: 1,
  warnAt: [0.5],
  escalation: null,
  extensions: [],
  stopOn: [],
};

/** Data of one event of each type, as the deciders record them. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  ComplaintRegistered: { complaintId: 'c-1', channel: 'hotline', caseType: 'complaint', category: 'attitude', unitId: 'anshan-haicheng', receivedAt: DUE },
  ComplaintAssigned: { assigneeId: 'handler.haicheng' },
  ComplaintHandedOver: { managerId: 'manager.haicheng', reason: null },
  ComplaintReplyPromised: { promisedBy: DUE },
  ComplaintNoteAdded: { text: '已调阅监控' },
  ComplaintReclassified: { caseType: 'complaint', category: 'process', previousCaseType: 'investigation', previousCategory: 'attitude' },
  ComplaintEscalated: escalation,
  ComplaintTransferred: { fromUnitId: 'anshan-haicheng', toUnitId: 'anshan', atHeadOffice: false, reason: '登记网点有误' },
  ComplaintReferred: { ...escalation, toUnitId: 'hq', atHeadOffice: true, automatic: false, bypassedUnitIds: ['anshan'] },
  ComplaintReplied: { replyNumber: 2, responsibility: 'valid', text: '已致歉', channel: 'phone', onSpot: false, findingId: 'c-1-r2' },
  ComplaintVerified: { comment: null },
  ComplaintReopened: { comment: '客户仍不满意' },
  ComplaintContactAttempted: { attemptedAt: '2026-12-07T02:00:00.000Z', channel: 'phone', reached: false, note: null },
  ComplaintCustomerUnreachable: { failedAttempts: 3, comment: null },
  ComplaintDecisionMaintained: { comment: '处理意见符合规定' },
  ComplaintDecisionMaintenanceRequested: { comment: '客户未提出新的理由' },
  ComplaintDecisionMaintenanceRefused: { reason: '录像尚未调阅' },
  ComplaintResponsibilityDecided: {
    replyNumber: 1,
    proposed: 'valid',
    responsibility: 'customer',
    reason: '经调阅监控，柜员已履行告知义务',
    responsibleUnitId: null,
    responsibleStaffId: null,
    complainedStaffId: 'E10001',
    raisesFindingId: null,
    cancelsFindingId: 'c-1-r1',
  },
  ComplaintClosed: {},
  ComplaintWithdrawn: { reason: '客户撤诉' },
  CustomerDataErased: { keyId: 'k-1', reason: '客户依法申请删除', requestReference: 'REQ-2026-001' },
  EvidenceAttached: { sha256: 'ab'.repeat(32), size: 2048, contentType: 'image/jpeg', fileName: '网点照片.jpg', evidenceKind: 'photo', personalData: false },
  FindingRaised: {
    findingId: 'f-1',
    source: { kind: 'inspection', inspectionId: 'i-1' },
    unitId: 'anshan-haicheng',
    atHeadOffice: false,
    category: 'environment',
    description: '一米线未设置',
    severity: 'major',
    mode: 'deadline',
  },
  FindingPlanned: { measures: ['设置一米线', '晨会通报'], ownerId: 'head.haicheng', dueAt: DUE },
  FindingPlanProposed: { measures: ['设置一米线'], ownerId: 'head.haicheng', dueAt: DUE },
  FindingPlanApproved: { dueAt: DUE },
  FindingPlanRejected: { reason: '延期理由不充分' },
  FindingEscalated: { ...escalation, automatic: false },
  FindingReported: { report: '已设置', onSpot: true },
  FindingVerified: { comment: null },
  FindingCarriedOver: { comment: '仍未设置', dueAt: '2026-05-01T00:00:00Z' },
  FindingClosed: {},
  FindingCancelled: { complaintId: 'c-1', reason: '经调阅监控，柜员已履行告知义务' },
  FindingDeadlineNoticeIssued: { clockId: 'rectify', dueAt: '2026-04-01T00:00:00Z', unitId: 'anshan-haicheng-yys' },
  InspectionOpened: { inspectionId: 'i-1', kind: 'mystery_shopper', unitId: 'anshan-haicheng', scope: '柜面服务' },
  InspectionItemsRecorded: {
    results: [
      { itemId: 'greeting', outcome: 'fail', deducted: 3, note: null, findingId: null },
      { itemId: 'dress', outcome: 'pass', deducted: 0, note: null, findingId: null },
    ],
  },
  InspectionFindingAdded: { findingId: 'f-1' },
  FindingFannedOut: { children: [{ findingId: 'f-1-1', unitId: 'anshan-daoxi' }] },
  FindingChildClosed: { findingId: 'f-1-1' },
  FindingProgressRecorded: { milestone: 1, note: '已采购一米线', completed: true },
  InspectionReported: { report: '一米线未设置，已整改', reportsTo: 'anshan-haicheng' },
  InspectionClosed: { summary: null },
  ViolationRecorded: { violationId: 'v-1', staffId: 'E10001', unitId: 'anshan-haicheng', rule: { category: 'attitude' }, description: '态度冷漠' },
  ViolationPenaltyDecided: { points: 3, amountFen: 20000, reason: '首次违规', decidedAtUnitId: 'anshan', appealUnitId: 'hq' },
  ViolationAppealed: { grounds: '当日系统故障', toUnitId: 'anshan' },
  ViolationAppealUpheld: { reason: '证据充分' },
  ViolationPenaltyChanged: { points: null, amountFen: 10000, reason: '情节较轻' },
  ViolationAnnulled: { reason: '监控显示非本人' },
  ClockStarted: { ...definition, clockId: 'reply@L1', target: 'reply', level: 1, startedAt: meta.occurredAt, dueAt: DUE },
  ClockPaused: { clockId: 'reply', reason: 'external_appraisal', pausedAt: DUE },
  ClockResumed: { clockId: 'reply', resumedAt: DUE, pausedMs: 1000, dueAt: DUE },
  ClockExtended: { clockId: 'decide', approverId: 'supervisor.anshan', approverUnitId: 'anshan', reason: '案情复杂', customerNotifiedAt: DUE, duration: 'P30D', dueAt: DUE },
  ClockReset: { clockId: 'reply', reason: '客户补充了新的事实', startedAt: DUE, dueAt: DUE },
  ClockRecalculated: { ...definition, clockId: 'reply', reason: 'reclassified', startedAt: DUE, pausedMs: 0, dueAt: DUE },
  ClockWarningRaised: { clockId: 'reply', threshold: 0.5, raisedAt: DUE, lateByMs: 0 },
  ClockBreached: { clockId: 'reply', breachedAt: DUE, lateByMs: 500 },
  ClockStopped: { clockId: 'reply', stoppedAt: DUE, outcome: 'breached' },
  CircularDrafted: {
    circularId: 'tb-1',
    kind: 'circular',
    title: '关于三季度服务检查后两名网点的通报',
    content: '予以通报。',
    unitId: 'anshan',
    recipientUnitIds: ['anshan-haicheng'],
    source: { kind: 'ranking', reference: '/reports/scores?period=2026-Q3', rows: [{ unitId: 'anshan-haicheng', rank: 5 }] },
  },
  CircularEdited: { title: '关于三季度服务检查排名的通报', recipientUnitIds: ['anshan-haicheng'] },
  CircularIssued: { recipientUnitIds: ['anshan-haicheng', 'anshan'] },
  CircularAcknowledged: { unitId: 'anshan-haicheng' },
  CircularWithdrawn: { reason: '排名数据有误' },
};

/** Every event type the machines and the clock fold know: a new one without a summary fails here. */
const EVENT_TYPES = [
  ...complaintDecider.eventTypes,
  ...findingDecider.eventTypes,
  ...inspectionDecider.eventTypes,
  ...violationDecider.eventTypes,
  ...circularDecider.eventTypes,
  ...CLOCK_EVENT_TYPES,
];
const HAN = /\p{Script=Han}/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

describe('event summaries', () => {
  it('derives a long enough list of event types from the code', () => {
    expect(new Set(EVENT_TYPES).size).toBeGreaterThanOrEqual(29);
  });

  it.each(EVENT_TYPES)('summarizes %s in Chinese and in English', (type) => {
    expect(hasSummary(type)).toBe(true);
    const data = SAMPLES[type];
    expect({ type, sampled: data !== undefined }).toEqual({ type, sampled: true });
    const summary = summarizeEvent({ type, data: { ...data, ...meta } }, unitNames);
    expect(summary.zh).toMatch(HAN);
    expect(summary.en).toMatch(PRINTABLE_ASCII);
    for (const text of [summary.zh, summary.en]) expect(text).not.toMatch(/undefined|NaN|\[object/);
  });

  it('names the units of an escalation from the org tree and tells automatic from confirmed escalations', () => {
    expect(summarizeEvent({ type: 'ComplaintEscalated', data: SAMPLES.ComplaintEscalated }, unitNames)).toEqual({
      zh: '自动上报至鞍山分行（第2级）',
      en: 'Escalated automatically to Anshan Branch (level 2)',
    });
    expect(summarizeEvent({ type: 'FindingEscalated', data: SAMPLES.FindingEscalated }, unitNames)).toEqual({
      zh: '上报至鞍山分行（第2级）',
      en: 'Escalated to Anshan Branch (level 2)',
    });
  });

  it('tells a responsibility override and the finding it cancels, never naming the employee complained about', () => {
    const summary = summarizeEvent({ type: 'ComplaintResponsibilityDecided', data: SAMPLES.ComplaintResponsibilityDecided }, unitNames);
    expect(summary).toEqual({
      zh: '责任认定：改判（原拟有效投诉）为客户责任（第1次答复），撤销整改 c-1-r1',
      en: "Responsibility overridden (proposed: valid complaint) as customer's responsibility (reply 1); finding c-1-r1 cancelled",
    });
    expect(JSON.stringify(summary)).not.toContain('E10001');
  });

  it('spells out replies, warnings and stops', () => {
    expect(summarizeEvent({ type: 'ComplaintReplied', data: SAMPLES.ComplaintReplied }, unitNames)).toEqual({
      zh: '第2次答复客户（拟认定有效投诉）',
      en: 'Replied to the customer (reply 2, proposed valid complaint)',
    });
    expect(summarizeEvent({ type: 'ClockWarningRaised', data: SAMPLES.ClockWarningRaised }, unitNames).en).toBe('Warning: the reply clock has used 50% of its time');
    expect(summarizeEvent({ type: 'ClockStopped', data: SAMPLES.ClockStopped }, unitNames).zh).toBe('停止计时：答复客户时限（逾期完成）');
  });

  it('names clocks in words and their deadlines in Beijing time, never as ids and UTC instants', () => {
    // 09:00 UTC is 17:00 in Asia/Shanghai; reply@L1 is the reply clock one level up.
    expect(summarizeEvent({ type: 'ClockStarted', data: SAMPLES.ClockStarted }, unitNames)).toEqual({
      zh: '开始计时：答复客户时限（第1级），2026-11-23 17:00 到期',
      en: 'The reply clock started (level 1), due 2026-11-23 17:00',
    });
    expect(summarizeEvent({ type: 'ClockExtended', data: SAMPLES.ClockExtended }, unitNames).zh).toBe('延长办结时限至共 P30D，2026-11-23 17:00 到期（supervisor.anshan 批准）');
    expect(bankTime('2026-12-31T16:30:00.000Z')).toBe('2027-01-01 00:30');
  });

  it('describes filed evidence by kind, type and size, never by its file name', () => {
    const personal = { ...SAMPLES.EvidenceAttached, evidenceKind: 'letter_scan', contentType: 'application/pdf', personalData: true, fileName: '陈某身份证.pdf' };
    expect(summarizeEvent({ type: 'EvidenceAttached', data: personal }, unitNames)).toEqual({
      zh: '存档信函扫描件（application/pdf，2048 字节，含个人信息）',
      en: 'Filed a letter scan (application/pdf, 2048 bytes, holds personal data)',
    });
  });

  it('spells a penalty out in points and yuan, never the employee by name', () => {
    expect(summarizeEvent({ type: 'ViolationPenaltyDecided', data: SAMPLES.ViolationPenaltyDecided }, unitNames)).toEqual({
      zh: '作出处罚：扣 3 分、罚款 200.00 元',
      en: 'Penalty decided: 3 point(s) deducted and a fine of 200.00 yuan',
    });
    expect(summarizeEvent({ type: 'ViolationPenaltyChanged', data: SAMPLES.ViolationPenaltyChanged }, unitNames).zh).toBe('申诉复核：处罚变更为罚款 100.00 元');
  });

  it('names an unknown event type as it is rather than failing', () => {
    expect(summarizeEvent({ type: 'SomethingLater', data: {} }, unitNames)).toEqual({ zh: 'SomethingLater', en: 'SomethingLater' });
  });

  it('gives the reason of events that have one, and null otherwise', () => {
    expect(reasonOf({ type: 'ComplaintEscalated', data: SAMPLES.ComplaintEscalated })).toBe('SLA breach');
    expect(reasonOf({ type: 'ComplaintReopened', data: SAMPLES.ComplaintReopened })).toBe('客户仍不满意');
    expect(reasonOf({ type: 'ClockExtended', data: SAMPLES.ClockExtended })).toBe('案情复杂');
    expect(reasonOf({ type: 'ComplaintAssigned', data: SAMPLES.ComplaintAssigned })).toBeNull();
  });
});
