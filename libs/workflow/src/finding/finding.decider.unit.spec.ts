import { CommandNotAllowedError, ForbiddenByRoleError, FourEyesViolationError, InvalidCommandError } from '../shared/errors';
import { BRANCH, HQ, OUTLET, SUB_BRANCH, actorWith, minutesAfterT0 } from '../testing/fixtures';
import { captureError, streamUnderTest } from '../testing/lifecycle-harness';
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
};
const plan = { type: 'plan', measures: ['每日核库', '主管签字'], ownerId: 'wang', dueAt: minutesAfterT0(60 * 24 * 14) } as const;

function raised() {
  const stream = streamUnderTest(findingDecider);
  stream.run(raise, inspector);
  return stream;
}

describe('finding decider', () => {
  it('runs the deadline path raised → planned → replied → verified → closed', () => {
    const stream = raised();
    expect(toFindingView(stream.state)).toMatchObject({ state: 'received', inspectionId: 'i-1', complaintId: null, allowedCommands: ['plan', 'escalate'] });
    stream.run(plan, unitHead);
    expect(toFindingView(stream.state)).toMatchObject({ state: 'planned', plan: { measures: ['每日核库', '主管签字'], ownerId: 'wang' } });
    stream.run({ type: 'report', report: '已建立核库登记' }, handler);
    stream.run({ type: 'verify', passed: true }, inspector);
    stream.run({ type: 'close' }, unitHead);
    expect(toFindingView(stream.state)).toMatchObject({ state: 'closed', carryOverCount: 0, report: { report: '已建立核库登记', actorId: 'zhang' }, allowedCommands: [] });
  });

  it('does not take a rectification report before there is a plan', () => {
    expect(() => raised().run({ type: 'report', report: '已整改' }, handler)).toThrow(CommandNotAllowedError);
  });

  it('sends an on-the-spot fix straight to replied, still awaiting re-inspection by someone else', () => {
    const stream = streamUnderTest(findingDecider);
    const events = stream.run({ ...raise, mode: 'on_spot', onSpotReport: '柜员已当场签退' }, inspector);
    expect(events.map((event) => event.type)).toEqual(['FindingRaised', 'FindingReported']);
    expect(toFindingView(stream.state)).toMatchObject({ state: 'replied', report: { onSpot: true } });
    expect(() => stream.run({ type: 'verify', passed: true }, inspector)).toThrow(FourEyesViolationError);
    stream.run({ type: 'verify', passed: true }, otherInspector);
    expect(toFindingView(stream.state).state).toBe('verified');
  });

  it('requires the on-spot report exactly for mode on_spot', () => {
    const stream = streamUnderTest(findingDecider);
    expect(() => stream.run({ ...raise, mode: 'on_spot' }, inspector)).toThrow(InvalidCommandError);
    expect(() => stream.run({ ...raise, onSpotReport: 'x' }, inspector)).toThrow(InvalidCommandError);
  });

  it('carries a failed re-inspection back to planned and counts it', () => {
    const stream = raised();
    stream.run(plan, unitHead);
    for (const round of [1, 2]) {
      stream.run({ type: 'report', report: `第${round}次整改` }, handler);
      stream.run({ type: 'verify', passed: false, comment: '复查未通过' }, inspector);
      expect(toFindingView(stream.state)).toMatchObject({ state: 'planned', carryOverCount: round });
    }
    expect(() => stream.run({ type: 'verify', passed: false } as never, inspector)).toThrow(CommandNotAllowedError);
  });

  it('needs a reason when re-inspection fails', () => {
    const stream = raised();
    stream.run(plan, unitHead);
    stream.run({ type: 'report', report: '已整改' }, handler);
    const error = captureError(() => stream.run({ type: 'verify', passed: false }, inspector));
    expect((error as InvalidCommandError).issues).toEqual([{ field: 'comment', message: 'must be a non-empty string' }]);
  });

  it('refuses a plan due in the past and a plan without measures', () => {
    const stream = raised();
    const error = captureError(() => stream.run({ ...plan, measures: [], dueAt: '2020-01-01T00:00:00Z' }, unitHead));
    expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['measures', 'dueAt']);
  });

  it('refuses re-inspection by the reporter (four-eyes) and by a non-inspector (role gate)', () => {
    const stream = raised();
    stream.run(plan, unitHead);
    stream.run({ type: 'report', report: '已整改' }, unitHead);
    expect(() => stream.run({ type: 'verify', passed: true }, handler)).toThrow(ForbiddenByRoleError);
    expect(() => stream.run({ type: 'verify', passed: true }, actorWith('supervisor', 'wang'))).toThrow(FourEyesViolationError);
  });

  it('escalates up the tree to head office and no further, keeping the plan', () => {
    const stream = raised();
    stream.run(plan, unitHead);
    for (const [level, unit] of [SUB_BRANCH, BRANCH, HQ].entries()) {
      stream.run({ type: 'escalate', reason: 'overdue' }, sla);
      expect(toFindingView(stream.state)).toMatchObject({ state: 'escalated', escalationLevel: level + 1, responsibleUnitId: unit });
    }
    expect(toFindingView(stream.state).allowedCommands).toEqual(['plan', 'report']);
    stream.run({ type: 'report', report: '已整改' }, handler);
    expect(toFindingView(stream.state)).toMatchObject({ state: 'replied', escalationLevel: 3 });
  });

  it('links back to the complaint it was raised from', () => {
    const stream = streamUnderTest(findingDecider);
    stream.run({ ...raise, findingId: 'c-1-r1', source: { kind: 'complaint', complaintId: 'c-1' } }, actorWith('system', 'workflow'));
    expect(toFindingView(stream.state)).toMatchObject({ id: 'c-1-r1', complaintId: 'c-1', inspectionId: null });
  });

  it('refuses a handler raising findings', () => {
    expect(() => streamUnderTest(findingDecider).run(raise, handler)).toThrow(ForbiddenByRoleError);
  });
});
