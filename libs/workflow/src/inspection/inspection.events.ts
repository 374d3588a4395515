import type { Numbered } from '../shared/case-number';
import type { EventEnvelope } from '../shared/event-envelope';
import type { Checklist, ItemResult } from './checklist';

/**
 * On-site (现场检查), CCTV review (调看录像, stored as `offsite`), mystery shopping (神秘人暗访),
 * self-inspection (自查) and themed (专项). The stored names stay as the first release wrote them.
 */
export const INSPECTION_KINDS = ['onsite', 'offsite', 'mystery_shopper', 'self', 'thematic'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/** `checklist`: the template version the inspection is scored against, copied whole so that a later version changes nothing here; absent before checklists existed. */
export type InspectionOpened = EventEnvelope<'InspectionOpened', Numbered & { inspectionId: string; kind: InspectionKind; unitId: string; scope: string; checklist?: Checklist }>;
/** Results of checklist items, each item once; the findings that failures raised follow as InspectionFindingAdded. */
export type InspectionItemsRecorded = EventEnvelope<'InspectionItemsRecorded', { results: ItemResult[] }>;
/** `itemId`: the checklist item whose failure raised the finding; absent for a finding recorded on its own. */
export type InspectionFindingAdded = EventEnvelope<'InspectionFindingAdded', { findingId: string; itemId?: string }>;
/** `summary` is the 问题总结 (lessons learned), optional. */
export type InspectionClosed = EventEnvelope<'InspectionClosed', { summary: string | null }>;

export type InspectionEvent = InspectionOpened | InspectionItemsRecorded | InspectionFindingAdded | InspectionClosed;
export type InspectionEventType = InspectionEvent['type'];
