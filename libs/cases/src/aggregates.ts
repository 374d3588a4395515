import type { AggregateType as CoreAggregateType, FollowUpCreation } from '@duban/command-handling';
import {
  circularDecider,
  circularReaderUnitIds,
  complaintDecider,
  decodeComplaintReplied,
  findingDecider,
  inspectionDecider,
  streamPrefix,
  toComplaintView,
  toFindingView,
  toInspectionView,
  toViolationView,
  violationDecider,
  toCircularView,
  type Actor,
  type CircularCommand,
  type CircularState,
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
  type ViolationCommand,
  type ViolationState,
} from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';

/** One of Duban's aggregates as the command handler and the API see it; streams are `<kind>-<id>`. */
export interface AggregateType<TState extends AnyMachineSnapshot, TCommand extends { type: string }, TView = unknown> extends CoreAggregateType<TState, TCommand, DecideContext> {
  readonly kind: AggregateKind;
  readonly decider: Decider<TState, EventEnvelope, TCommand>;
  /** Throws AggregateNotFoundError before the creation event. */
  readonly toView: (state: TState, actor?: Actor) => TView;
  /** Units whose staff may read the record besides its own and its responsible unit's subtrees (a circular's recipients). */
  readonly readerUnitIds?: (state: TState) => readonly string[];
}

export const FINDINGS: AggregateType<FindingState, FindingCommand, ReturnType<typeof toFindingView>> = {
  kind: 'finding',
  streamPrefix: streamPrefix('finding'),
  decider: findingDecider,
  toView: toFindingView,
};

export const INSPECTIONS: AggregateType<InspectionState, InspectionCommand, ReturnType<typeof toInspectionView>> = {
  kind: 'inspection',
  streamPrefix: streamPrefix('inspection'),
  decider: inspectionDecider,
  toView: toInspectionView,
};

export const VIOLATIONS: AggregateType<ViolationState, ViolationCommand, ReturnType<typeof toViolationView>> = {
  kind: 'violation',
  streamPrefix: streamPrefix('violation'),
  decider: violationDecider,
  toView: toViolationView,
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

export const CIRCULARS: AggregateType<CircularState, CircularCommand, ReturnType<typeof toCircularView>> = {
  kind: 'circular',
  streamPrefix: streamPrefix('circular'),
  decider: circularDecider,
  toView: toCircularView,
  readerUnitIds: circularReaderUnitIds,
};

/** Every aggregate of the workflow: what the follow-up reactor watches. */
export const ALL_AGGREGATES = [COMPLAINTS, FINDINGS, INSPECTIONS, VIOLATIONS, CIRCULARS] as const;
