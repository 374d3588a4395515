import { createDecider } from '../shared/aggregate';
import type { Actor, DecideContext } from '../shared/context';
import { envelope, type EventMeta } from '../shared/event-envelope';
import { decideEvidence } from '../shared/evidence';
import type { JsonObject } from '../shared/json';
import { PayloadCheck } from '../shared/payload-check';
import { CIRCULAR_COMMAND_EVENTS, CIRCULAR_ROLE_GATES, type CircularCommand, type CircularCommandType } from './circular.commands';
import { CIRCULAR_KINDS, CIRCULAR_SOURCE_KINDS, type CircularEvent, type CircularSource } from './circular.events';
import { circularMachine, recordCircularEvent, type CircularState } from './circular.machine';

/** A snapshot is a table for people to read, not a data dump. */
export const MAX_SOURCE_ROWS = 500;
const MAX_RECIPIENTS = 500;

function buildCircularEvents(state: CircularState, command: CircularCommand, context: DecideContext): CircularEvent[] {
  const meta: EventMeta = { occurredAt: context.now, actorId: context.actor.id };
  const check = new PayloadCheck('circular', command.type);
  const data = state.context;

  switch (command.type) {
    case 'draft': {
      check.text('circularId', command.circularId).oneOf('kind', command.kind, CIRCULAR_KINDS).text('title', command.title).text('content', command.content);
      const recipientUnitIds = checkedRecipients(command.recipientUnitIds, check, context);
      const source = command.source === undefined ? null : checkedSource(command.source, check);
      if (command.correctsId !== undefined) check.text('correctsId', command.correctsId);
      check.throwIfInvalid();
      const { circularId, kind, title, content, correctsId } = command;
      return [
        envelope('CircularDrafted', {
          circularId,
          kind,
          title,
          content,
          unitId: context.actor.unitId,
          recipientUnitIds,
          source,
          ...(correctsId !== undefined && { correctsId }),
          ...meta,
        }),
      ];
    }
    case 'edit': {
      check.optionalText('title', command.title).optionalText('content', command.content);
      const recipientUnitIds = command.recipientUnitIds === undefined ? undefined : checkedRecipients(command.recipientUnitIds, check, context);
      check.throwIfInvalid();
      const changed = {
        ...(command.title !== undefined && command.title !== data.title && { title: command.title }),
        ...(command.content !== undefined && command.content !== data.content && { content: command.content }),
        ...(recipientUnitIds !== undefined && recipientUnitIds.join() !== data.recipientUnitIds.join() && { recipientUnitIds }),
      };
      return Object.keys(changed).length === 0 ? [] : [envelope('CircularEdited', { ...changed, ...meta })];
    }
    case 'attach-evidence':
      // Files of a circular hold no customer's data: nothing here is erased with a customer.
      return decideEvidence({ attachments: data.attachments, customerErased: false }, command, check, meta);
    case 'issue':
      return [envelope('CircularIssued', { recipientUnitIds: data.recipientUnitIds, ...meta })];
    case 'acknowledge':
      return [envelope('CircularAcknowledged', { unitId: context.actor.unitId, ...meta })];
    case 'withdraw':
      check.text('reason', command.reason).throwIfInvalid();
      return [envelope('CircularWithdrawn', { reason: command.reason, ...meta })];
  }
}

/** Units of the org tree, at least one, each once, in the order given. */
function checkedRecipients(input: unknown, check: PayloadCheck, context: DecideContext): string[] {
  if (!Array.isArray(input) || input.length === 0 || input.length > MAX_RECIPIENTS) {
    check.fail('recipientUnitIds', `must list 1 to ${MAX_RECIPIENTS} units`, `须列出 1 至 ${MAX_RECIPIENTS} 个收文机构`);
    return [];
  }
  input.forEach((unitId: unknown, index) => {
    if (typeof unitId !== 'string' || !context.orgTree.contains(unitId)) check.fail(`recipientUnitIds[${index}]`, 'is not a unit of the org tree', '不是组织架构中的机构');
    else if (input.indexOf(unitId) !== index) check.fail(`recipientUnitIds[${index}]`, `lists ${unitId} twice`, `重复列出 ${unitId}`);
  });
  return input as string[];
}

/** A reference and at most MAX_SOURCE_ROWS flat rows of text, numbers, booleans or nulls. */
function checkedSource(source: CircularSource, check: PayloadCheck): CircularSource {
  check.oneOf('source.kind', source?.kind, CIRCULAR_SOURCE_KINDS).text('source.reference', source?.reference);
  const rows: unknown = source?.rows;
  if (!Array.isArray(rows) || rows.length > MAX_SOURCE_ROWS) {
    check.fail('source.rows', `must list at most ${MAX_SOURCE_ROWS} rows`, `须为不超过 ${MAX_SOURCE_ROWS} 行的列表`);
    return source;
  }
  rows.forEach((row: unknown, index) => {
    const flat =
      typeof row === 'object' &&
      row !== null &&
      !Array.isArray(row) &&
      Object.values(row).every((value) => value === null || ['string', 'number', 'boolean'].includes(typeof value));
    if (!flat) check.fail(`source.rows[${index}]`, 'must be an object of texts, numbers, booleans or nulls', '须为由文本、数字、布尔值或空值组成的对象');
  });
  return { kind: source.kind, reference: source.reference, rows: rows as JsonObject[] };
}

/** Only a recipient unit acknowledges, once. */
function standingConflict(state: CircularState, command: CircularCommandType, actor: Actor): string | null {
  if (command !== 'acknowledge') return null;
  const { recipientUnitIds, receipts } = state.context;
  if (!recipientUnitIds.includes(actor.unitId)) return `unit ${actor.unitId} is not a recipient of this circular`;
  const receipt = receipts.find((candidate) => candidate.unitId === actor.unitId);
  return receipt === undefined ? null : `unit ${actor.unitId} acknowledged it already (${receipt.actorId}, ${receipt.occurredAt})`;
}

/** Decider, fold and command list of the circular (通报, 限期整改通知, 简报), driven by circularMachine. */
export const circularDecider = createDecider<CircularState, CircularEvent, CircularCommand>({
  kind: 'circular',
  machine: circularMachine,
  record: recordCircularEvent,
  commandEvents: CIRCULAR_COMMAND_EVENTS,
  roleGates: CIRCULAR_ROLE_GATES,
  fourEyesConflict: () => null,
  standingConflict,
  buildEvents: buildCircularEvents,
});
