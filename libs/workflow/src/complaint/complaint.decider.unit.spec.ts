import {
  CommandNotAllowedError,
  EventRejectedError,
  ForbiddenByRoleError,
  FourEyesViolationError,
  InvalidCommandError,
  NotResponsibleUnitError,
  AggregateNotFoundError,
  UnsupportedSchemaVersionError,
} from '../shared/errors';
import type { StoredEvent } from '../shared/event-envelope';
import { spec } from '../testing/decider-specification';
import { BRANCH, HQ, OTHER_SUB_BRANCH, OUTLET, SUB_BRANCH, T0, actorWith, contextFor, minutesAfterT0 } from '../testing/fixtures';
import { streamUnderTest } from '../testing/lifecycle-harness';
import type { RegisterComplaint } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import { findingIdForComplaintReply } from './complaint.events';
import { DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE, LATEST_ENTRIES_SHOWN } from './complaint.machine';
import { toComplaintView } from './complaint.view';

const handler = actorWith('handler', 'zhang');
const otherHandler = actorWith('handler', 'li');
const unitHead = actorWith('unit_head', 'wang');
const supervisor = actorWith('supervisor', 'zhao');
const sla = actorWith('system', 'sla');

const registration: RegisterComplaint = {
  type: 'register',
  complaintId: 'c-1',
  channel: 'walk_in',
  caseType: 'complaint',
  category: 'attitude',
  customer: { name: '陈**', phone: '400-000-0000' },
  description: '柜员态度冷漠、不耐烦',
  unitId: OUTLET,
  receivedAt: T0,
  priority: 'normal',
};

const admin = actorWith('admin', 'admin');
const erasure = { type: 'erase-customer-data', reason: '客户依法申请删除', requestReference: 'REQ-1' } as const;
const complaint = spec(complaintDecider);
const ofType = (type: string, data?: object) => expect.objectContaining({ type, ...(data && { data: expect.objectContaining(data) }) });

/** A stream to build a Given with: registered by the handler. */
function registered() {
  const stream = streamUnderTest(complaintDecider);
  stream.run(registration, handler);
  return stream;
}

// A case as the first release stored it (schemaVersion 1, the customer in plain JSON: sealing came
// later), replied and reopened, with an SLA clock event of a later feature in between; written out
// rather than decided.
const reopenedByFirstRelease: StoredEvent[] = [
  {
    type: 'ComplaintRegistered',
    schemaVersion: 1,
    data: {
      complaintId: 'c-0',
      channel: 'comment_book',
      caseType: 'complaint',
      category: 'fees',
      customer: { name: '李**', phone: null, idNumber: '110101********123X' },
      description: '多收手续费',
      priority: 'normal',
      unitId: OUTLET,
      atHeadOffice: false,
      receivedAt: T0,
      occurredAt: T0,
      actorId: 'zhang',
    },
  },
  { type: 'SlaClockStarted', schemaVersion: 1, data: { dueAt: minutesAfterT0(4320) } },
  {
    type: 'ComplaintReplied',
    schemaVersion: 1,
    data: { replyNumber: 1, responsibility: 'customer', text: '已解释', channel: 'phone', onSpot: false, findingId: null, occurredAt: minutesAfterT0(2), actorId: 'li' },
  },
  { type: 'ComplaintReopened', schemaVersion: 1, data: { comment: '不满意', occurredAt: minutesAfterT0(3), actorId: 'zhang' } },
];

