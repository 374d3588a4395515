import { CommandNotAllowedError, ForbiddenByRoleError, FourEyesViolationError, InvalidCommandError, UnsupportedSchemaVersionError } from '../shared/errors';
import type { StoredEvent } from '../shared/event-envelope';
import { spec } from '../testing/decider-specification';
import { BRANCH, HQ, OUTLET, SUB_BRANCH, T0, actorWith, evidenceVariant, minutesAfterT0 } from '../testing/fixtures';
import type { RaiseFinding } from './finding.commands';
import { findingDecider } from './finding.decider';
import { toFindingView } from './finding.view';

const inspector = actorWith('inspector', 'qian');
const otherInspector = actorWith('inspector', 'sun');
const handler = actorWith('handler', 'zhang');
const unitHead = actorWith('unit_head', 'wang');
const sla = actorWith('system', 'sla');

const raise: RaiseFinding = {
  type: 'raise',
  findingId: 'f-1',
  source: { kind: 'inspection', inspectionId: 'i-1' },
  unitId: OUTLET,
  category: 'internal_control',
  description: '未按时核库',
  severity: 'major',
  mode: 'deadline',
  dueAt: minutesAfterT0(60 * 24 * 30),
};
const onSpotRaise: RaiseFinding = { ...raise, mode: 'on_spot', dueAt: undefined };
const plan = { type: 'plan', measures: ['每日核库', '主管签字'], ownerId: 'wang', dueAt: minutesAfterT0(60 * 24 * 14) } as const;
const finding = spec(findingDecider);
const ofType = (type: string) => expect.objectContaining({ type });

const raised = () =>
  finding
    .given()
    .when(raise, inspector)
    .then([ofType('FindingRaised')]).history;
const planned = () =>
  finding
    .given(raised())
    .when(plan, unitHead)
    .then([ofType('FindingPlanned')]).history;
const reported = () =>
  finding
    .given(planned())
    .when({ type: 'report', report: '已整改' }, handler)
    .then([ofType('FindingReported')]).history;

// A finding as the first release stored it (schemaVersion 1), planned and reported: written out rather than decided.
const reportedByFirstRelease: StoredEvent[] = [
  {
    type: 'FindingRaised',
    schemaVersion: 1,
    data: {
      findingId: 'f-0',
      source: { kind: 'inspection', inspectionId: 'i-0' },
      unitId: OUTLET,
      atHeadOffice: false,
      category: 'internal_control',
      description: '未按时核库',
      severity: 'minor',
      mode: 'deadline',
      occurredAt: T0,
      actorId: 'qian',
    },
  },
  { type: 'FindingPlanned', schemaVersion: 1, data: { measures: ['每日核库'], ownerId: 'wang', dueAt: minutesAfterT0(60 * 24 * 14), occurredAt: T0, actorId: 'wang' } },
  { type: 'FindingReported', schemaVersion: 1, data: { report: '已整改', onSpot: false, occurredAt: T0, actorId: 'zhang' } },
];

