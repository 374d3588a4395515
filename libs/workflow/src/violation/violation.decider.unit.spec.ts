import { CommandNotAllowedError, FourEyesViolationError, ForbiddenByRoleError, InvalidCommandError, NotResponsibleUnitError } from '../shared/errors';
import { spec } from '../testing/decider-specification';
import { BRANCH, HQ, OUTLET, SUB_BRANCH, actorWith } from '../testing/fixtures';
import type { RecordViolation } from './violation.commands';
import { violationDecider } from './violation.decider';
import { toViolationView } from './violation.view';

const inspector = { ...actorWith('inspector', 'sun'), unitId: BRANCH };
const branchSupervisor = { ...actorWith('supervisor', 'zhao'), unitId: BRANCH };
const headOfficeSupervisor = { ...actorWith('supervisor', 'chen'), unitId: HQ };
const unitHead = { ...actorWith('unit_head', 'zhang'), unitId: SUB_BRANCH };
const record: RecordViolation = {
  type: 'record',
  violationId: 'v-1',
  staffId: 'E10001',
  unitId: OUTLET,
  rule: { category: 'attitude' },
  description: '对客户态度冷漠、不耐烦',
  complaintId: 'c-1',
};
const violation = spec(violationDecider);
const recorded = () =>
  violation
    .given()
    .when(record, inspector)
    .then([
      {
        type: 'ViolationRecorded',
        schemaVersion: 1,
        data: expect.objectContaining({ violationId: 'v-1', staffId: 'E10001', unitId: OUTLET, rule: { category: 'attitude' }, complaintId: 'c-1', actorId: 'sun' }),
      },
    ]).history;
const penalised = () =>
  violation
    .given(recorded())
    .when({ type: 'decide-penalty', points: 3, amountFen: 20_000, reason: '造成客户投诉' }, branchSupervisor)
    .then([
      expect.objectContaining({ type: 'ViolationPenaltyDecided', data: expect.objectContaining({ points: 3, amountFen: 20_000, decidedAtUnitId: BRANCH, appealUnitId: HQ }) }),
    ]).history;
const appealed = () =>
  violation
    .given(penalised())
    .when({ type: 'appeal', grounds: '当日排队系统故障，非本人原因' }, unitHead)
    .then([expect.objectContaining({ type: 'ViolationAppealed', data: expect.objectContaining({ toUnitId: HQ }) })]).history;

describe('violation decider', () => {
  it('records a violation with its rule and link, awaiting the penalty of a supervisor', () => {
    const { state } = violation
      .given()
      .when(record, inspector)
      .then([expect.objectContaining({ type: 'ViolationRecorded' })]);
    expect(toViolationView(state, branchSupervisor)).toMatchObject({
      id: 'v-1',
      kind: 'violation',
      state: 'recorded',
      staffId: 'E10001',
      complaintId: 'c-1',
      findingId: null,
      penalty: null,
      allowedCommands: ['decide-penalty', 'attach-evidence'],
    });
    violation
      .given(recorded())
      .when({ type: 'decide-penalty', points: 3, reason: '—' }, { ...unitHead })
      .thenThrows(ForbiddenByRoleError);
  });

  it('refuses a record without rule or description, naming each field', () => {
    violation
      .given()
      .when({ ...record, rule: { category: '' }, description: ' ', unitId: 'nowhere' }, inspector)
      .thenThrows(InvalidCommandError, {
        issues: expect.arrayContaining([
          expect.objectContaining({ field: 'rule.category' }),
          expect.objectContaining({ field: 'description' }),
          expect.objectContaining({ field: 'unitId' }),
        ]),
      });
  });

  it('takes points and/or a fine in whole fen, at least one of them', () => {
    violation
      .given(recorded())
      .when({ type: 'decide-penalty', reason: '首次违规' }, branchSupervisor)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'points' })] });
    violation
      .given(recorded())
      .when({ type: 'decide-penalty', points: 0.5, amountFen: -100, reason: '首次违规' }, branchSupervisor)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'points' }), expect.objectContaining({ field: 'amountFen' })] });
    const fined = violation
      .given(recorded())
      .when({ type: 'decide-penalty', amountFen: 5_000, reason: '首次违规' }, branchSupervisor)
      .then([expect.objectContaining({ data: expect.objectContaining({ points: null, amountFen: 5_000 }) })]);
    expect(toViolationView(fined.state).penalty).toEqual({ points: null, amountFen: 5_000 });
  });

  it('is appealable once, to the unit above the one that decided, whose supervisor decides it', () => {
    const history = appealed();
    violation.given(history).when({ type: 'appeal', grounds: '再次申诉' }, unitHead).thenThrows(CommandNotAllowedError);
    // Not the deciding unit again, nor the supervisor who decided.
    violation.given(history).when({ type: 'decide-appeal', outcome: 'annulled', reason: '—' }, branchSupervisor).thenThrows(FourEyesViolationError);
    violation
      .given(history)
      .when({ type: 'decide-appeal', outcome: 'annulled', reason: '—' }, { ...branchSupervisor, id: 'other' })
      .thenThrows(NotResponsibleUnitError);
    const changed = violation
      .given(history)
      .when({ type: 'decide-appeal', outcome: 'changed', points: 1, reason: '情节较轻' }, headOfficeSupervisor)
      .then([expect.objectContaining({ type: 'ViolationPenaltyChanged', data: expect.objectContaining({ points: 1, amountFen: null, reason: '情节较轻' }) })]);
    expect(toViolationView(changed.state)).toMatchObject({
      state: 'settled',
      penalty: { points: 1, amountFen: null },
      appealDecision: { outcome: 'changed' },
      allowedCommands: [],
    });
  });

  it('upholds or annuls on appeal; an annulled violation has no penalty in force', () => {
    const history = appealed();
    violation
      .given(history)
      .when({ type: 'decide-appeal', outcome: 'upheld', reason: '证据充分', points: 2 }, headOfficeSupervisor)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'points' })] });
    const upheld = violation
      .given(history)
      .when({ type: 'decide-appeal', outcome: 'upheld', reason: '证据充分' }, headOfficeSupervisor)
      .then([expect.objectContaining({ type: 'ViolationAppealUpheld' })]);
    expect(toViolationView(upheld.state).penalty).toEqual({ points: 3, amountFen: 20_000 });
    const annulled = violation
      .given(history)
      .when({ type: 'decide-appeal', outcome: 'annulled', reason: '监控显示非本人' }, headOfficeSupervisor)
      .then([expect.objectContaining({ type: 'ViolationAnnulled' })]);
    expect(toViolationView(annulled.state)).toMatchObject({ state: 'annulled', penalty: null });
  });

  it('offers no appeal against a penalty decided at head office, which has no unit above', () => {
    const decidedAtHeadOffice = violation
      .given(recorded())
      .when({ type: 'decide-penalty', points: 2, reason: '首次违规' }, headOfficeSupervisor)
      .then([expect.objectContaining({ data: expect.objectContaining({ appealUnitId: null }) })]);
    expect(toViolationView(decidedAtHeadOffice.state, unitHead).allowedCommands).toEqual(['attach-evidence']);
    violation.given(decidedAtHeadOffice.history).when({ type: 'appeal', grounds: '不服' }, unitHead).thenThrows(CommandNotAllowedError);
  });
});