describe('complaint decider', () => {
  it('registers a plain-JSON, versioned ComplaintRegistered and shows the case as received', () => {
    const { state } = complaint
      .given()
      .when(registration, handler)
      .then([
        {
          type: 'ComplaintRegistered',
          schemaVersion: 1,
          data: expect.objectContaining({
            complaintId: 'c-1',
            customer: { name: '陈**', phone: '400-000-0000', idNumber: null },
            unitId: OUTLET,
            atHeadOffice: false,
            receivedAt: T0,
            occurredAt: minutesAfterT0(1),
            actorId: 'zhang',
          }),
        },
      ]);
    const view = toComplaintView(state);
    expect(view).toMatchObject({ id: 'c-1', kind: 'complaint', state: 'received', responsibleUnitId: OUTLET, escalationLevel: 0, createdAt: minutesAfterT0(1) });
    expect(view.allowedCommands).toEqual([
      'assign',
      'hand-over',
      'promise-reply',
      'add-note',
      'reclassify',
      'escalate',
      'transfer',
      'refer',
      'reply',
      'withdraw',
      'erase-customer-data',
      'attach-evidence',
    ]);
  });

  it('has no view before registration', () => {
    expect(() => toComplaintView(complaintDecider.initialState())).toThrow(AggregateNotFoundError);
  });

  it(`shows the newest ${LATEST_ENTRIES_SHOWN} notes, oldest first, and counts them all; the fold keeps no more`, () => {
    let { history } = complaint
      .given()
      .when(registration, handler)
      .then([ofType('ComplaintRegistered')]);
    for (let index = 1; index <= LATEST_ENTRIES_SHOWN + 5; index += 1) {
      ({ history } = complaint
        .given(history)
        .when({ type: 'add-note', text: `note ${index}` }, handler)
        .then([ofType('ComplaintNoteAdded')]));
    }
    const state = complaintDecider.fold(history);
    const view = toComplaintView(state);
    expect(view.notesCount).toBe(LATEST_ENTRIES_SHOWN + 5);
    expect(view.notes.map((note) => note.text)).toEqual(Array.from({ length: LATEST_ENTRIES_SHOWN }, (_, index) => `note ${index + 6}`));
    expect(state.context.notes).toHaveLength(LATEST_ENTRIES_SHOWN);
  });

  it('records a 即办 reply with the registration and goes straight to replied, opening the finding when valid', () => {
    const { state } = complaint
      .given()
      .when({ ...registration, resolvedOnSpot: { reply: { responsibility: 'valid', text: '当场更正', channel: 'in_person' } } }, handler)
      .then([ofType('ComplaintRegistered'), ofType('ComplaintReplied', { replyNumber: 1, onSpot: true, findingId: findingIdForComplaintReply('c-1', 1) })]);
    expect(toComplaintView(state)).toMatchObject({ state: 'replied', linkedFindingIds: ['c-1-r1'], reply: { text: '当场更正', actorId: 'zhang' }, repliesCount: 1 });
  });

  it('accepts a letter dated before registration but not a receipt in the future', () => {
    complaint
      .given()
      .when({ ...registration, channel: 'letter', receivedAt: '2024-04-28T00:00:00+08:00' }, handler)
      .then([ofType('ComplaintRegistered')]);
    const error = complaint
      .given()
      .when({ ...registration, receivedAt: minutesAfterT0(120) }, contextFor(handler, T0))
      .thenThrows(InvalidCommandError);
    expect((error as InvalidCommandError).issues).toEqual([{ field: 'receivedAt', message: 'cannot be in the future', zh: '不能晚于现在' }]);
  });

  it('lists every payload problem at once', () => {
    const bad = { ...registration, channel: 'fax', unitId: 'nowhere', customer: { name: ' ' }, receivedAt: '2024-05-06 09:00' } as unknown as RegisterComplaint;
    const error = complaint.given().when(bad, contextFor(handler)).thenThrows(InvalidCommandError);
    expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['channel', 'customer.name', 'receivedAt', 'unitId']);
  });

  it('refuses a reply without a responsibility decision', () => {
    const reply = { type: 'reply', text: '已处理', channel: 'phone' } as never;
    const error = complaint.given(registered().events).when(reply, handler).thenThrows(InvalidCommandError);
    expect((error as InvalidCommandError).issues).toEqual([{ field: 'responsibility', message: 'must be one of valid, customer', zh: '须为下列之一：valid, customer' }]);
  });

  it('escalates one level at a time up a four-level tree and stops at head office', () => {
    const route = [
      [unitHead, SUB_BRANCH, false],
      [supervisor, BRANCH, false],
      [sla, HQ, true],
    ] as const;
    const history = route.reduce<readonly StoredEvent[]>((before, [actor, unit, automatic], index) => {
      const escalated = complaint
        .given(before)
        .when({ type: 'escalate', reason: 'overdue' }, actor)
        .then([ofType('ComplaintEscalated', { toUnitId: unit, level: index + 1, automatic })]);
      expect(toComplaintView(escalated.state)).toMatchObject({ state: 'escalated', responsibleUnitId: unit, escalationLevel: index + 1 });
      return escalated.history;
    }, registered().events);
    expect(complaintDecider.allowedCommands(complaintDecider.fold(history))).not.toContain('escalate');
    complaint
      .given(history)
      .when({ type: 'escalate', reason: 'again' }, supervisor)
      .thenThrows(CommandNotAllowedError, {
        state: 'escalated',
        allowedCommands: ['assign', 'hand-over', 'promise-reply', 'add-note', 'reclassify', 'reply', 'withdraw', 'erase-customer-data', 'attach-evidence'],
      });
  });

  it('never escalates a complaint owned by head office', () => {
    const atHeadOffice = complaint
      .given()
      .when({ ...registration, unitId: HQ }, handler)
      .then([ofType('ComplaintRegistered')]).history;
    complaint.given(atHeadOffice).when({ type: 'escalate', reason: 'x' }, supervisor).thenThrows(CommandNotAllowedError);
  });

  it('reopens an unsatisfied case where it was: escalated, same level, same unit and assignee', () => {
    const stream = registered();
    stream.run({ type: 'assign', assigneeId: 'li' }, unitHead);
    stream.run({ type: 'escalate', reason: 'complex' }, unitHead);
    stream.run({ type: 'escalate', reason: 'complex' }, supervisor);
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, { ...otherHandler, unitId: BRANCH });
    const { state } = complaint
      .given(stream.events)
      .when({ type: 'verify', satisfied: false, comment: '不接受解释' }, { ...handler, unitId: BRANCH })
      .then([ofType('ComplaintReopened')]);
    expect(toComplaintView(state)).toMatchObject({ state: 'escalated', escalationLevel: 2, responsibleUnitId: BRANCH, assigneeId: 'li' });
  });

  it('reopens a never-escalated case to received', () => {
    const stream = registered();
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
    const { state } = complaint
      .given(stream.events)
      .when({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler)
      .then([ofType('ComplaintReopened')]);
    expect(toComplaintView(state)).toMatchObject({ state: 'received', escalationLevel: 0, followUps: [expect.objectContaining({ satisfied: false })] });
  });

  describe('follow-up contact attempts (回访联系)', () => {
    const failedCall = { type: 'record-contact-attempt', attemptedAt: T0, channel: 'phone', reached: false } as const;
    const replied = () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      return stream;
    };

    it('records an attempt while the case waits for its follow-up, and only then', () => {
      complaint.given(registered().events).when(failedCall, handler).thenThrows(CommandNotAllowedError);
      const { state } = complaint
        .given(replied().events)
        .when({ ...failedCall, channel: 'sms', reached: true, note: '客户稍后回电' }, handler)
        .then([ofType('ComplaintContactAttempted', { attemptedAt: T0, channel: 'sms', reached: true, note: '客户稍后回电' })]);
      expect(toComplaintView(state)).toMatchObject({ state: 'replied', contactAttempts: [{ reached: true, replyNumber: 1 }] });
    });

    it('refuses an attempt in the future, on an unknown channel or without saying whether the customer was reached', () => {
      complaint
        .given(replied().events)
        .when({ ...failedCall, attemptedAt: minutesAfterT0(5) }, handler)
        .thenThrows(InvalidCommandError);
      complaint
        .given(replied().events)
        .when({ ...failedCall, channel: 'pigeon' as 'phone' }, handler)
        .thenThrows(InvalidCommandError);
      complaint
        .given(replied().events)
        .when({ ...failedCall, reached: 'no' as unknown as boolean }, handler)
        .thenThrows(InvalidCommandError);
    });

    it(`ends as "customer unreachable" only after ${DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE} failed attempts, and then awaits sign-off`, () => {
      const stream = replied();
      stream.run({ ...failedCall, reached: true }, otherHandler);
      for (let attempt = 1; attempt < DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE; attempt++) stream.run(failedCall, otherHandler);
      complaint.given(stream.events).when({ type: 'record-unreachable' }, otherHandler).thenThrows(CommandNotAllowedError);
      expect(complaintDecider.allowedCommands(stream.state, otherHandler)).not.toContain('record-unreachable');

      stream.run({ ...failedCall, channel: 'letter' }, otherHandler);
      expect(complaintDecider.allowedCommands(stream.state, otherHandler)).toContain('record-unreachable');
      const { state, history } = complaint
        .given(stream.events)
        .when({ type: 'record-unreachable', comment: '电话三次未接通，信函无回复' }, otherHandler)
        .then([ofType('ComplaintCustomerUnreachable', { failedAttempts: DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE, comment: '电话三次未接通，信函无回复' })]);
      expect(toComplaintView(state)).toMatchObject({ state: 'verified', unreachable: { failedAttempts: DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE } });
      complaint
        .given(history)
        .when({ type: 'close' }, unitHead)
        .then([ofType('ComplaintClosed')]);
    });

    it('counts afresh after a reopen: attempts that followed an earlier reply do not count', () => {
      const stream = replied();
      for (let attempt = 0; attempt < DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE; attempt++) stream.run(failedCall, otherHandler);
      stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);
      stream.run({ type: 'reply', responsibility: 'customer', text: '再次解释', channel: 'letter' }, handler);
      complaint.given(stream.events).when({ type: 'record-unreachable' }, otherHandler).thenThrows(CommandNotAllowedError);
      expect(toComplaintView(stream.state).contactAttempts).toHaveLength(DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE);
    });
  });

  describe('unsatisfied, decision maintained (维持原处理意见)', () => {
    const request = { type: 'request-decision-maintained', comment: '客户不满意，但未提出新的理由' } as const;
    const maintain = { type: 'maintain-decision', comment: '原处理意见符合规定，客户未提出新的理由' } as const;
    const refuse = { type: 'refuse-decision-maintained', reason: '客户提到的柜台录像尚未调阅' } as const;
    const otherSupervisor = actorWith('supervisor', 'qian');

    function requested() {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      stream.run(request, otherHandler);
      return stream;
    }

    it('is requested by the handler and awaits a supervisor, who alone approves it; the case then awaits sign-off', () => {
      const stream = requested();
      expect(toComplaintView(stream.state)).toMatchObject({ state: 'decisionReview', decisionMaintenanceRequest: { comment: request.comment, actorId: 'li' } });
      complaint.given(stream.events).when(maintain, unitHead).thenThrows(ForbiddenByRoleError);
      expect(complaintDecider.allowedCommands(stream.state, handler)).not.toContain('maintain-decision');
      expect(complaintDecider.allowedCommands(stream.state, supervisor)).toEqual(expect.arrayContaining(['maintain-decision', 'refuse-decision-maintained']));
      complaint
        .given(stream.events)
        .when({ ...maintain, comment: ' ' }, supervisor)
        .thenThrows(InvalidCommandError);
      const { state, history } = complaint
        .given(stream.events)
        .when(maintain, supervisor)
        .then([ofType('ComplaintDecisionMaintained', { comment: maintain.comment, actorId: 'zhao' })]);
      expect(toComplaintView(state)).toMatchObject({ state: 'verified', decisionMaintained: { comment: maintain.comment } });
      complaint
        .given(history)
        .when({ type: 'close' }, unitHead)
        .then([ofType('ComplaintClosed')]);
    });

    it('refused by a supervisor, the follow-up goes on: the handler may reopen the case', () => {
      const { state, history } = complaint
        .given(requested().events)
        .when(refuse, supervisor)
        .then([ofType('ComplaintDecisionMaintenanceRefused', { reason: refuse.reason })]);
      expect(toComplaintView(state)).toMatchObject({ state: 'replied', decisionMaintenanceRequest: null, decisionMaintained: null });
      complaint
        .given(history)
        .when({ type: 'verify', satisfied: false, comment: '客户补充了新的情况' }, otherHandler)
        .then([ofType('ComplaintReopened')]);
    });

    it('is not approved by the supervisor who asked for it', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      stream.run(request, supervisor);
      complaint.given(stream.events).when(maintain, supervisor).thenThrows(FourEyesViolationError);
      complaint
        .given(stream.events)
        .when(maintain, otherSupervisor)
        .then([ofType('ComplaintDecisionMaintained')]);
    });

    it('is not open before the reply, nor approved before it is requested', () => {
      complaint.given(registered().events).when(request, handler).thenThrows(CommandNotAllowedError);
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      complaint.given(stream.events).when(maintain, supervisor).thenThrows(CommandNotAllowedError);
    });
  });

  describe('签字确认 by the unit head of the responsible unit', () => {
    function verifiedAt() {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      stream.run({ type: 'verify', satisfied: true }, otherHandler);
      return stream;
    }

    it('is refused to supervisors', () => {
      const stream = verifiedAt();
      complaint.given(stream.events).when({ type: 'close' }, supervisor).thenThrows(ForbiddenByRoleError);
      expect(complaintDecider.allowedCommands(stream.state, supervisor)).not.toContain('close');
      complaint
        .given(stream.events)
        .when({ type: 'close' }, unitHead)
        .then([ofType('ComplaintClosed')]);
    });

    it('after an escalation, is by the head of the unit the case went up to, not of the outlet', () => {
      const stream = registered();
      stream.run({ type: 'escalate', reason: '超出网点权限' }, unitHead);
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, { ...handler, unitId: SUB_BRANCH });
      stream.run({ type: 'verify', satisfied: true }, { ...otherHandler, unitId: SUB_BRANCH });
      complaint.given(stream.events).when({ type: 'close' }, unitHead).thenThrows(NotResponsibleUnitError);
      expect(complaintDecider.allowedCommands(stream.state, unitHead)).not.toContain('close');
      complaint
        .given(stream.events)
        .when({ type: 'close' }, { ...unitHead, id: 'zhou', unitId: SUB_BRANCH })
        .then([ofType('ComplaintClosed')]);
    });
  });

  it("ends as unreachable after the policy's number of failed attempts, which each attempt records", () => {
    const stream = registered();
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
    const call = { type: 'record-contact-attempt', attemptedAt: T0, channel: 'phone', reached: false, unreachableAfter: 2 } as const;
    complaint
      .given(stream.events)
      .when({ ...call, unreachableAfter: 0 }, otherHandler)
      .thenThrows(InvalidCommandError);
    stream.run(call, otherHandler);
    expect(complaintDecider.allowedCommands(stream.state)).not.toContain('record-unreachable');
    stream.run(call, otherHandler);
    expect(stream.events.at(-1)).toMatchObject({ type: 'ComplaintContactAttempted', data: { unreachableAfter: 2 } });
    complaint
      .given(stream.events)
      .when({ type: 'record-unreachable' }, otherHandler)
      .then([ofType('ComplaintCustomerUnreachable', { failedAttempts: 2 })]);
  });

  describe('responsibility decided by the owning department (责任认定)', () => {
    const replied = (responsibility: 'valid' | 'customer') => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility, text: '答复', channel: 'phone' }, handler);
      return stream;
    };
    const toCustomer = { type: 'decide-responsibility', responsibility: 'customer', reason: '经调阅监控，柜员已履行告知义务' } as const;
    const toValid = { type: 'decide-responsibility', responsibility: 'valid', reason: '经复核属柜员服务不规范', responsibleUnitId: OUTLET, complainedStaffId: 'E10001' } as const;

    it("is a supervisor's step once replied, until sign-off, once per reply", () => {
      const stream = replied('customer');
      expect(complaintDecider.allowedCommands(stream.state, supervisor)).toContain('decide-responsibility');
      expect(complaintDecider.allowedCommands(stream.state, unitHead)).not.toContain('decide-responsibility');
      complaint.given(stream.events).when(toCustomer, unitHead).thenThrows(ForbiddenByRoleError);
      complaint.given(registered().events).when(toCustomer, supervisor).thenThrows(CommandNotAllowedError);
      stream.run(toCustomer, supervisor);
      complaint.given(stream.events).when(toCustomer, supervisor).thenThrows(CommandNotAllowedError);
      expect(toComplaintView(stream.state)).toMatchObject({ state: 'replied', awaitingResponsibilityDecision: false, responsibility: 'customer' });
    });

    it('confirms a proposal without a reason, and an override needs one', () => {
      const stream = replied('customer');
      complaint
        .given(stream.events)
        .when({ type: 'decide-responsibility', responsibility: 'customer' }, supervisor)
        .then([
          ofType('ComplaintResponsibilityDecided', {
            replyNumber: 1,
            proposed: 'customer',
            responsibility: 'customer',
            reason: null,
            raisesFindingId: null,
            cancelsFindingId: null,
          }),
        ]);
      complaint
        .given(stream.events)
        .when({ ...toValid, reason: undefined }, supervisor)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'reason' })] });
    });

    it('names the responsible unit or person when the bank is at fault, from the org tree', () => {
      const stream = replied('customer');
      complaint
        .given(stream.events)
        .when({ type: 'decide-responsibility', responsibility: 'valid', reason: '属银行责任' }, supervisor)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'responsibleUnitId' })] });
      complaint
        .given(stream.events)
        .when({ ...toValid, responsibleUnitId: 'nowhere' }, supervisor)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'responsibleUnitId' })] });
    });

    it('overriding valid to customer cancels the finding the valid reply raised; the proposal no longer counts', () => {
      const stream = replied('valid');
      expect(toComplaintView(stream.state)).toMatchObject({ responsibility: 'valid', awaitingResponsibilityDecision: true, linkedFindingIds: ['c-1-r1'] });
      const { state } = complaint
        .given(stream.events)
        .when(toCustomer, supervisor)
        .then([ofType('ComplaintResponsibilityDecided', { proposed: 'valid', responsibility: 'customer', cancelsFindingId: 'c-1-r1', raisesFindingId: null })]);
      expect(toComplaintView(state)).toMatchObject({ responsibility: 'customer', linkedFindingIds: ['c-1-r1'], cancelledFindingIds: ['c-1-r1'] });
    });

    it('overriding customer to valid raises one finding, and a later valid reply raises none', () => {
      const stream = replied('customer');
      const { history } = complaint
        .given(stream.events)
        .when(toValid, supervisor)
        .then([ofType('ComplaintResponsibilityDecided', { raisesFindingId: 'c-1-d1', cancelsFindingId: null, responsibleUnitId: OUTLET, complainedStaffId: 'E10001' })]);
      const reopened = complaint
        .given(history)
        .when({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler)
        .then([ofType('ComplaintReopened')]).history;
      const { state } = complaint
        .given(reopened)
        .when({ type: 'reply', responsibility: 'valid', text: '再次答复', channel: 'phone' }, handler)
        .then([ofType('ComplaintReplied', { replyNumber: 2, findingId: null })]);
      expect(toComplaintView(state)).toMatchObject({ linkedFindingIds: ['c-1-d1'], cancelledFindingIds: [], awaitingResponsibilityDecision: true });
    });

    it('after a cancellation, a later valid reply opens a new finding: one live finding at a time', () => {
      const stream = replied('valid');
      stream.run(toCustomer, supervisor);
      stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);
      complaint
        .given(stream.events)
        .when({ type: 'reply', responsibility: 'valid', text: '再次答复', channel: 'phone' }, handler)
        .then([ofType('ComplaintReplied', { replyNumber: 2, findingId: 'c-1-r2' })]);
    });

    it('is still open after the follow-up, and sign-off does not wait for it', () => {
      const stream = replied('valid');
      stream.run({ type: 'verify', satisfied: true }, otherHandler);
      expect(complaintDecider.allowedCommands(stream.state, supervisor)).toContain('decide-responsibility');
      expect(complaintDecider.allowedCommands(stream.state, unitHead)).toContain('close');
      stream.run({ type: 'close' }, unitHead);
      complaint.given(stream.events).when(toCustomer, supervisor).thenThrows(CommandNotAllowedError);
    });

    it('takes no responsibility for praise and suggestions: none proposed, none decided', () => {
      const stream = streamUnderTest(complaintDecider);
      stream.run({ ...registration, caseType: 'praise' }, handler);
      complaint
        .given(stream.events)
        .when({ type: 'reply', responsibility: 'valid', text: '感谢表扬', channel: 'phone' }, handler)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'responsibility' })] });
      const { state } = complaint
        .given(stream.events)
        .when({ type: 'reply', text: '感谢表扬', channel: 'phone' }, handler)
        .then([ofType('ComplaintReplied', { responsibility: null, findingId: null })]);
      expect(complaintDecider.allowedCommands(state, supervisor)).not.toContain('decide-responsibility');
      expect(toComplaintView(state)).toMatchObject({ responsibility: null, awaitingResponsibilityDecision: false });
      complaint
        .given(registered().events)
        .when({ type: 'reply', text: '已答复', channel: 'phone' }, handler)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'responsibility' })] });
    });
  });

  it('opens one finding per complaint: at the first valid reply, whichever reply that is', () => {
    const reply = (before: readonly StoredEvent[], responsibility: 'valid' | 'customer', replied: object) =>
      complaint
        .given(before)
        .when({ type: 'reply', responsibility, text: '答复', channel: 'sms' }, handler)
        .then([ofType('ComplaintReplied', replied)]).history;
    const reopen = (before: readonly StoredEvent[]) =>
      complaint
        .given(before)
        .when({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler)
        .then([ofType('ComplaintReopened')]).history;

    const first = reply(registered().events, 'customer', { replyNumber: 1, findingId: null });
    const second = reply(reopen(first), 'valid', { replyNumber: 2, findingId: 'c-1-r2' });
    const third = reply(reopen(second), 'valid', { replyNumber: 3, findingId: null });
    expect(toComplaintView(complaintDecider.fold(third))).toMatchObject({ linkedFindingIds: ['c-1-r2'], reply: { replyNumber: 3 } });
  });

  describe('four-eyes', () => {
    it('refuses a follow-up by the user who gave the reply, and hides verify from them', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'valid', text: '已致歉', channel: 'phone' }, handler);
      complaint.given(stream.events).when({ type: 'verify', satisfied: true }, handler).thenThrows(FourEyesViolationError, { actorId: 'zhang', command: 'verify' });
      expect(complaintDecider.allowedCommands(stream.state, handler)).not.toContain('verify');
      expect(complaintDecider.allowedCommands(stream.state, otherHandler)).toContain('verify');
      const { state } = complaint
        .given(stream.events)
        .when({ type: 'verify', satisfied: true }, otherHandler)
        .then([ofType('ComplaintVerified')]);
      expect(toComplaintView(state).state).toBe('verified');
    });

    it('judges against the latest reply after a reopen', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '一', channel: 'phone' }, handler);
      stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);
      stream.run({ type: 'reply', responsibility: 'customer', text: '二', channel: 'phone' }, otherHandler);
      complaint.given(stream.events).when({ type: 'verify', satisfied: true }, otherHandler).thenThrows(FourEyesViolationError);
      complaint
        .given(stream.events)
        .when({ type: 'verify', satisfied: true }, handler)
        .then([ofType('ComplaintVerified')]);
    });
  });

  it('closes only from verified, by a unit head or supervisor, and then allows only the lawful erasure', () => {
    const stream = registered();
    complaint.given(stream.events).when({ type: 'close' }, unitHead).thenThrows(CommandNotAllowedError);
    stream.run({ type: 'reply', responsibility: 'valid', text: '已整改', channel: 'letter' }, handler);
    stream.run({ type: 'verify', satisfied: true, comment: '满意' }, otherHandler);
    complaint.given(stream.events).when({ type: 'close' }, handler).thenThrows(ForbiddenByRoleError);
    const { state } = complaint
      .given(stream.events)
      .when({ type: 'close' }, unitHead)
      .then([ofType('ComplaintClosed')]);
    expect(toComplaintView(state)).toMatchObject({ state: 'closed', closure: { actorId: 'wang' }, allowedCommands: ['erase-customer-data'] });
  });

  it('can be withdrawn from any open state, verified included', () => {
    const stream = registered();
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
    stream.run({ type: 'verify', satisfied: true }, otherHandler);
    const { state } = complaint
      .given(stream.events)
      .when({ type: 'withdraw', reason: '客户撤回' }, handler)
      .then([ofType('ComplaintWithdrawn')]);
    expect(toComplaintView(state)).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '客户撤回' }, allowedCommands: ['erase-customer-data'] });
  });

  it('reclassifies an investigation request as a complaint, and refuses a reclassification that changes nothing', () => {
    const investigation = complaint
      .given()
      .when({ ...registration, caseType: 'investigation' }, handler)
      .then([ofType('ComplaintRegistered')]).history;
    const { history } = complaint
      .given(investigation)
      .when({ type: 'reclassify', caseType: 'complaint' }, handler)
      .then([ofType('ComplaintReclassified', { caseType: 'complaint', previousCaseType: 'investigation', category: 'attitude' })]);
    complaint.given(history).when({ type: 'reclassify', caseType: 'complaint', category: 'attitude' }, handler).thenThrows(InvalidCommandError);
  });

  it('lets the role gate speak before the lifecycle: an auditor gets 403 even where nothing is allowed', () => {
    const stream = registered();
    complaint.given(stream.events).when({ type: 'add-note', text: 'x' }, actorWith('auditor')).thenThrows(ForbiddenByRoleError);
    complaint.given(stream.events).when({ type: 'escalate', reason: 'x' }, handler).thenThrows(ForbiddenByRoleError);
    complaint.given(stream.events).when(registration, actorWith('auditor')).thenThrows(ForbiddenByRoleError);
    expect(complaintDecider.allowedCommands(stream.state, actorWith('auditor'))).toEqual([]);
  });

  it('records a lawful erasure by an admin in any state, naming the key to destroy, once', () => {
    const sealed = { keyId: 'k-1', alg: 'A256GCM', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' } as const;
    const [registeredEvent] = registered().events;
    // The command layer seals before the append; the fold carries whatever was stored.
    const sealedHistory = [{ ...registeredEvent, data: { ...registeredEvent.data, customer: sealed } }];
    complaint.given(sealedHistory).when(erasure, contextFor(handler)).thenThrows(ForbiddenByRoleError);
    complaint
      .given(sealedHistory)
      .when({ ...erasure, requestReference: ' ' }, contextFor(admin))
      .thenThrows(InvalidCommandError);
    const erased = complaint
      .given(sealedHistory)
      .when(erasure, contextFor(admin))
      .then([
        { type: 'CustomerDataErased', schemaVersion: 1, data: expect.objectContaining({ keyId: 'k-1', reason: '客户依法申请删除', requestReference: 'REQ-1', actorId: 'admin' }) },
      ]);
    expect(toComplaintView(erased.state)).toMatchObject({ state: 'received', customerErasure: { keyId: 'k-1', requestReference: 'REQ-1' } });
    expect(complaintDecider.allowedCommands(erased.state)).not.toContain('erase-customer-data');
    complaint.given(erased.history).when(erasure, contextFor(admin)).thenThrows(CommandNotAllowedError);
    // A legacy plain customer has no key: the fact is recorded all the same.
    const legacy = registered();
    legacy.run({ type: 'withdraw', reason: '客户撤回' }, handler);
    complaint
      .given(legacy.events)
      .when(erasure, admin)
      .then([ofType('CustomerDataErased', { keyId: null })]);
  });

  describe('evidence on file', () => {
    const letterScan = {
      type: 'attach-evidence',
      sha256: 'ab'.repeat(32),
      size: 20480,
      contentType: 'application/pdf',
      fileName: '投诉信函.pdf',
      evidenceKind: 'letter_scan',
      personalData: true,
    } as const;

    it('records the hash, size, type, name, kind and personal-data mark, and lists the file on the case', () => {
      const { state } = complaint
        .given(registered().events)
        .when(letterScan, handler)
        .then([
          ofType('EvidenceAttached', {
            sha256: letterScan.sha256,
            size: 20480,
            contentType: 'application/pdf',
            fileName: '投诉信函.pdf',
            evidenceKind: 'letter_scan',
            personalData: true,
            actorId: 'zhang',
          }),
        ]);
      expect(toComplaintView(state)).toMatchObject({ state: 'received', attachments: [expect.objectContaining({ sha256: letterScan.sha256, fileName: '投诉信函.pdf' })] });
    });

    it('records the same bytes once per case: a repeated upload is a no-op', () => {
      const stream = registered();
      stream.run(letterScan, handler);
      complaint
        .given(stream.events)
        .when({ ...letterScan, fileName: 'again.pdf' }, unitHead)
        .then([]);
    });

    it('names every field that breaks a rule', () => {
      complaint
        .given(registered().events)
        .when({ ...letterScan, sha256: 'AB', size: 0, fileName: '../投诉信函.pdf', evidenceKind: 'video' as never, personalData: 'yes' as never }, handler)
        .thenThrows(InvalidCommandError, {
          issues: expect.arrayContaining([
            expect.objectContaining({ field: 'sha256' }),
            expect.objectContaining({ field: 'size' }),
            expect.objectContaining({ field: 'fileName' }),
            expect.objectContaining({ field: 'evidenceKind' }),
            expect.objectContaining({ field: 'personalData' }),
          ]),
        });
    });

    it("withholds an erased file's name, and takes no new personal data once the customer's is erased", () => {
      const stream = registered();
      stream.run(letterScan, handler);
      stream.run({ ...letterScan, sha256: 'cd'.repeat(32), evidenceKind: 'cctv_note', fileName: '监控调阅记录.txt', personalData: false }, handler);
      stream.run(erasure, admin);
      expect(toComplaintView(complaintDecider.fold(stream.events)).attachments).toEqual([
        expect.objectContaining({ sha256: letterScan.sha256, fileName: null, erased: true }),
        expect.objectContaining({ fileName: '监控调阅记录.txt', erased: false }),
      ]);
      complaint
        .given(stream.events)
        .when({ ...letterScan, sha256: 'ef'.repeat(32) }, handler)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'personalData' })] });
      complaint
        .given(stream.events)
        .when({ ...letterScan, sha256: 'ef'.repeat(32), personalData: false }, handler)
        .then([ofType('EvidenceAttached')]);
    });

    it('takes evidence while the case is open, from case workers only, and none once it is closed', () => {
      complaint.given(registered().events).when(letterScan, actorWith('auditor', 'audit')).thenThrows(ForbiddenByRoleError);
      complaint.given(registered().events).when(letterScan, actorWith('inspector', 'insp')).thenThrows(ForbiddenByRoleError);
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'letter' }, handler);
      complaint
        .given(stream.events)
        .when({ ...letterScan, evidenceKind: 'reply_letter', personalData: false }, handler)
        .then([ofType('EvidenceAttached')]);
      stream.run({ type: 'verify', satisfied: true }, otherHandler);
      stream.run({ type: 'close' }, unitHead);
      complaint.given(stream.events).when(letterScan, handler).thenThrows(CommandNotAllowedError, { state: 'closed' });
    });
  });

  it('refuses an unknown command type as invalid', () => {
    complaint
      .given(registered().events)
      .when({ type: 'delete' } as never, contextFor(handler))
      .thenThrows(InvalidCommandError);
  });

  describe('given a history stored by the first release', () => {
    it('has no case number, since it predates them; a number in the creation event is shown', () => {
      expect(toComplaintView(complaintDecider.fold(reopenedByFirstRelease)).number).toBeNull();
      const numbered = reopenedByFirstRelease.map((event) =>
        event.type === 'ComplaintRegistered' ? { ...event, data: { ...(event.data as object), number: 'TS-2024-000001' } } : event,
      );
      expect(toComplaintView(complaintDecider.fold(numbered)).number).toBe('TS-2024-000001');
    });

    it('folds it to where it was: reopened to received, its reply counted', () => {
      expect(toComplaintView(complaintDecider.fold(reopenedByFirstRelease))).toMatchObject({ id: 'c-0', state: 'received', reply: { replyNumber: 1, actorId: 'li' } });
    });

    it('takes the next reply as today: numbered on, opening the finding when valid, four-eyes against the stored reply', () => {
      const replied = complaint
        .given(reopenedByFirstRelease)
        .when({ type: 'reply', responsibility: 'valid', text: '已致歉', channel: 'phone' }, otherHandler)
        .then([ofType('ComplaintReplied', { replyNumber: 2, findingId: findingIdForComplaintReply('c-0', 2) })]);
      complaint.given(replied.history).when({ type: 'verify', satisfied: true }, otherHandler).thenThrows(FourEyesViolationError);
    });

    it('erases its plain customer with no key to destroy', () => {
      complaint
        .given(reopenedByFirstRelease)
        .when(erasure, admin)
        .then([ofType('CustomerDataErased', { keyId: null })]);
    });

    it('reads a decision maintained that a supervisor recorded straight from replied (before requests existed) as a request and its approval', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      const oneStep: StoredEvent = {
        type: 'ComplaintDecisionMaintained',
        schemaVersion: 1,
        data: { comment: '维持原处理意见', occurredAt: minutesAfterT0(60), actorId: supervisor.id },
      };
      const history = [...stream.events, oneStep];
      expect(complaintDecider.statusOf(complaintDecider.fold(history))).toBe('verified');
      expect(toComplaintView(complaintDecider.fold(history))).toMatchObject({ decisionMaintained: { comment: '维持原处理意见', actorId: supervisor.id } });
      complaint
        .given(history)
        .when({ type: 'close' }, unitHead)
        .then([ofType('ComplaintClosed')]);
      // Only the fold reads it so: today the command needs a request first.
      expect(complaintDecider.allowedCommands(stream.state)).not.toContain('maintain-decision');
    });

    it('refuses the stream when one of its events was written by a newer schema', () => {
      const newer = reopenedByFirstRelease.map((event) => (event.type === 'ComplaintReplied' ? { ...event, schemaVersion: 2 } : event));
      complaint.given(newer).when(erasure, admin).thenThrows(UnsupportedSchemaVersionError, { eventType: 'ComplaintReplied', schemaVersion: 2 });
    });
  });

  describe('hand-over and promises (首问负责制, 转办, 承诺办)', () => {
    it('lets the first-contact handler hand the case to a complaint manager, who then holds it', () => {
      const handedOver = complaint
        .given(registered().events)
        .when({ type: 'hand-over', managerId: 'manager-1', reason: '转投诉管理人' }, handler)
        .then([ofType('ComplaintHandedOver', { managerId: 'manager-1', reason: '转投诉管理人', actorId: 'zhang' })]);
      expect(toComplaintView(handedOver.state)).toMatchObject({ state: 'received', assigneeId: 'manager-1', handOvers: [expect.objectContaining({ managerId: 'manager-1' })] });
      complaint
        .given(handedOver.history)
        .when({ type: 'hand-over', managerId: 'manager-1' }, handler)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'managerId', message: 'already holds the case' }] });
    });

    it('records a promised reply date in the future and refuses one in the past', () => {
      const promised = complaint
        .given(registered().events)
        .when({ type: 'promise-reply', promisedBy: '2099-01-02T17:00:00+08:00' }, handler)
        .then([ofType('ComplaintReplyPromised', { promisedBy: '2099-01-02T09:00:00.000Z' })]);
      expect(toComplaintView(promised.state).promisedReplyBy).toBe('2099-01-02T09:00:00.000Z');
      complaint
        .given(registered().events)
        .when({ type: 'promise-reply', promisedBy: T0 }, handler)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'promisedBy', message: 'must be in the future' }] });
    });

    it('no longer takes a hand-over or a promise once the case is answered', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      complaint.given(stream.events).when({ type: 'hand-over', managerId: 'manager-1' }, handler).thenThrows(CommandNotAllowedError);
      complaint.given(stream.events).when({ type: 'promise-reply', promisedBy: '2099-01-02T09:00:00Z' }, handler).thenThrows(CommandNotAllowedError);
    });
  });

  describe('transfers and referrals', () => {
    it('moves a case registered at the wrong unit sideways with a reason; the unit, not the clocks, changes', () => {
      const moved = complaint
        .given(registered().events)
        .when({ type: 'transfer', toUnitId: OTHER_SUB_BRANCH, reason: '登记网点有误' }, supervisor)
        .then([ofType('ComplaintTransferred', { fromUnitId: OUTLET, toUnitId: OTHER_SUB_BRANCH, atHeadOffice: false, reason: '登记网点有误' })]);
      expect(toComplaintView(moved.state)).toMatchObject({
        state: 'received',
        unitId: OTHER_SUB_BRANCH,
        responsibleUnitId: OTHER_SUB_BRANCH,
        transfers: [expect.objectContaining({ fromUnitId: OUTLET, toUnitId: OTHER_SUB_BRANCH })],
      });
    });

    it('refuses a transfer to an unknown unit, to where it already is, or without a reason, and any transfer once escalated', () => {
      const error = complaint.given(registered().events).when({ type: 'transfer', toUnitId: OUTLET, reason: ' ' }, handler).thenThrows(InvalidCommandError);
      expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['reason', 'toUnitId']);
      complaint
        .given(registered().events)
        .when({ type: 'transfer', toUnitId: 'nowhere', reason: 'x' }, handler)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'toUnitId', message: 'is not a unit of the org tree' }] });
      const stream = registered();
      stream.run({ type: 'escalate', reason: '需支行协调' }, unitHead);
      complaint.given(stream.events).when({ type: 'transfer', toUnitId: OTHER_SUB_BRANCH, reason: 'x' }, supervisor).thenThrows(CommandNotAllowedError);
    });

    it('lets the unit head refer a case straight to head office in one step, naming the units passed over', () => {
      const referred = complaint
        .given(registered().events)
        .when({ type: 'refer', reason: '超出网点权限' }, unitHead)
        .then([ofType('ComplaintReferred', { fromUnitId: OUTLET, toUnitId: HQ, level: 1, atHeadOffice: true, automatic: false, bypassedUnitIds: [SUB_BRANCH, BRANCH] })]);
      expect(toComplaintView(referred.state)).toMatchObject({ state: 'escalated', responsibleUnitId: HQ, atHeadOffice: true, escalationLevel: 1 });
      complaint.given(registered().events).when({ type: 'refer', reason: 'x' }, handler).thenThrows(ForbiddenByRoleError);
      complaint.given(referred.history).when({ type: 'refer', reason: 'again' }, unitHead).thenThrows(CommandNotAllowedError);
    });

    it('after escalation or referral, the units it went up from add notes but no longer reply or decide (配合了解)', () => {
      const referred = complaint
        .given(registered().events)
        .when({ type: 'refer', reason: '超出网点权限' }, unitHead)
        .then([ofType('ComplaintReferred')]);
      const atHeadOffice = { ...otherHandler, unitId: HQ };
      for (const passedOver of [handler, { ...supervisor, unitId: BRANCH }]) {
        expect(complaintDecider.allowedCommands(referred.state, passedOver)).not.toContain('reply');
        complaint
          .given(referred.history)
          .when({ type: 'add-note', text: '已向客户了解情况' }, passedOver)
          .then([ofType('ComplaintNoteAdded')]);
        complaint
          .given(referred.history)
          .when({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, passedOver)
          .thenThrows(NotResponsibleUnitError, { conflict: expect.stringContaining(`went up from their unit ${passedOver.unitId} to ${HQ}`) });
      }
      expect(complaintDecider.allowedCommands(referred.state, atHeadOffice)).toContain('reply');
      // An escalation by the SLA alone puts the case under supervision (督办): the outlet still answers.
      const supervised = complaint
        .given(registered().events)
        .when({ type: 'escalate', reason: 'SLA breach' }, sla)
        .then([ofType('ComplaintEscalated', { automatic: true })]);
      expect(complaintDecider.allowedCommands(supervised.state, handler)).toContain('reply');
      complaint
        .given(referred.history)
        .when({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, atHeadOffice)
        .then([ofType('ComplaintReplied')]);
    });
  });

  describe('anonymous comment-book entries (客户意见簿)', () => {
    const anonymousEntry: RegisterComplaint = { ...registration, channel: 'comment_book', customer: undefined };

    it('registers a comment-book entry without a customer as anonymous', () => {
      const entry = complaint
        .given()
        .when(anonymousEntry, handler)
        .then([ofType('ComplaintRegistered', { anonymous: true, customer: { name: '', phone: null, idNumber: null } })]);
      expect(toComplaintView(entry.state)).toMatchObject({ anonymous: true, channel: 'comment_book' });
    });

    it('requires the customer on every other channel, outlet phone calls included', () => {
      for (const channel of ['walk_in', 'outlet_phone', 'hotline'] as const) {
        complaint
          .given()
          .when({ ...registration, channel, customer: undefined }, handler)
          .thenThrows(InvalidCommandError, { issues: [{ field: 'customer', message: 'is required except for an anonymous comment-book entry (channel comment_book)' }] });
      }
    });

    it('answers it in the comment book and signs it off without a follow-up visit, which a named customer still gets', () => {
      const entry = complaint
        .given()
        .when(anonymousEntry, handler)
        .then([ofType('ComplaintRegistered')]).history;
      const answered = complaint
        .given(entry)
        .when({ type: 'reply', responsibility: 'customer', text: '已在意见簿答复', channel: 'comment_book' }, handler)
        .then([ofType('ComplaintReplied', { channel: 'comment_book' })]);
      expect(complaintDecider.allowedCommands(answered.state)).toContain('close');
      const signed = complaint
        .given(answered.history)
        .when({ type: 'close' }, unitHead)
        .then([ofType('ComplaintClosed')]);
      expect(signed.state.value).toBe('closed');

      const named = registered();
      named.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
      complaint.given(named.events).when({ type: 'close' }, unitHead).thenThrows(CommandNotAllowedError, { state: 'replied' });
    });
  });

  describe('fold', () => {
    it('skips event types it does not know (later SLA clock events) without touching the state', () => {
      const stream = registered();
      const clock = { type: 'SlaClockStarted', schemaVersion: 1, data: { dueAt: minutesAfterT0(4320) } };
      const folded = complaintDecider.fold([...stream.events, clock]);
      expect(folded.context).toEqual(stream.state.context);
    });

    it('rejects a known event the lifecycle does not allow there: the stream is corrupt', () => {
      const stream = registered();
      const closed = { type: 'ComplaintClosed', schemaVersion: 1, data: { occurredAt: T0, actorId: 'wang' } };
      expect(() => complaintDecider.fold([...stream.events, closed])).toThrow(EventRejectedError);
    });

    it('refuses events written by a newer schema', () => {
      const [registeredEvent] = registered().events;
      expect(() => complaintDecider.fold([{ ...registeredEvent, schemaVersion: 2 }])).toThrow(UnsupportedSchemaVersionError);
    });
  });
});
