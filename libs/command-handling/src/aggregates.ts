import type { RecordedEvent } from '@duban/event-store';
import {
  complaintDecider,
  decodeComplaintReplied,
  findingDecider,
  inspectionDecider,
  toComplaintView,
  toFindingView,
  toInspectionView,
  type Actor,
  type AggregateKind,
  type ComplaintCommand,
  type ComplaintReplyData,
  type ComplaintState,
  type Decider,
  type EventEnvelope,
  type FindingCommand,
  type FindingState,
  type InspectionCommand,
  type InspectionState,
  type RaiseFinding,
} from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';

/** A creation another aggregate's event demands, e.g. the finding a valid complaint reply opens. */
export interface FollowUpCreation {
  readonly aggregate: AggregateType<AnyMachineSnapshot, { type: string }>;
  readonly id: string;
  readonly command: { type: string };
  /** The stored event that demands it: causation of the new events and seed of their ids. */
  readonly causedBy: RecordedEvent;
}

/** What the command handler needs to know about one aggregate; streams are named `<kind>-<id>`. */
export interface AggregateType<TState extends AnyMachineSnapshot, TCommand extends { type: string }, TView = unknown> {
  readonly kind: AggregateKind;
  readonly decider: Decider<TState, EventEnvelope, TCommand>;
  /** Throws AggregateNotFoundError before the creation event. */
  readonly toView: (state: TState, actor?: Actor) => TView;
  /** Creations this aggregate's history demands elsewhere; the handler makes sure each exists once. */
  readonly followUps?: (history: readonly RecordedEvent[], state: TState) => FollowUpCreation[];
}

export function streamName(kind: AggregateKind, id: string): string {
  return `${kind}-${id}`;
}

export const FINDINGS: AggregateType<FindingState, FindingCommand, ReturnType<typeof toFindingView>> = {
  kind: 'finding',
  decider: findingDecider as Decider<FindingState, EventEnvelope, FindingCommand>,
  toView: toFindingView,
};

export const INSPECTIONS: AggregateType<InspectionState, InspectionCommand, ReturnType<typeof toInspectionView>> = {
  kind: 'inspection',
  decider: inspectionDecider as Decider<InspectionState, EventEnvelope, InspectionCommand>,
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
  decider: complaintDecider as Decider<ComplaintState, EventEnvelope, ComplaintCommand>,
  toView: toComplaintView,
  followUps: (history, state) =>
    history.flatMap((event) => {
      if (event.type !== 'ComplaintReplied') return [];
      const reply = decodeComplaintReplied(event);
      if (reply.findingId === null) return [];
      const command = raiseForValidReply(state, { ...reply, findingId: reply.findingId });
      return [{ aggregate: FINDINGS as FollowUpCreation['aggregate'], id: reply.findingId, command, causedBy: event }];
    }),
};
