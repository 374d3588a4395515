import type { AggregateType as CoreAggregateType, FollowUp, FollowUpCreation } from '@duban/command-handling';
import {
  circularDecider,
  circularReaderUnitIds,
  complaintDecider,
  decodeComplaintReplied,
  decodeResponsibilityDecided,
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
  type CancelFinding,
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
  /** Units whose staff may read the record besides its own and its responsible unit's subtrees (a circular's recipients). */
  readonly readerUnitIds?: (state: TState) => readonly string[];
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
    demandedBy: (event, state): FollowUp<DecideContext>[] => {
      if (event.type === 'FindingFannedOut') return raiseChildren(state, event);
      const { parentId, findingId } = state.context;
      if (event.type !== 'FindingClosed' || parentId === null) return [];
      // The parent records the closure, and closes with its last child.
      const command = { type: 'record-child-closed', findingId } satisfies RecordChildClosed;
      return [{ aggregate: FINDINGS, id: parentId, command, causedBy: event, appliesTo: (parent: FindingState) => parent.status === 'active' }];
    },
  },
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

/** The rectification finding a valid reply (or a decision that the bank is at fault) opens (see the workflow README, "Complaint → finding link"). */
function raiseForValidComplaint(state: ComplaintState, findingId: string): RaiseFinding {
  const complaint = state.context;
  return {
    type: 'raise',
    findingId,
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
    triggers: ['ComplaintReplied', 'ComplaintResponsibilityDecided'],
    demandedBy: (event, state): FollowUp<DecideContext>[] => {
      if (event.type === 'ComplaintReplied') {
        const { findingId } = decodeComplaintReplied(event);
        return findingId === null ? [] : [{ aggregate: FINDINGS, id: findingId, command: raiseForValidComplaint(state, findingId), causedBy: event }];
      }
      if (event.type !== 'ComplaintResponsibilityDecided') return [];
      // 责任认定: one live finding exactly when the bank is at fault.
      const { raisesFindingId, cancelsFindingId, reason } = decodeResponsibilityDecided(event);
      if (raisesFindingId !== null) return [{ aggregate: FINDINGS, id: raisesFindingId, command: raiseForValidComplaint(state, raisesFindingId), causedBy: event }];
      if (cancelsFindingId === null) return [];
      const cancel: CancelFinding = {
        type: 'cancel',
        complaintId: state.context.complaintId,
        reason: reason ?? "责任认定为客户责任 (customer's responsibility)",
      };
      // A finding already closed was rectified: it stays as it is.
      return [{ aggregate: FINDINGS, id: cancelsFindingId, command: cancel, causedBy: event, appliesTo: (finding: FindingState) => finding.status === 'active' }];
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
