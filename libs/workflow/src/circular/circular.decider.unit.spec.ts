import { CommandNotAllowedError, ForbiddenByRoleError, InvalidCommandError, NotResponsibleUnitError } from '../shared/errors';
import { spec } from '../testing/decider-specification';
import { BRANCH, OTHER_SUB_BRANCH, OUTLET, SUB_BRANCH, actorWith, evidenceVariant } from '../testing/fixtures';
import type { CircularCommand } from './circular.commands';
import { circularDecider } from './circular.decider';
import { circularReaderUnitIds, toCircularView } from './circular.view';

const supervisor = { ...actorWith('supervisor', 'zhou'), unitId: BRANCH };
const inspector = { ...actorWith('inspector', 'qian'), unitId: BRANCH };
const outletHandler = actorWith('handler', 'li');
const tiedongHead = { ...actorWith('unit_head', 'wang'), unitId: OTHER_SUB_BRANCH };
const draft: CircularCommand = {
  type: 'draft',
  circularId: 'tb-1',
  kind: 'circular',
  title: '关于三季度服务检查后两名网点的通报',
  content: '海城支行营业室、铁东支行分理处得分居后两名，予以通报。',
  recipientUnitIds: [OUTLET, OTHER_SUB_BRANCH],
  source: { kind: 'ranking', reference: '/reports/scores?period=2026-Q3&unitId=br-anshan&level=outlet', rows: [{ unitId: OUTLET, rank: 11, score: 72.5 }] },
};
const circular = spec(circularDecider);
const drafted = () =>
  circular
    .given()
    .when(draft, inspector)
    .then([expect.objectContaining({ type: 'CircularDrafted', data: expect.objectContaining({ unitId: BRANCH, source: draft.source }) })]).history;
const issued = () =>
  circular
    .given(drafted())
    .when({ type: 'issue' }, supervisor)
    .then([expect.objectContaining({ type: 'CircularIssued', data: expect.objectContaining({ recipientUnitIds: [OUTLET, OTHER_SUB_BRANCH] }) })]).history;

