import type { Numbered } from '../shared/case-number';
import type { EventEnvelope } from '../shared/event-envelope';
import type { EvidenceData } from '../shared/evidence';
import type { Checklist, ItemResult } from './checklist';

/**
 * On-site (现场检查), CCTV review (调看录像, stored as `offsite`), mystery shopping (神秘人暗访),
 * self-inspection (自查) and themed (专项). The stored names stay as the first release wrote them.
 */
export const INSPECTION_KINDS = ['onsite', 'offsite', 'mystery_shopper', 'self', 'thematic'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];

/**
 * `checklist`: the template version the inspection is scored against, copied whole so that a later version changes nothing here; absent before checklists existed.
 * `reportsTo`: for a self-inspection (自查), the unit above it reports to; absent for other kinds, a head-office self-inspection and those opened before reporting up existed.
 */
export type InspectionOpened = EventEnvelope<
  'InspectionOpened',
  Numbered & { inspectionId: string; kind: InspectionKind; unitId: string; scope: string; checklist?: Checklist; reportsTo?: string }
>;
/** Results of checklist items, each item once; the findings that failures raised follow as InspectionFindingAdded. */
export type InspectionItemsRecorded = EventEnvelope<'InspectionItemsRecorded', { results: ItemResult[] }>;
/** `itemId`: the checklist item whose failure raised the finding; absent for a finding recorded on its own. */
export type InspectionFindingAdded = EventEnvelope<'InspectionFindingAdded', { findingId: string; itemId?: string }>;
/** A file on the inspection's record (监控调阅记录, 照片); `itemId`: the checklist item result it documents, absent for the inspection as a whole. */
export type InspectionEvidenceAttached = EventEnvelope<'EvidenceAttached', EvidenceData & { itemId?: string }>;
/** A self-inspection reported up (上报) to the unit above with the unit's own account of it (自查报告). */
export type InspectionReported = EventEnvelope<'InspectionReported', { report: string; reportsTo: string }>;
/** `summary` is the 问题总结 (lessons learned), optional. */
export type InspectionClosed = EventEnvelope<'InspectionClosed', { summary: string | null }>;

export type InspectionEvent = InspectionOpened | InspectionItemsRecorded | InspectionFindingAdded | InspectionEvidenceAttached | InspectionReported | InspectionClosed;
export type InspectionEventType = InspectionEvent['type'];
