import type { Numbered } from '../shared/case-number';
import type { EventEnvelope } from '../shared/event-envelope';

/** On-site, off-site (CCTV), mystery shopper (神秘人), self-inspection (自查), themed monthly (专项). */
export const INSPECTION_KINDS = ['onsite', 'offsite', 'mystery_shopper', 'self', 'thematic'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

export type InspectionOpened = EventEnvelope<'InspectionOpened', Numbered & { inspectionId: string; kind: InspectionKind; unitId: string; scope: string }>;
export type InspectionFindingAdded = EventEnvelope<'InspectionFindingAdded', { findingId: string }>;
/** `summary` is the 问题总结 (lessons learned), optional. */
export type InspectionClosed = EventEnvelope<'InspectionClosed', { summary: string | null }>;

export type InspectionEvent = InspectionOpened | InspectionFindingAdded | InspectionClosed;
export type InspectionEventType = InspectionEvent['type'];