describe('finding decider', () => {
  it('runs the deadline path raised → planned → replied → verified → closed', () => {
    const history = raised();
    expect(toFindingView(findingDecider.fold(history))).toMatchObject({
      state: 'received',
      inspectionId: 'i-1',
      complaintId: null,
      allowedCommands: ['plan', 'escalate', 'issue-deadline-notice', 'attach-evidence'],
    });
    const withPlan = finding
      .given(history)
      .when(plan, unitHead)
      .then([ofType('FindingPlanned')]);
    expect(toFindingView(withPlan.state)).toMatchObject({ state: 'planned', plan: { measures: ['每日核库', '主管签字'], ownerId: 'wang' } });
    const reported = finding
      .given(withPlan.history)
      .when({ type: 'report', report: '已建立核库登记' }, handler)
      .then([ofType('FindingReported')]);
    const verified = finding
      .given(reported.history)
      .when({ type: 'verify', passed: true }, inspector)
      .then([ofType('FindingVerified')]);
    const closed = finding
      .given(verified.history)
      .when({ type: 'close' }, unitHead)
      .then([ofType('FindingClosed')]);
    expect(toFindingView(closed.state)).toMatchObject({ state: 'closed', carryOverCount: 0, report: { report: '已建立核库登记', actorId: 'zhang' }, allowedCommands: [] });
  });

  it('does not take a rectification report before there is a plan', () => {
    finding.given(raised()).when({ type: 'report', report: '已整改' }, handler).thenThrows(CommandNotAllowedError);
  });

  it('sends an on-the-spot fix straight to replied, still awaiting re-inspection by someone else', () => {
    const onSpot = finding
      .given()
      .when({ ...onSpotRaise, onSpotReport: '柜员已当场签退' }, inspector)
      .then([ofType('FindingRaised'), ofType('FindingReported')]);
    expect(toFindingView(onSpot.state)).toMatchObject({ state: 'replied', report: { onSpot: true } });
    finding.given(onSpot.history).when({ type: 'verify', passed: true }, inspector).thenThrows(FourEyesViolationError);
    const verified = finding
      .given(onSpot.history)
      .when({ type: 'verify', passed: true }, otherInspector)
      .then([ofType('FindingVerified')]);
    expect(toFindingView(verified.state).state).toBe('verified');
  });

  it('names the employee responsible when the inspector gives one, and nobody otherwise', () => {
    const named = finding
      .given()
      .when({ ...raise, staffId: 'E10001' }, inspector)
      .then([expect.objectContaining({ type: 'FindingRaised', data: expect.objectContaining({ staffId: 'E10001' }) })]);
    expect(toFindingView(named.state).staffId).toBe('E10001');
    expect(
      toFindingView(
        finding
          .given()
          .when(raise, inspector)
          .then([ofType('FindingRaised')]).state,
      ).staffId,
    ).toBeNull();
  });

  it('requires the on-spot report exactly for mode on_spot', () => {
    finding.given().when(onSpotRaise, inspector).thenThrows(InvalidCommandError);
    finding
      .given()
      .when({ ...raise, onSpotReport: 'x' }, inspector)
      .thenThrows(InvalidCommandError);
  });

  describe('the deadline (限期)', () => {
    it('is set by the inspector when raising, and shown on the finding', () => {
      expect(toFindingView(findingDecider.fold(raised()))).toMatchObject({ state: 'received', dueAt: raise.dueAt });
    });

    it('is required for a deadline finding from an inspection, and must be in the future', () => {
      finding
        .given()
        .when({ ...raise, dueAt: undefined }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'dueAt', message: expect.any(String) as string }] });
      finding
        .given()
        .when({ ...raise, dueAt: T0 }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'dueAt', message: 'must be in the future' }] });
    });

    it('is refused for a finding fixed on the spot', () => {
      finding
        .given()
        .when({ ...onSpotRaise, onSpotReport: '柜员已当场签退', dueAt: raise.dueAt }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'dueAt', message: 'is only for mode deadline' }] });
    });

    it('may be left out for a finding a valid complaint raises (the plan then sets the date)', () => {
      const fromComplaint = finding
        .given()
        .when({ ...raise, dueAt: undefined, source: { kind: 'complaint', complaintId: 'c-1' } }, actorWith('system', 'workflow'))
        .then([ofType('FindingRaised')]);
      expect(toFindingView(fromComplaint.state).dueAt).toBeNull();
    });

    it('is renewed when a re-inspection fails, and required then; a pass takes none', () => {
      const history = reported();
      finding
        .given(history)
        .when({ type: 'verify', passed: false, comment: '复查未通过' }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'dueAt', message: expect.any(String) as string }] });
      finding
        .given(history)
        .when({ type: 'verify', passed: true, dueAt: minutesAfterT0(60) }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'dueAt', message: 'is only for a failed re-inspection' }] });
      const renewed = minutesAfterT0(60 * 24 * 60);
      const carried = finding
        .given(history)
        .when({ type: 'verify', passed: false, comment: '复查未通过', dueAt: renewed }, inspector)
        .then([expect.objectContaining({ type: 'FindingCarriedOver', data: expect.objectContaining({ dueAt: renewed }) as unknown })]);
      expect(toFindingView(carried.state)).toMatchObject({ state: 'planned', dueAt: renewed, reinspections: [{ passed: false, comment: '复查未通过' }] });
    });
  });

  describe('the plan: cause analysis (问题解析) and milestones (时间节点)', () => {
    const milestones = [
      { text: '完成核库制度培训', dueAt: minutesAfterT0(60 * 24 * 3) },
      { text: '主管逐日签字满一周', dueAt: minutesAfterT0(60 * 24 * 10) },
    ];

    it('records both with the plan', () => {
      const withMilestones = finding
        .given(raised())
        .when({ ...plan, causeAnalysis: '主管未逐日检查', milestones }, unitHead)
        .then([ofType('FindingPlanned')]);
      expect(toFindingView(withMilestones.state).plan).toMatchObject({ causeAnalysis: '主管未逐日检查', milestones });
    });

    it('refuses a milestone past the plan date or in the past, and an empty cause analysis, naming each', () => {
      const error = finding
        .given(raised())
        .when(
          {
            ...plan,
            causeAnalysis: ' ',
            milestones: [
              { text: '晚了', dueAt: minutesAfterT0(60 * 24 * 15) },
              { text: '过去', dueAt: T0 },
            ],
          },
          unitHead,
        )
        .thenThrows(InvalidCommandError);
      expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['causeAnalysis', 'milestones[0].dueAt', 'milestones[1].dueAt']);
    });
  });

  describe("a plan beyond the deadline needs the inspector's approval", () => {
    const beyond = { ...plan, dueAt: minutesAfterT0(60 * 24 * 45) };
    const proposed = () =>
      finding
        .given(raised())
        .when(beyond, unitHead)
        .then([ofType('FindingPlanProposed')]).history;

    it('is proposed, not in force, until approved; approval makes its date the deadline', () => {
      expect(toFindingView(findingDecider.fold(proposed()))).toMatchObject({ state: 'planPending', plan: null, proposedPlan: { dueAt: beyond.dueAt }, dueAt: raise.dueAt });
      finding.given(proposed()).when({ type: 'report', report: '已整改' }, handler).thenThrows(CommandNotAllowedError);
      finding.given(proposed()).when({ type: 'approve-plan' }, unitHead).thenThrows(ForbiddenByRoleError);
      const approved = finding
        .given(proposed())
        .when({ type: 'approve-plan' }, inspector)
        .then([ofType('FindingPlanApproved')]);
      expect(toFindingView(approved.state)).toMatchObject({ state: 'planned', plan: { dueAt: beyond.dueAt }, proposedPlan: null, dueAt: beyond.dueAt });
    });

    it('once refused leaves the deadline and the plan in force as they were', () => {
      const replan = finding
        .given(planned())
        .when(beyond, unitHead)
        .then([ofType('FindingPlanProposed')]).history;
      const rejected = finding
        .given(replan)
        .when({ type: 'reject-plan', reason: '延期理由不充分' }, inspector)
        .then([ofType('FindingPlanRejected')]);
      expect(toFindingView(rejected.state)).toMatchObject({ state: 'planned', plan: { dueAt: plan.dueAt }, proposedPlan: null, dueAt: raise.dueAt });
      const fromReceived = finding
        .given(proposed())
        .when({ type: 'reject-plan', reason: '延期理由不充分' }, inspector)
        .then([ofType('FindingPlanRejected')]);
      expect(toFindingView(fromReceived.state).state).toBe('received');
    });

    it('is not needed within the deadline, nor for a finding without one', () => {
      finding
        .given(raised())
        .when(plan, unitHead)
        .then([ofType('FindingPlanned')]);
      const fromComplaint = finding
        .given()
        .when({ ...raise, dueAt: undefined, source: { kind: 'complaint', complaintId: 'c-1' } }, actorWith('system', 'workflow'))
        .then([ofType('FindingRaised')]).history;
      finding
        .given(fromComplaint)
        .when(beyond, unitHead)
        .then([ofType('FindingPlanned')]);
    });
  });

  describe('the deadline notice (限期整改通知)', () => {
    const notice = { type: 'issue-deadline-notice', clockId: 'rectify', dueAt: raise.dueAt! } as const;

    it('is issued by the SLA to the unit responsible now, as a record, without moving the finding', () => {
      const issued = finding
        .given(planned())
        .when(notice, sla)
        .then([ofType('FindingDeadlineNoticeIssued')]);
      expect(toFindingView(issued.state)).toMatchObject({ state: 'planned', deadlineNotices: [{ clockId: 'rectify', dueAt: raise.dueAt, unitId: OUTLET, actorId: 'sla' }] });
    });

    it("is the SLA's alone, and not for a finding already reported", () => {
      finding.given(planned()).when(notice, actorWith('supervisor', 'wang')).thenThrows(ForbiddenByRoleError);
      finding.given(reported()).when(notice, sla).thenThrows(CommandNotAllowedError);
    });
  });

  it('carries a failed re-inspection back to planned and counts it', () => {
    let history = planned();
    for (const round of [1, 2]) {
      history = finding
        .given(history)
        .when({ type: 'report', report: `第${round}次整改` }, handler)
        .then([ofType('FindingReported')]).history;
      const failed = finding
        .given(history)
        .when({ type: 'verify', passed: false, comment: '复查未通过', dueAt: minutesAfterT0(60 * 24 * 30 * (round + 1)) }, inspector)
        .then([ofType('FindingCarriedOver')]);
      expect(toFindingView(failed.state)).toMatchObject({ state: 'planned', carryOverCount: round });
      history = failed.history;
    }
    finding
      .given(history)
      .when({ type: 'verify', passed: false } as never, inspector)
      .thenThrows(CommandNotAllowedError);
  });

  it('needs a reason when re-inspection fails', () => {
    finding
      .given(reported())
      .when({ type: 'verify', passed: false, dueAt: minutesAfterT0(60 * 24 * 60) }, inspector)
      .thenThrows(InvalidCommandError, { issues: [{ field: 'comment', message: 'must be a non-empty string', zh: '不能为空' }] });
  });

  it('refuses a plan due in the past and a plan without measures', () => {
    const error = finding
      .given(raised())
      .when({ ...plan, measures: [], dueAt: '2020-01-01T00:00:00Z' }, unitHead)
      .thenThrows(InvalidCommandError);
    expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['measures', 'dueAt']);
  });

  it('refuses re-inspection by the reporter (four-eyes) and by a non-inspector (role gate)', () => {
    const reported = finding
      .given(planned())
      .when({ type: 'report', report: '已整改' }, unitHead)
      .then([ofType('FindingReported')]).history;
    finding.given(reported).when({ type: 'verify', passed: true }, handler).thenThrows(ForbiddenByRoleError);
    finding.given(reported).when({ type: 'verify', passed: true }, actorWith('supervisor', 'wang')).thenThrows(FourEyesViolationError);
  });

  it('escalates up the tree to head office and no further, keeping the plan', () => {
    let history = planned();
    for (const [level, unit] of [SUB_BRANCH, BRANCH, HQ].entries()) {
      const escalated = finding
        .given(history)
        .when({ type: 'escalate', reason: 'overdue' }, sla)
        .then([ofType('FindingEscalated')]);
      expect(toFindingView(escalated.state)).toMatchObject({ state: 'escalated', escalationLevel: level + 1, responsibleUnitId: unit });
      history = escalated.history;
    }
    expect(toFindingView(findingDecider.fold(history)).allowedCommands).toEqual(['plan', 'report', 'issue-deadline-notice', 'attach-evidence']);
    const reported = finding
      .given(history)
      .when({ type: 'report', report: '已整改' }, handler)
      .then([ofType('FindingReported')]);
    expect(toFindingView(reported.state)).toMatchObject({ state: 'replied', escalationLevel: 3 });
  });

  it('keeps photos of the rectification from the unit and the inspector, once per file, until it is closed', () => {
    const photo = { ...evidenceVariant(0), contentType: 'image/jpeg', fileName: '一米线整改后.jpg', evidenceKind: 'photo' } as const;
    const { state, history } = finding
      .given(raised())
      .when(photo, handler)
      .then([ofType('EvidenceAttached')]);
    expect(toFindingView(state).attachments).toEqual([expect.objectContaining({ sha256: photo.sha256, fileName: '一米线整改后.jpg', erased: false, actorId: 'zhang' })]);
    finding
      .given(history)
      .when({ ...photo, fileName: 'again.jpg' }, inspector)
      .then([]);
    finding.given(history).when(photo, actorWith('auditor', 'audit')).thenThrows(ForbiddenByRoleError);
  });

  it('links back to the complaint it was raised from', () => {
    const raisedFromComplaint = finding
      .given()
      .when({ ...raise, findingId: 'c-1-r1', source: { kind: 'complaint', complaintId: 'c-1' } }, actorWith('system', 'workflow'))
      .then([ofType('FindingRaised')]);
    expect(toFindingView(raisedFromComplaint.state)).toMatchObject({ id: 'c-1-r1', complaintId: 'c-1', inspectionId: null });
  });

  describe("cancelled when its complaint is found the customer's responsibility (责任认定)", () => {
    const system = actorWith('system', 'workflow');
    const cancel = { type: 'cancel', complaintId: 'c-1', reason: '经调阅监控，柜员已履行告知义务' } as const;
    const fromComplaint = () =>
      finding
        .given()
        .when({ ...raise, findingId: 'c-1-r1', source: { kind: 'complaint', complaintId: 'c-1' } }, system)
        .then([ofType('FindingRaised')]).history;

    it('is recorded by the system, never deleted, and ends the finding', () => {
      finding.given(fromComplaint()).when(cancel, inspector).thenThrows(ForbiddenByRoleError);
      const { state, history } = finding
        .given(fromComplaint())
        .when(cancel, system)
        .then([expect.objectContaining({ type: 'FindingCancelled', data: expect.objectContaining({ complaintId: 'c-1', reason: cancel.reason }) })]);
      expect(history.map((event) => event.type)).toEqual(['FindingRaised', 'FindingCancelled']);
      expect(toFindingView(state)).toMatchObject({ state: 'cancelled', cancellation: { complaintId: 'c-1' }, allowedCommands: [] });
      finding.given(history).when(plan, unitHead).thenThrows(CommandNotAllowedError);
    });

    it('never applies to a finding from an inspection', () => {
      finding.given(raised()).when(cancel, system).thenThrows(CommandNotAllowedError);
    });
  });

  it('refuses a handler raising findings', () => {
    finding.given().when(raise, handler).thenThrows(ForbiddenByRoleError);
  });

  describe('given a history stored by the first release', () => {
    it('has no case number, since it predates them; a number in the creation event is shown', () => {
      expect(toFindingView(findingDecider.fold(reportedByFirstRelease)).number).toBeNull();
      const numbered = reportedByFirstRelease.map((event) =>
        event.type === 'FindingRaised' ? { ...event, data: { ...(event.data as object), number: 'ZG-2024-000001' } } : event,
      );
      expect(toFindingView(findingDecider.fold(numbered)).number).toBe('ZG-2024-000001');
    });

    it('re-inspects and closes it as today, four-eyes included', () => {
      finding.given(reportedByFirstRelease).when({ type: 'verify', passed: true }, actorWith('supervisor', 'zhang')).thenThrows(FourEyesViolationError);
      const verified = finding
        .given(reportedByFirstRelease)
        .when({ type: 'verify', passed: true }, inspector)
        .then([ofType('FindingVerified')]);
      const closed = finding
        .given(verified.history)
        .when({ type: 'close' }, unitHead)
        .then([ofType('FindingClosed')]);
      expect(toFindingView(closed.state)).toMatchObject({ id: 'f-0', state: 'closed', plan: { measures: ['每日核库'] }, report: { report: '已整改', actorId: 'zhang' } });
    });

    it('refuses the stream when one of its events was written by a newer schema', () => {
      const newer = reportedByFirstRelease.map((event, index) => (index === 2 ? { ...event, schemaVersion: 2 } : event));
      finding.given(newer).when({ type: 'verify', passed: true }, inspector).thenThrows(UnsupportedSchemaVersionError, { eventType: 'FindingReported', schemaVersion: 2 });
    });
  });
});