describe('circular decider', () => {
  it('is drafted at the drafter’s unit with a snapshot of its ranking, edited and given a file while a draft, unseen by its recipients', () => {
    const edited = circular
      .given(drafted())
      .when({ type: 'edit', title: '关于三季度服务检查排名的通报', recipientUnitIds: [OUTLET] }, inspector)
      .then([expect.objectContaining({ type: 'CircularEdited', data: expect.objectContaining({ title: '关于三季度服务检查排名的通报', recipientUnitIds: [OUTLET] }) })]);
    // Nothing changed, nothing recorded.
    circular.given(edited.history).when({ type: 'edit', title: '关于三季度服务检查排名的通报' }, inspector).then([]);
    const filed = circular
      .given(edited.history)
      .when(evidenceVariant(0), inspector)
      .then([expect.objectContaining({ type: 'EvidenceAttached' })]);
    expect(toCircularView(filed.state, inspector)).toMatchObject({
      kind: 'circular',
      circularKind: 'circular',
      state: 'draft',
      unitId: BRANCH,
      recipientUnitIds: [OUTLET],
      awaitingUnitIds: [OUTLET],
      draftedBy: 'qian',
      attachments: [expect.objectContaining({ fileName: '投诉信函.pdf' })],
      allowedCommands: ['edit', 'attach-evidence'],
    });
    expect(circularReaderUnitIds(filed.state)).toEqual([]);
  });

  it('is issued by a supervisor only, then read by its recipients and no longer edited', () => {
    circular.given(drafted()).when({ type: 'issue' }, inspector).thenThrows(ForbiddenByRoleError);
    const history = issued();
    const state = circularDecider.fold(history);
    expect(circularReaderUnitIds(state)).toEqual([OUTLET, OTHER_SUB_BRANCH]);
    expect(toCircularView(state, supervisor)).toMatchObject({ state: 'issued', issue: { actorId: 'zhou' }, allowedCommands: ['withdraw'] });
    circular.given(history).when({ type: 'edit', content: '改' }, inspector).thenThrows(CommandNotAllowedError, { state: 'issued' });
    circular.given(history).when(evidenceVariant(0), inspector).thenThrows(CommandNotAllowedError);
  });

  it('takes one read receipt per recipient unit, from a member of staff of that unit', () => {
    const first = circular
      .given(issued())
      .when({ type: 'acknowledge' }, outletHandler)
      .then([expect.objectContaining({ type: 'CircularAcknowledged', data: expect.objectContaining({ unitId: OUTLET, actorId: 'li' }) })]);
    circular
      .given(first.history)
      .when({ type: 'acknowledge' }, { ...actorWith('unit_head', 'zhao') })
      .thenThrows(NotResponsibleUnitError, { conflict: expect.stringContaining('already') });
    // The sub-branch above the outlet is no recipient: it reads, it does not sign for the outlet.
    circular
      .given(first.history)
      .when({ type: 'acknowledge' }, { ...actorWith('unit_head', 'sun'), unitId: SUB_BRANCH })
      .thenThrows(NotResponsibleUnitError);
    const second = circular
      .given(first.history)
      .when({ type: 'acknowledge' }, tiedongHead)
      .then([expect.objectContaining({ type: 'CircularAcknowledged' })]);
    expect(toCircularView(second.state, tiedongHead)).toMatchObject({
      receipts: [expect.objectContaining({ unitId: OUTLET, actorId: 'li' }), expect.objectContaining({ unitId: OTHER_SUB_BRANCH, actorId: 'wang' })],
      awaitingUnitIds: [],
      allowedCommands: [],
    });
    expect(toCircularView(first.state, tiedongHead).allowedCommands).toEqual(['acknowledge']);
    circular
      .given(second.history)
      .when({ type: 'acknowledge' }, { ...actorWith('auditor'), unitId: OUTLET })
      .thenThrows(ForbiddenByRoleError);
  });

  it('is withdrawn with a reason by a supervisor, after which nobody acknowledges it', () => {
    circular
      .given(issued())
      .when({ type: 'withdraw', reason: ' ' }, supervisor)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'reason' })] });
    const withdrawn = circular
      .given(issued())
      .when({ type: 'withdraw', reason: '排名数据有误，另行通报' }, supervisor)
      .then([expect.objectContaining({ type: 'CircularWithdrawn' })]);
    expect(toCircularView(withdrawn.state)).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '排名数据有误，另行通报' } });
    circular.given(withdrawn.history).when({ type: 'acknowledge' }, outletHandler).thenThrows(CommandNotAllowedError);
  });

  it('names the withdrawn circular a new draft corrects', () => {
    const correction = circular
      .given()
      .when({ ...draft, circularId: 'tb-2', correctsId: 'tb-1' }, supervisor)
      .then([expect.objectContaining({ type: 'CircularDrafted', data: expect.objectContaining({ correctsId: 'tb-1' }) })]);
    expect(toCircularView(correction.state).correctsId).toBe('tb-1');
    expect(toCircularView(circularDecider.fold(drafted())).correctsId).toBeNull();
  });

  it('names every bad field of a draft at once', () => {
    const error = circular
      .given()
      .when(
        {
          type: 'draft',
          circularId: 'tb-9',
          kind: 'memo' as never,
          title: '',
          content: '内容',
          recipientUnitIds: [OUTLET, 'nowhere', OUTLET],
          source: { kind: 'ranking', reference: '/reports/scores', rows: [{ nested: { no: 1 } }] },
        },
        supervisor,
      )
      .thenThrows(InvalidCommandError) as InvalidCommandError;
    expect(error.issues.map((issue) => issue.field)).toEqual(['kind', 'title', 'recipientUnitIds[1]', 'recipientUnitIds[2]', 'source.rows[0]']);
    circular
      .given()
      .when({ ...draft, recipientUnitIds: [] }, supervisor)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'recipientUnitIds' })] });
    circular.given().when(draft, outletHandler).thenThrows(ForbiddenByRoleError);
  });
});
