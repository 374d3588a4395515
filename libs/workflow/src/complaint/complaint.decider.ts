import { createDecider } from '../shared/aggregate';
import type { Actor, DecideContext } from '../shared/context';
import { decideEscalation, isAtHeadOffice, unitsClimbedFrom } from '../shared/escalation';
import type { OrgTree } from '../shared/org-tree';
import { envelope, type EventMeta, type StoredEvent } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import { PayloadCheck } from '../shared/payload-check';
import { COMPLAINT_COMMAND_EVENTS, COMPLAINT_ROLE_GATES, type ComplaintCommand, type DecideResponsibility, type ReplyDetails } from './complaint.commands';
import {
  CASE_TYPES,
  COMPLAINT_CHANNELS,
  PRIORITIES,
  REPLY_CHANNELS,
  RESPONSIBILITIES,
  TYPES_WITHOUT_RESPONSIBILITY,
  findingIdForComplaintReply,
  findingIdForResponsibilityDecision,
  type CaseType,
  type ComplaintEvent,
  type ComplaintReplied,
  type ComplaintResponsibilityDecided,
} from './complaint.events';
import { complaintMachine, failedContactAttempts, liveFindingIdOf, recordComplaintEvent, type ComplaintData, type ComplaintState } from './complaint.machine';

/** The customer of an anonymous comment-book entry: nobody, so there is nothing personal to seal or erase. */
const ANONYMOUS_CUSTOMER = { name: '', phone: null, idNumber: null };

function checkReply(check: PayloadCheck, prefix: string, reply: ReplyDetails | undefined, caseType: CaseType): void {
  // A complaint's reply proposes a responsibility (责任认定); praise and suggestions blame nobody.
  if (!TYPES_WITHOUT_RESPONSIBILITY.includes(caseType)) check.oneOf(`${prefix}responsibility`, reply?.responsibility, RESPONSIBILITIES);
  else if (reply?.responsibility !== undefined) check.fail(`${prefix}responsibility`, 'is not decided for praise or suggestions', '表扬和建议不作责任认定');
  check.text(`${prefix}text`, reply?.text);
  check.oneOf(`${prefix}channel`, reply?.channel, REPLY_CHANNELS);
}

function replyEvent(data: ComplaintData, reply: ReplyDetails, onSpot: boolean, meta: EventMeta): ComplaintReplied {
  const replyNumber = data.replies.length + 1;
  // One live rectification finding per complaint: a valid reply opens it only when there is none.
  const opensFinding = reply.responsibility === 'valid' && liveFindingIdOf(data) === null;
  return envelope('ComplaintReplied', {
    replyNumber,
    responsibility: reply.responsibility ?? null,
    text: reply.text,
    channel: reply.channel,
    onSpot,
    findingId: opensFinding ? findingIdForComplaintReply(data.complaintId, replyNumber) : null,
    ...meta,
  });
}

