import type { AggregateType as CoreAggregateType, FollowUpCreation } from '@duban/command-handling';
import {
  complaintDecider,
  decodeComplaintReplied,
  findingDecider,
  inspectionDecider,
  streamPrefix,
  toComplaintView,
  toFindingView,
  toInspectionView,
  type Actor,
  type AggregateKind,
  type ComplaintCommand,
  type ComplaintReplyData,
  type ComplaintState,
  type DecideContext,
  type Decider,
  type EventEnvelope,
  type FindingCommand,
  type FindingState,
  type InspectionCommand,
  type InspectionState,
  type RaiseFinding,
  type RecordChildClosed,
  decodeFindingFannedOut,
} from '@duban/workflow';
import type { RecordedEvent } from '@duban/event-store';
import type { AnyMachineSnapshot } from 'xstate';

/** One of Duban's aggregates as the command handler and the API see it; streams are `<kind>-<id>`. */
export interface AggregateType<TState extends AnyMachineSnapshot, TCommand extends { type: string }, TView = unknown> extends CoreAggregateType<TState, TCommand, DecideContext> {
  readonly kind: AggregateKind;
  readonly decider: Decider<TState, EventEnvelope, TCommand>;
  /** Throws AggregateNotFoundError before the creation event. */
  readonly toView: (state: TState, actor?: Actor) => TView;
}

/** 举一反三: a parent's children are raised at their units, each as the parent was, linked to it. */
function raiseChildren(parent: FindingState, event: RecordedEvent): FollowUpCreation<DecideContext>[] {
  const { children } = decodeFindingFannedOut(event);
  const { source, category, description, severity, dueAt, findingId } = parent.context;
  return children.map((child) => ({
    aggregate: FINDINGS,
    id: child.findingId,
    command: {
      type: 'raise',
      findingId: child.findingId,
      source,
      unitId: child.unitId,
      category,
      description,
      severity,
      mode: 'deadline',
      ...(dueAt !== null && { dueAt }),
      parentId: findingId,
    } satisfies RaiseFinding,
    causedBy: event,
    idsPerStream: true,
  }));
}

export const FINDINGS: AggregateType<FindingState, FindingCommand, ReturnType<typeof toFindingView>> = {
  kind: 'finding',
  streamPrefix: streamPrefix('finding'),
  decider: findingDecider,
  toView: toFindingView,
  followUps: {
    triggers: ['FindingFannedOut', 'FindingClosed'],
    demandedBy: (event, state): FollowUpCreation<DecideContext>[] => {
      if (event.type === 'FindingFannedOut') return raiseChildren(state, event);
      const { parentId, findingId } = state.context;
      if (event.type !== 'FindingClosed' || parentId === null) return [];
      // The parent records the closure, and closes with its last child.
      const doneIn = (parent: unknown): boolean => (parent as FindingState).context.closedChildIds.includes(findingId);
      return [{ aggregate: FINDINGS, id: parentId, command: { type: 'record-child-closed', findingId } satisfies RecordChildClosed, causedBy: event, doneIn }];
    },
  },
};

export const INSPECTIONS: AggregateType<InspectionState, InspectionCommand, ReturnType<typeof toInspectionView>> = {
  kind: 'inspection',
  streamPrefix: streamPrefix('inspection'),
  decider: inspectionDecider,
  toView: toInspectionView,
};

/** The rectification finding a valid reply opens (see the workflow README, "Complaint → finding link"). */
function raiseForValidReply(state: ComplaintState, reply: ComplaintReplyData & { findingId: string }): RaiseFinding {
  const complaint = state.context;
  return {
    type: 'raise',
    findingId: reply.findingId,
    source: { kind: 'complaint', complaintId: complaint.complaintId },
    // The fault lies with the unit that served the customer, whoever handles the case now.
    unitId: complaint.unitId,
    category: complaint.category,
    description: complaint.description,
    severity: complaint.priority === 'urgent' ? 'major' : 'minor',
    mode: 'deadline',
  };
}

export const COMPLAINTS: AggregateType<ComplaintState, ComplaintCommand, ReturnType<typeof toComplaintView>> = {
  kind: 'complaint',
  streamPrefix: streamPrefix('complaint'),
  decider: complaintDecider,
  toView: toComplaintView,
  followUps: {
    triggers: ['ComplaintReplied'],
    demandedBy: (event, state): FollowUpCreation<DecideContext>[] => {
      if (event.type !== 'ComplaintReplied') return [];
      const reply = decodeComplaintReplied(event);
      if (reply.findingId === null) return [];
      return [{ aggregate: FINDINGS, id: reply.findingId, command: raiseForValidReply(state, { ...reply, findingId: reply.findingId }), causedBy: event }];
    },
  },
};

/** Every aggregate of the workflow: what the follow-up reactor watches. */
export const ALL_AGGREGATES = [COMPLAINTS, FINDINGS, INSPECTIONS] as const;
