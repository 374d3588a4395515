import type { Numbered } from '../shared/case-number';
import type { EventEnvelope } from '../shared/event-envelope';
import type { EvidenceAttached } from '../shared/evidence';
import type { JsonObject } from '../shared/json';

/** 通报 (a circular, e.g. naming the bottom two outlets), 限期整改通知 (a deadline notice) and 简报 (a briefing). */
export const CIRCULAR_KINDS = ['circular', 'deadline_notice', 'briefing'] as const;
export type CircularKind = (typeof CIRCULAR_KINDS)[number];

/** What a circular may be drafted from: a ranking or a report. */
export const CIRCULAR_SOURCE_KINDS = ['ranking', 'report'] as const;
export type CircularSourceKind = (typeof CIRCULAR_SOURCE_KINDS)[number];

/**
 * The ranking or report a circular was drafted from: where it came from (the request that answered
 * it, e.g. `/reports/scores?period=2026-Q3&unitId=anshan&level=outlet`) and its rows as they stood
 * then, so the circular keeps saying what it said whatever the figures become.
 */
export type CircularSource = { kind: CircularSourceKind; reference: string; rows: JsonObject[] };

/** `unitId`: the issuing unit, the drafter's. `correctsId`: the withdrawn circular this one corrects, if any. */
export type CircularDrafted = EventEnvelope<
  'CircularDrafted',
  Numbered & {
    circularId: string;
    kind: CircularKind;
    title: string;
    content: string;
    unitId: string;
    recipientUnitIds: string[];
    source: CircularSource | null;
    correctsId?: string;
  }
>;
/** Only the fields the edit changed. */
export type CircularEdited = EventEnvelope<'CircularEdited', { title?: string; content?: string; recipientUnitIds?: string[] }>;
/** The recipients it went to, as they stood when issued. */
export type CircularIssued = EventEnvelope<'CircularIssued', { recipientUnitIds: string[] }>;
/** A read receipt: a user of the recipient unit `unitId` acknowledged it. */
export type CircularAcknowledged = EventEnvelope<'CircularAcknowledged', { unitId: string }>;
export type CircularWithdrawn = EventEnvelope<'CircularWithdrawn', { reason: string }>;

export type CircularEvent = CircularDrafted | CircularEdited | EvidenceAttached | CircularIssued | CircularAcknowledged | CircularWithdrawn;
export type CircularEventType = CircularEvent['type'];
