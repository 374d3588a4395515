import { setup, type SnapshotFrom } from 'xstate';
import { recordWith } from '../shared/derived-fold';
import type { EventMeta } from '../shared/event-envelope';
import type { Attachment } from '../shared/evidence';
import type { Checklist, ItemResult } from './checklist';
import type { InspectionEvent, InspectionKind } from './inspection.events';

export type InspectionData = {
  inspectionId: string;
  /** 案件编号 (see formatCaseNumber); null for a case registered before numbers existed. */
  number: string | null;
  inspectionKind: InspectionKind;
  unitId: string;
  scope: string;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  /** The checklist version it is scored against; null for a free-scope inspection. */
  checklist: Checklist | null;
  /** Item results in the order recorded. */
  results: ItemResult[];
  findingIds: string[];
  /** Evidence on file, oldest first; `itemId` names the item result a file documents (null: the inspection as a whole). */
  attachments: (Attachment & { itemId: string | null })[];
  /** A self-inspection's unit above, to which it reports before it is closed; null when it closes where it was opened. */
  reportsTo: string | null;
  /** 自查报告, once reported up. */
  selfReport: ({ report: string } & EventMeta) | null;
  closure: ({ summary: string | null } & EventMeta) | null;
};

/** Context of the `none` state; never shown, since an empty stream is a 404. */
const UNOPENED: InspectionData = {
  inspectionId: '',
  number: null,
  inspectionKind: 'onsite',
  unitId: '',
  scope: '',
  openedBy: '',
  createdAt: '',
  updatedAt: '',
  checklist: null,
  results: [],
  findingIds: [],
  attachments: [],
  reportsTo: null,
  selfReport: null,
  closure: null,
};

export function recordInspectionEvent(data: InspectionData, event: InspectionEvent): InspectionData {
  switch (event.type) {
    case 'InspectionOpened': {
      const { occurredAt, actorId, kind, ...opened } = event.data;
      return {
        ...UNOPENED,
        ...opened,
        number: opened.number ?? null,
        checklist: opened.checklist ?? null,
        reportsTo: opened.reportsTo ?? null,
        inspectionKind: kind,
        openedBy: actorId,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }
    case 'InspectionItemsRecorded':
      return { ...data, updatedAt: event.data.occurredAt, results: [...data.results, ...event.data.results] };
    case 'InspectionFindingAdded':
      return { ...data, updatedAt: event.data.occurredAt, findingIds: [...data.findingIds, event.data.findingId] };
    case 'EvidenceAttached':
      return { ...data, updatedAt: event.data.occurredAt, attachments: [...data.attachments, { ...event.data, itemId: event.data.itemId ?? null }] };
    case 'InspectionReported': {
      const { reportsTo: _reportsTo, ...report } = event.data;
      return { ...data, updatedAt: event.data.occurredAt, selfReport: report };
    }
    case 'InspectionClosed':
      return { ...data, updatedAt: event.data.occurredAt, closure: event.data };
  }
}

export const inspectionMachine = setup({
  types: { context: {} as InspectionData, events: {} as InspectionEvent },
  actions: { record: recordWith(recordInspectionEvent) },
  guards: {
    // Items are recorded against a checklist; a free-scope inspection records findings only.
    scoredByChecklist: ({ context }) => context.checklist !== null,
    // A self-inspection below head office is reported to the unit above, which closes it.
    reportsUp: ({ context }) => context.reportsTo !== null,
    closesWhereOpened: ({ context }) => context.reportsTo === null,
  },
}).createMachine({
  id: 'inspection',
  initial: 'none',
  context: UNOPENED,
  states: {
    none: { on: { InspectionOpened: { target: 'open', actions: 'record' } } },
    open: {
      description: 'inspection under way: checklist items scored, findings recorded',
      on: {
        InspectionItemsRecorded: { guard: 'scoredByChecklist', actions: 'record' },
        InspectionFindingAdded: { actions: 'record' },
        EvidenceAttached: { actions: 'record' },
        InspectionReported: { target: 'reported', guard: 'reportsUp', actions: 'record' },
        InspectionClosed: { target: 'closed', guard: 'closesWhereOpened', actions: 'record' },
      },
    },
    reported: {
      description: '自查 reported to the unit above, which reviews it and closes it',
      on: { InspectionClosed: { target: 'closed', actions: 'record' } },
    },
    closed: { type: 'final', description: 'closed' },
  },
});

export type InspectionState = SnapshotFrom<typeof inspectionMachine>;
export type InspectionStatus = Exclude<InspectionState['value'], 'none'>;

/** Every state an inspection can be in, for filters and their OpenAPI enum. */
export const INSPECTION_STATES = ['open', 'reported', 'closed'] as const satisfies readonly InspectionStatus[];
