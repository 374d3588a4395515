import type { DecideContext } from './context';
import { decodeWorkflowEvent, type EventMeta, type StoredEvent } from './event-envelope';
import type { OrgTree } from './org-tree';
import type { PayloadCheck } from './payload-check';

/** Where a case or finding is handled now; shared by every escalatable aggregate. */
export type EscalationTrack = {
  responsibleUnitId: string;
  /** Steps taken up the tree since the case was opened; reopening keeps it. */
  escalationLevel: number;
  /** The responsible unit is the root of the org tree, so no further escalation is possible. */
  atHeadOffice: boolean;
  escalations: EscalationRecord[];
};

/** Data of ComplaintEscalated and FindingEscalated. */
export type EscalationData = {
  fromUnitId: string;
  toUnitId: string;
  level: number;
  atHeadOffice: boolean;
  reason: string;
  /** Raised by the SLA system (actor role 'system') rather than confirmed by a person. */
  automatic: boolean;
};

/** `bypassedUnitIds`: set on a referral straight to head office (ComplaintReferred), the units between that it passed over. */
export type EscalationRecord = EscalationData & EventMeta & { bypassedUnitIds?: string[] };

/**
 * The units a person passed the case up from (上报, 报总行), with every unit below them on its way:
 * they still see it, but it is no longer theirs to decide. Automatic escalations after the last
 * such step only put the case under the eyes of the units above (督办): the unit working it still
 * answers, so on their own they take nothing from anyone.
 */
export function unitsClimbedFrom(track: EscalationTrack & { unitId: string }): ReadonlySet<string> {
  const lastPassedUp = track.escalations.findLastIndex((step) => !step.automatic);
  if (lastPassedUp < 0) return new Set();
  const steps = track.escalations.slice(0, lastPassedUp + 1);
  const below = [track.unitId, ...steps.flatMap((step) => [step.fromUnitId, ...(step.bypassedUnitIds ?? [])])];
  return new Set(below.filter((unitId) => unitId !== track.responsibleUnitId));
}

/** The unit working the case, which replies and whose head signs it off: the last a person passed it up to, else its own (automatic escalations only supervise). */
export function answeringUnitOf(track: EscalationTrack & { unitId: string }): string {
  return track.escalations.findLast((step) => !step.automatic)?.toUnitId ?? track.unitId;
}

/** The data of a ComplaintEscalated, ComplaintReferred or FindingEscalated as read from a stream outside the fold, e.g. by the SLA clocks. */
export function decodeEscalated(event: Pick<StoredEvent, 'type' | 'data'>): EscalationRecord {
  return decodeWorkflowEvent(event, ['ComplaintEscalated', 'ComplaintReferred', 'FindingEscalated'], {
    fromUnitId: 'string',
    toUnitId: 'string',
    level: 'number',
    atHeadOffice: 'boolean',
    automatic: 'boolean',
  });
}

export function isAtHeadOffice(unitId: string, orgTree: OrgTree): boolean {
  return orgTree.parentOf(unitId) === undefined;
}

/**
 * One level up the tree from the current responsible unit. Returns undefined at the root; the
 * machines already refuse escalation there, so callers only see this on an inconsistent tree.
 */
function nextEscalation(track: EscalationTrack, reason: string, context: DecideContext): EscalationData | undefined {
  const toUnitId = context.orgTree.parentOf(track.responsibleUnitId);
  if (toUnitId === undefined) return undefined;
  return {
    fromUnitId: track.responsibleUnitId,
    toUnitId,
    level: track.escalationLevel + 1,
    atHeadOffice: isAtHeadOffice(toUnitId, context.orgTree),
    reason,
    automatic: context.actor.role === 'system',
  };
}

/** The escalate command of any aggregate: validates the reason and moves one level up. */
export function decideEscalation(track: EscalationTrack, reason: string, context: DecideContext, check: PayloadCheck): EscalationData {
  check.text('reason', reason).throwIfInvalid();
  return (
    nextEscalation(track, reason, context) ??
    check.reject('responsibleUnitId', `${track.responsibleUnitId} has no parent in the org tree`, `${track.responsibleUnitId} 在组织架构中没有上级`)
  );
}

export function applyEscalation<TTrack extends EscalationTrack>(track: TTrack, record: EscalationRecord): TTrack {
  return {
    ...track,
    responsibleUnitId: record.toUnitId,
    escalationLevel: record.level,
    atHeadOffice: record.atHeadOffice,
    escalations: [...track.escalations, record],
  };
}

/** Machine guard shared by both escalatable machines: escalation stops at head office. */
export const belowHeadOffice = ({ context }: { context: Pick<EscalationTrack, 'atHeadOffice'> }): boolean => !context.atHeadOffice;
