import type { Numbered } from '../shared/case-number';
import type { EvidenceAttached } from '../shared/evidence';
import { decodeWorkflowEvent, type EventEnvelope, type EventMeta, type StoredEvent } from '../shared/event-envelope';

/**
 * The rule broken: a complaint category (GET /categories), and the checklist item when the breach
 * was scored against one; the item's text and template version are copied so that a later version
 * changes nothing here.
 */
export type ViolationRule = { category: string; checklistItem?: { checklistId: string; version: number; itemId: string; text: string } };

/** Points deducted (扣分) and/or a financial penalty (经济处罚) in fen, integers; at least one of them. */
export type Penalty = { points: number | null; amountFen: number | null };

export type ViolationRecordedData = Numbered & {
  violationId: string;
  /** The employee (工号) of the organisation file; their name is read from it, never stored in an event. */
  staffId: string;
  /** The employee's unit when the violation was recorded: whose subtree sees it. */
  unitId: string;
  rule: ViolationRule;
  description: string;
  /** The finding or complaint the violation came out of, when there is one. */
  findingId?: string;
  complaintId?: string;
};

/** 违规服务 recorded against an employee, by an inspector, supervisor or unit head. */
export type ViolationRecorded = EventEnvelope<'ViolationRecorded', ViolationRecordedData>;

/** ViolationRecorded's data as read from a stream outside the fold (the service file). */
export function decodeViolationRecorded(event: Pick<StoredEvent, 'type' | 'data'>): ViolationRecordedData & EventMeta {
  return decodeWorkflowEvent(event, ['ViolationRecorded'], { violationId: 'string', staffId: 'string', unitId: 'string', description: 'string' });
}

/**
 * The supervisor's penalty. `decidedAtUnitId` is the supervisor's unit; `appealUnitId` the unit
 * above it, which hears an appeal (null at head office: nothing above, no appeal).
 */
export type ViolationPenaltyDecided = EventEnvelope<'ViolationPenaltyDecided', Penalty & { reason: string; decidedAtUnitId: string; appealUnitId: string | null }>;
/** The employee's one appeal (申诉), lodged through their unit to the unit above the one that decided. */
export type ViolationAppealed = EventEnvelope<'ViolationAppealed', { grounds: string; toUnitId: string }>;

/** The appeal's outcomes: 维持 upheld, 变更 penalty changed, 撤销 annulled; each its own event. */
export const APPEAL_OUTCOMES = ['upheld', 'changed', 'annulled'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
/** A supervisor of the unit above upheld the penalty. */
export type ViolationAppealUpheld = EventEnvelope<'ViolationAppealUpheld', { reason: string }>;
/** A supervisor of the unit above replaced the penalty by this one. */
export type ViolationPenaltyChanged = EventEnvelope<'ViolationPenaltyChanged', Penalty & { reason: string }>;
/** A supervisor of the unit above annulled the violation and its penalty: it counts for nothing any more. */
export type ViolationAnnulled = EventEnvelope<'ViolationAnnulled', { reason: string }>;

export type ViolationEvent =
  ViolationRecorded | ViolationPenaltyDecided | ViolationAppealed | ViolationAppealUpheld | ViolationPenaltyChanged | ViolationAnnulled | EvidenceAttached;
export type ViolationEventType = ViolationEvent['type'];
