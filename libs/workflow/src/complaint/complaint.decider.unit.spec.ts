import {
  CommandNotAllowedError,
  EventRejectedError,
  ForbiddenByRoleError,
  FourEyesViolationError,
  InvalidCommandError,
  AggregateNotFoundError,
  UnsupportedSchemaVersionError,
} from '../shared/errors';
import { BRANCH, HQ, OUTLET, SUB_BRANCH, T0, actorWith, contextFor, minutesAfterT0 } from '../testing/fixtures';
import { captureError, streamUnderTest } from '../testing/lifecycle-harness';
import type { RegisterComplaint } from './complaint.commands';
import { complaintDecider } from './complaint.decider';
import { findingIdForComplaintReply } from './complaint.events';
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

function registered() {
  const stream = streamUnderTest(complaintDecider);
  stream.run(registration, handler);
  return stream;
}

describe('complaint decider', () => {
  it('registers a plain-JSON, versioned ComplaintRegistered and shows the case as received', () => {
    const stream = registered();
    expect(stream.events).toEqual([
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
    const view = toComplaintView(stream.state);
    expect(view).toMatchObject({ id: 'c-1', kind: 'complaint', state: 'received', responsibleUnitId: OUTLET, escalationLevel: 0, createdAt: minutesAfterT0(1) });
    expect(view.allowedCommands).toEqual(['assign', 'add-note', 'reclassify', 'escalate', 'reply', 'withdraw', 'erase-customer-data']);
  });

  it('has no view before registration', () => {
    expect(() => toComplaintView(complaintDecider.initialState())).toThrow(AggregateNotFoundError);
  });

  it('records a 即办 reply with the registration and goes straight to replied, opening the finding when valid', () => {
    const stream = streamUnderTest(complaintDecider);
    const events = stream.run({ ...registration, resolvedOnSpot: { reply: { responsibility: 'valid', text: '当场更正', channel: 'in_person' } } }, handler);
    expect(events.map((event) => event.type)).toEqual(['ComplaintRegistered', 'ComplaintReplied']);
    expect(events[1]?.data).toMatchObject({ replyNumber: 1, onSpot: true, findingId: findingIdForComplaintReply('c-1', 1) });
    expect(toComplaintView(stream.state)).toMatchObject({ state: 'replied', linkedFindingIds: ['c-1-r1'], reply: { text: '当场更正', actorId: 'zhang' } });
  });

  it('accepts a letter dated before registration but not a receipt in the future', () => {
    const stream = streamUnderTest(complaintDecider);
    expect(() => stream.run({ ...registration, channel: 'letter', receivedAt: '2024-04-28T00:00:00+08:00' }, handler)).not.toThrow();
    const error = captureError(() => complaintDecider.decide(complaintDecider.initialState(), { ...registration, receivedAt: minutesAfterT0(120) }, contextFor(handler, T0)));
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect((error as InvalidCommandError).issues).toEqual([{ field: 'receivedAt', message: 'cannot be in the future' }]);
  });

  it('lists every payload problem at once', () => {
    const bad = { ...registration, channel: 'fax', unitId: 'nowhere', customer: { name: ' ' }, receivedAt: '2024-05-06 09:00' } as unknown as RegisterComplaint;
    const error = captureError(() => complaintDecider.decide(complaintDecider.initialState(), bad, contextFor(handler)));
    expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual(['channel', 'customer.name', 'receivedAt', 'unitId']);
  });

  it('refuses a reply without a responsibility decision', () => {
    const stream = registered();
    const reply = { type: 'reply', text: '已处理', channel: 'phone' } as never;
    const error = captureError(() => stream.run(reply, handler));
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect((error as InvalidCommandError).issues).toEqual([{ field: 'responsibility', message: 'must be one of valid, customer' }]);
  });

  it('escalates one level at a time up a four-level tree and stops at head office', () => {
    const stream = registered();
    const route = [
      [unitHead, SUB_BRANCH, false],
      [supervisor, BRANCH, false],
      [sla, HQ, true],
    ] as const;
    route.forEach(([actor, unit, automatic], index) => {
      const [event] = stream.run({ type: 'escalate', reason: 'overdue' }, actor);
      expect(event?.data).toMatchObject({ toUnitId: unit, level: index + 1, automatic });
      expect(toComplaintView(stream.state)).toMatchObject({ state: 'escalated', responsibleUnitId: unit, escalationLevel: index + 1 });
    });
    expect(complaintDecider.allowedCommands(stream.state)).not.toContain('escalate');
    const refusal = captureError(() => stream.run({ type: 'escalate', reason: 'again' }, supervisor));
    expect(refusal).toBeInstanceOf(CommandNotAllowedError);
    expect(refusal).toMatchObject({ state: 'escalated', allowedCommands: ['assign', 'add-note', 'reclassify', 'reply', 'withdraw', 'erase-customer-data'] });
  });

  it('never escalates a complaint owned by head office', () => {
    const stream = streamUnderTest(complaintDecider);
    stream.run({ ...registration, unitId: HQ }, handler);
    expect(() => stream.run({ type: 'escalate', reason: 'x' }, supervisor)).toThrow(CommandNotAllowedError);
  });

  it('reopens an unsatisfied case where it was: escalated, same level, same unit and assignee', () => {
    const stream = registered();
    stream.run({ type: 'assign', assigneeId: 'li' }, unitHead);
    stream.run({ type: 'escalate', reason: 'complex' }, unitHead);
    stream.run({ type: 'escalate', reason: 'complex' }, supervisor);
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, otherHandler);
    stream.run({ type: 'verify', satisfied: false, comment: '不接受解释' }, handler);
    expect(toComplaintView(stream.state)).toMatchObject({ state: 'escalated', escalationLevel: 2, responsibleUnitId: BRANCH, assigneeId: 'li' });
  });

  it('reopens a never-escalated case to received', () => {
    const stream = registered();
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
    stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);
    expect(toComplaintView(stream.state)).toMatchObject({ state: 'received', escalationLevel: 0, followUps: [expect.objectContaining({ satisfied: false })] });
  });

  it('opens one finding per complaint: at the first valid reply, whichever reply that is', () => {
    const stream = registered();
    const reply = (responsibility: 'valid' | 'customer') => stream.run({ type: 'reply', responsibility, text: '答复', channel: 'sms' }, handler)[0]?.data;
    const reopen = () => stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);

    expect(reply('customer')).toMatchObject({ replyNumber: 1, findingId: null });
    reopen();
    expect(reply('valid')).toMatchObject({ replyNumber: 2, findingId: 'c-1-r2' });
    reopen();
    expect(reply('valid')).toMatchObject({ replyNumber: 3, findingId: null });
    expect(toComplaintView(stream.state)).toMatchObject({ linkedFindingIds: ['c-1-r2'], reply: { replyNumber: 3 } });
  });

  describe('four-eyes', () => {
    it('refuses a follow-up by the user who gave the reply, and hides verify from them', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'valid', text: '已致歉', channel: 'phone' }, handler);
      const refusal = captureError(() => stream.run({ type: 'verify', satisfied: true }, handler));
      expect(refusal).toBeInstanceOf(FourEyesViolationError);
      expect(refusal).toMatchObject({ actorId: 'zhang', command: 'verify' });
      expect(complaintDecider.allowedCommands(stream.state, handler)).not.toContain('verify');
      expect(complaintDecider.allowedCommands(stream.state, otherHandler)).toContain('verify');
      stream.run({ type: 'verify', satisfied: true }, otherHandler);
      expect(toComplaintView(stream.state).state).toBe('verified');
    });

    it('judges against the latest reply after a reopen', () => {
      const stream = registered();
      stream.run({ type: 'reply', responsibility: 'customer', text: '一', channel: 'phone' }, handler);
      stream.run({ type: 'verify', satisfied: false, comment: '不满意' }, otherHandler);
      stream.run({ type: 'reply', responsibility: 'customer', text: '二', channel: 'phone' }, otherHandler);
      expect(() => stream.run({ type: 'verify', satisfied: true }, otherHandler)).toThrow(FourEyesViolationError);
      expect(() => stream.run({ type: 'verify', satisfied: true }, handler)).not.toThrow();
    });
  });

  it('closes only from verified, by a unit head or supervisor, and then allows only the lawful erasure', () => {
    const stream = registered();
    expect(() => stream.run({ type: 'close' }, unitHead)).toThrow(CommandNotAllowedError);
    stream.run({ type: 'reply', responsibility: 'valid', text: '已整改', channel: 'letter' }, handler);
    stream.run({ type: 'verify', satisfied: true, comment: '满意' }, otherHandler);
    expect(() => stream.run({ type: 'close' }, handler)).toThrow(ForbiddenByRoleError);
    stream.run({ type: 'close' }, unitHead);
    expect(toComplaintView(stream.state)).toMatchObject({ state: 'closed', closure: { actorId: 'wang' }, allowedCommands: ['erase-customer-data'] });
  });

  it('can be withdrawn from any open state, verified included', () => {
    const stream = registered();
    stream.run({ type: 'reply', responsibility: 'customer', text: '已解释', channel: 'phone' }, handler);
    stream.run({ type: 'verify', satisfied: true }, otherHandler);
    stream.run({ type: 'withdraw', reason: '客户撤回' }, handler);
    expect(toComplaintView(stream.state)).toMatchObject({ state: 'withdrawn', withdrawal: { reason: '客户撤回' }, allowedCommands: ['erase-customer-data'] });
  });

  it('reclassifies an investigation request as a complaint, and refuses a reclassification that changes nothing', () => {
    const stream = streamUnderTest(complaintDecider);
    stream.run({ ...registration, caseType: 'investigation' }, handler);
    const [event] = stream.run({ type: 'reclassify', caseType: 'complaint' }, handler);
    expect(event?.data).toMatchObject({ caseType: 'complaint', previousCaseType: 'investigation', category: 'attitude' });
    expect(() => stream.run({ type: 'reclassify', caseType: 'complaint', category: 'attitude' }, handler)).toThrow(InvalidCommandError);
  });

  it('lets the role gate speak before the lifecycle: an auditor gets 403 even where nothing is allowed', () => {
    const stream = registered();
    expect(() => stream.run({ type: 'add-note', text: 'x' }, actorWith('auditor'))).toThrow(ForbiddenByRoleError);
    expect(() => stream.run({ type: 'escalate', reason: 'x' }, handler)).toThrow(ForbiddenByRoleError);
    expect(() => stream.run(registration, actorWith('auditor'))).toThrow(ForbiddenByRoleError);
    expect(complaintDecider.allowedCommands(stream.state, actorWith('auditor'))).toEqual([]);
  });

  it('records a lawful erasure by an admin in any state, naming the key to destroy, once', () => {
    const admin = actorWith('admin', 'admin');
    const erasure = { type: 'erase-customer-data', reason: '客户依法申请删除', requestReference: 'REQ-1' } as const;
    const sealed = { keyId: 'k-1', alg: 'A256GCM', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' } as const;
    const stream = streamUnderTest(complaintDecider);
    const [registeredEvent] = stream.run(registration, handler);
    // The command layer seals before the append; the fold carries whatever was stored.
    const state = complaintDecider.fold([{ ...registeredEvent!, data: { ...registeredEvent!.data, customer: sealed } }]);
    expect(() => complaintDecider.decide(state, erasure, contextFor(handler))).toThrow(ForbiddenByRoleError);
    expect(() => complaintDecider.decide(state, { ...erasure, requestReference: ' ' }, contextFor(admin))).toThrow(InvalidCommandError);
    const [erased] = complaintDecider.decide(state, erasure, contextFor(admin));
    expect(erased).toMatchObject({ type: 'CustomerDataErased', data: { keyId: 'k-1', reason: '客户依法申请删除', requestReference: 'REQ-1', actorId: 'admin' } });
    const after = complaintDecider.fold([erased!], state);
    expect(toComplaintView(after)).toMatchObject({ state: 'received', customerErasure: { keyId: 'k-1', requestReference: 'REQ-1' } });
    expect(complaintDecider.allowedCommands(after)).not.toContain('erase-customer-data');
    expect(() => complaintDecider.decide(after, erasure, contextFor(admin))).toThrow(CommandNotAllowedError);
    // A legacy plain customer has no key: the fact is recorded all the same.
    const legacy = registered();
    legacy.run({ type: 'withdraw', reason: '客户撤回' }, handler);
    expect(legacy.run(erasure, admin)[0]?.data).toMatchObject({ keyId: null });
  });

  it('refuses an unknown command type as invalid', () => {
    expect(() => complaintDecider.decide(registered().state, { type: 'delete' } as never, contextFor(handler))).toThrow(InvalidCommandError);
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
      expect(() => complaintDecider.fold([{ ...registeredEvent!, schemaVersion: 2 }])).toThrow(UnsupportedSchemaVersionError);
    });
  });
});