function buildComplaintEvents(state: ComplaintState, command: ComplaintCommand, context: DecideContext): ComplaintEvent[] {
  const data = state.context;
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('complaint', command.type);

  switch (command.type) {
    case 'register': {
      check
        .text('complaintId', command.complaintId)
        .oneOf('channel', command.channel, COMPLAINT_CHANNELS)
        .oneOf('caseType', command.caseType, CASE_TYPES)
        .text('category', command.category);
      const anonymous = command.customer === undefined || command.customer === null;
      if (!anonymous) {
        check.text('customer.name', command.customer?.name).optionalText('customer.phone', command.customer?.phone).optionalText('customer.idNumber', command.customer?.idNumber);
      } else if (command.channel !== 'comment_book') {
        check.fail('customer', 'is required except for an anonymous comment-book entry (channel comment_book)', '除意见簿匿名留言（渠道 comment_book）外必须填写');
      }
      check.text('description', command.description).oneOf('priority', command.priority, PRIORITIES).notInFuture('receivedAt', command.receivedAt, context.now);
      if (!context.orgTree.contains(command.unitId)) check.fail('unitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      if (command.resolvedOnSpot !== undefined) checkReply(check, 'resolvedOnSpot.reply.', command.resolvedOnSpot.reply, command.caseType);
      check.throwIfInvalid();

      const registered = envelope('ComplaintRegistered', {
        complaintId: command.complaintId,
        channel: command.channel,
        caseType: command.caseType,
        category: command.category,
        customer: anonymous ? ANONYMOUS_CUSTOMER : { name: command.customer!.name, phone: command.customer!.phone ?? null, idNumber: command.customer!.idNumber ?? null },
        description: command.description,
        priority: command.priority,
        unitId: command.unitId,
        atHeadOffice: isAtHeadOffice(command.unitId, context.orgTree),
        receivedAt: command.receivedAt,
        ...(anonymous && { anonymous }),
        ...meta,
      });
      if (command.resolvedOnSpot === undefined) return [registered];
      // 即办: the same decision records the reply, so the fold passes received → replied.
      const registeredData = { ...data, complaintId: command.complaintId };
      return [registered, replyEvent(registeredData, command.resolvedOnSpot.reply, true, meta)];
    }
    case 'assign':
      check.text('assigneeId', command.assigneeId).throwIfInvalid();
      return [envelope('ComplaintAssigned', { assigneeId: command.assigneeId, ...meta })];
    case 'hand-over':
      check.text('managerId', command.managerId).optionalText('reason', command.reason);
      if (command.managerId === data.assigneeId) check.fail('managerId', 'already holds the case', '已在办理此案');
      check.throwIfInvalid();
      return [envelope('ComplaintHandedOver', { managerId: command.managerId, reason: command.reason ?? null, ...meta })];
    case 'promise-reply':
      check.inFuture('promisedBy', command.promisedBy, context.now).throwIfInvalid();
      return [envelope('ComplaintReplyPromised', { promisedBy: new Date(command.promisedBy).toISOString(), ...meta })];
    case 'add-note':
      check.text('text', command.text).throwIfInvalid();
      return [envelope('ComplaintNoteAdded', { text: command.text, ...meta })];
    case 'reclassify': {
      if (command.caseType !== undefined) check.oneOf('caseType', command.caseType, CASE_TYPES);
      if (command.category !== undefined) check.text('category', command.category);
      const caseType = command.caseType ?? data.caseType;
      const category = command.category ?? data.category;
      if (caseType === data.caseType && category === data.category) check.fail('caseType', 'or category must change', '或类别须有改变');
      check.throwIfInvalid();
      return [
        envelope('ComplaintReclassified', {
          caseType,
          category,
          previousCaseType: data.caseType,
          previousCategory: data.category,
          ...meta,
        }),
      ];
    }
    case 'escalate':
      return [envelope('ComplaintEscalated', { ...decideEscalation(data, command.reason, context, check), ...meta })];
    case 'transfer': {
      check.text('toUnitId', command.toUnitId).text('reason', command.reason);
      if (typeof command.toUnitId === 'string' && !context.orgTree.contains(command.toUnitId)) check.fail('toUnitId', 'is not a unit of the org tree', '不是组织架构中的机构');
      if (command.toUnitId === data.unitId) check.fail('toUnitId', 'is the unit the case is at already', '就是此案当前所在的机构');
      check.throwIfInvalid();
      const atHeadOffice = isAtHeadOffice(command.toUnitId, context.orgTree);
      return [envelope('ComplaintTransferred', { fromUnitId: data.unitId, toUnitId: command.toUnitId, atHeadOffice, reason: command.reason, ...meta })];
    }
    case 'refer': {
      check.text('reason', command.reason).throwIfInvalid();
      const path = ancestorsOf(data.responsibleUnitId, context.orgTree);
      const headOffice =
        path.at(-1) ?? check.reject('responsibleUnitId', `${data.responsibleUnitId} has no parent in the org tree`, `${data.responsibleUnitId} 在组织架构中没有上级`);
      return [
        envelope('ComplaintReferred', {
          fromUnitId: data.responsibleUnitId,
          toUnitId: headOffice,
          level: data.escalationLevel + 1,
          atHeadOffice: true,
          reason: command.reason,
          automatic: false,
          bypassedUnitIds: path.slice(0, -1),
          ...meta,
        }),
      ];
    }
    case 'reply':
      checkReply(check, '', command, data.caseType);
      check.throwIfInvalid();
      return [replyEvent(data, command, false, meta)];
    case 'verify':
      check.verdict('satisfied', command.satisfied, command.comment).throwIfInvalid();
      return command.satisfied
        ? [envelope('ComplaintVerified', { comment: command.comment ?? null, ...meta })]
        : [envelope('ComplaintReopened', { comment: String(command.comment), ...meta })];
    case 'record-contact-attempt':
      check
        .notInFuture('attemptedAt', command.attemptedAt, context.now)
        .oneOf('channel', command.channel, REPLY_CHANNELS)
        .boolean('reached', command.reached)
        .optionalText('note', command.note);
      if (command.unreachableAfter !== undefined && !(Number.isInteger(command.unreachableAfter) && command.unreachableAfter >= 1)) {
        check.fail('unreachableAfter', 'must be a positive whole number', '须为正整数');
      }
      check.throwIfInvalid();
      return [
        envelope('ComplaintContactAttempted', {
          attemptedAt: new Date(command.attemptedAt).toISOString(),
          channel: command.channel,
          reached: command.reached,
          note: command.note ?? null,
          unreachableAfter: command.unreachableAfter ?? data.unreachableAfter,
          ...meta,
        }),
      ];
    case 'record-unreachable':
      check.optionalText('comment', command.comment).throwIfInvalid();
      return [envelope('ComplaintCustomerUnreachable', { failedAttempts: failedContactAttempts(data), comment: command.comment ?? null, ...meta })];
    case 'request-decision-maintained':
      check.text('comment', command.comment).throwIfInvalid();
      return [envelope('ComplaintDecisionMaintenanceRequested', { comment: command.comment, ...meta })];
    case 'maintain-decision':
      check.text('comment', command.comment).throwIfInvalid();
      return [envelope('ComplaintDecisionMaintained', { comment: command.comment, ...meta })];
    case 'refuse-decision-maintained':
      check.text('reason', command.reason).throwIfInvalid();
      return [envelope('ComplaintDecisionMaintenanceRefused', { reason: command.reason, ...meta })];
    case 'decide-responsibility':
      return [decideResponsibility(data, command, context, check)];
    case 'close':
      return [envelope('ComplaintClosed', meta)];
    case 'withdraw':
      check.text('reason', command.reason).throwIfInvalid();
      return [envelope('ComplaintWithdrawn', { reason: command.reason, ...meta })];
    case 'erase-customer-data': {
      check.text('reason', command.reason).text('requestReference', command.requestReference).throwIfInvalid();
      const keyId = 'keyId' in data.customer ? data.customer.keyId : null;
      return [envelope('CustomerDataErased', { keyId, reason: command.reason, requestReference: command.requestReference, ...meta })];
    }
    case 'attach-evidence':
      return decideEvidence({ attachments: data.attachments, customerErased: data.customerErasure !== null }, command, check, meta);
  }
}

/**
 * 责任认定: confirm or override the latest reply's proposal. After it, the complaint has a live
 * finding exactly when the bank is at fault: customer responsibility cancels the live one (recorded
 * on the finding, not deleted), valid raises one when none is live.
 */
function decideResponsibility(data: ComplaintData, command: DecideResponsibility, context: DecideContext, check: PayloadCheck): ComplaintResponsibilityDecided {
  check.oneOf('responsibility', command.responsibility, RESPONSIBILITIES);
  const reply = data.replies.at(-1)!;
  const proposed = reply.responsibility!;
  const overrides = command.responsibility !== proposed;
  if (overrides) check.text('reason', command.reason);
  else check.optionalText('reason', command.reason);
  check
    .optionalText('responsibleUnitId', command.responsibleUnitId)
    .optionalText('responsibleStaffId', command.responsibleStaffId)
    .optionalText('complainedStaffId', command.complainedStaffId);
  if (typeof command.responsibleUnitId === 'string' && !context.orgTree.contains(command.responsibleUnitId)) {
    check.fail('responsibleUnitId', 'is not a unit of the org tree', '不是组织架构中的机构');
  }
  if (command.responsibility === 'valid' && command.responsibleUnitId === undefined && command.responsibleStaffId === undefined) {
    check.fail('responsibleUnitId', 'or responsibleStaffId must name who is responsible when the bank is at fault', '或 responsibleStaffId：有效投诉须认定责任单位或责任人');
  }
  check.throwIfInvalid();
  const live = liveFindingIdOf(data);
  return envelope('ComplaintResponsibilityDecided', {
    replyNumber: reply.replyNumber,
    proposed,
    responsibility: command.responsibility,
    reason: command.reason ?? null,
    responsibleUnitId: command.responsibleUnitId ?? null,
    responsibleStaffId: command.responsibleStaffId ?? null,
    complainedStaffId: command.complainedStaffId ?? null,
    raisesFindingId: command.responsibility === 'valid' && live === null ? findingIdForResponsibilityDecision(data.complaintId, reply.replyNumber) : null,
    cancelsFindingId: command.responsibility === 'customer' ? live : null,
    occurredAt: context.now,
    actorId: context.actor.id,
  });
}

/** Nearest first, head office last. */
function ancestorsOf(unitId: string, orgTree: OrgTree): string[] {
  const path: string[] = [];
  for (let parent = orgTree.parentOf(unitId); parent !== undefined; parent = orgTree.parentOf(parent)) path.push(parent);
  return path;
}

/** Commands that answer or decide the case: after 上报 or 报总行 only the responsible unit (or above) gives them (seed 002 "配合了解"). */
const DECIDING_COMMANDS: readonly string[] = ['reply', 'reclassify', 'verify', 'record-unreachable', 'request-decision-maintained', 'maintain-decision', 'promise-reply'];

/** Why the actor does not stand where the command may be given from, or null. */
function complaintStandingConflict(data: ComplaintData, command: string, actor: Actor): string | null {
  if (!unitsClimbedFrom(data).has(actor.unitId)) return null;
  // 签字确认 by the head of the unit that replies (seed 002 "由网点负责人签字确认"): once the case went up, not the outlet's
  // head. Which unit head exactly (the organisation file's) the API checks.
  if (command === 'close') {
    return `sign-off is by the unit head of ${data.responsibleUnitId}, which answers for the case now; the case went up from their unit ${actor.unitId}`;
  }
  if (DECIDING_COMMANDS.includes(command)) {
    return `the case went up from their unit ${actor.unitId} to ${data.responsibleUnitId}, which answers it now; they may add notes`;
  }
  return null;
}

/** Four-eyes: who gave the reply does not confirm the customer is satisfied with it; who asked to maintain the decision does not approve it. */
function complaintFourEyesConflict(data: ComplaintData, command: string, actor: Actor): string | null {
  if (command === 'verify' && data.replies.at(-1)?.actorId === actor.id) return 'they gave the reply being verified';
  if ((command === 'maintain-decision' || command === 'refuse-decision-maintained') && data.decisionMaintenanceRequest?.actorId === actor.id) {
    return 'they asked for the decision to be maintained';
  }
  return null;
}

/**
 * Before the handler asked and a supervisor approved (issue 18), a supervisor recorded "decision
 * maintained" straight from `replied`: read as the request and its approval, both theirs.
 */
function upcastComplaintEvent(state: string, event: StoredEvent): readonly StoredEvent[] | undefined {
  if (state !== 'replied' || event.type !== 'ComplaintDecisionMaintained') return undefined;
  return [{ ...event, type: 'ComplaintDecisionMaintenanceRequested' }, event];
}

/** Decider, fold and command list of the complaint (投诉) aggregate, all driven by complaintMachine. */
export const complaintDecider = createDecider<ComplaintState, ComplaintEvent, ComplaintCommand>({
  kind: 'complaint',
  machine: complaintMachine,
  record: recordComplaintEvent,
  commandEvents: COMPLAINT_COMMAND_EVENTS,
  roleGates: COMPLAINT_ROLE_GATES,
  fourEyesConflict: (state, command, actor) => complaintFourEyesConflict(state.context, command, actor),
  standingConflict: (state, command, actor) => complaintStandingConflict(state.context, command, actor),
  buildEvents: buildComplaintEvents,
  upcast: upcastComplaintEvent,
});
