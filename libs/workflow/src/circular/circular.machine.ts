import { setup, type SnapshotFrom } from 'xstate';
import { recordWith } from '../shared/derived-fold';
import type { EventMeta } from '../shared/event-envelope';
import type { Attachment } from '../shared/evidence';
import type { CircularEvent, CircularKind, CircularSource } from './circular.events';

/** One recipient unit's read receipt: who of that unit acknowledged, and when. */
export type CircularReceipt = { unitId: string } & EventMeta;

export type CircularData = {
  circularId: string;
  /** 案件编号 (TB-2026-000001). */
  number: string | null;
  circularKind: CircularKind;
  title: string;
  content: string;
  /** The issuing unit: the drafter's. */
  unitId: string;
  recipientUnitIds: string[];
  source: CircularSource | null;
  /** The withdrawn circular this one corrects; null for a first issue. */
  correctsId: string | null;
  draftedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Files issued with it, oldest first; the bytes are in the attachment store. */
  attachments: Attachment[];
  issue: EventMeta | null;
  /** Read receipts in the order given, one per recipient unit at most. */
  receipts: CircularReceipt[];
  withdrawal: ({ reason: string } & EventMeta) | null;
};

/** Context of the `none` state; never shown, since an empty stream is a 404. */
const UNDRAFTED: CircularData = {
  circularId: '',
  number: null,
  circularKind: 'circular',
  title: '',
  content: '',
  unitId: '',
  recipientUnitIds: [],
  source: null,
  correctsId: null,
  draftedBy: '',
  createdAt: '',
  updatedAt: '',
  attachments: [],
  issue: null,
  receipts: [],
  withdrawal: null,
};

export function recordCircularEvent(data: CircularData, event: CircularEvent): CircularData {
  const touched = { ...data, updatedAt: event.data.occurredAt };
  switch (event.type) {
    case 'CircularDrafted': {
      const { occurredAt, actorId, kind, number, correctsId, ...drafted } = event.data;
      return {
        ...UNDRAFTED,
        ...drafted,
        number: number ?? null,
        correctsId: correctsId ?? null,
        circularKind: kind,
        draftedBy: actorId,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }
    case 'CircularEdited': {
      const { occurredAt: _occurredAt, actorId: _actorId, ...changed } = event.data;
      return { ...touched, ...changed };
    }
    case 'EvidenceAttached':
      return { ...touched, attachments: [...data.attachments, event.data] };
    case 'CircularIssued':
      return { ...touched, recipientUnitIds: event.data.recipientUnitIds, issue: { occurredAt: event.data.occurredAt, actorId: event.data.actorId } };
    case 'CircularAcknowledged':
      return { ...touched, receipts: [...data.receipts, event.data] };
    case 'CircularWithdrawn':
      return { ...touched, withdrawal: event.data };
  }
}

export const circularMachine = setup({
  types: { context: {} as CircularData, events: {} as CircularEvent },
  actions: { record: recordWith(recordCircularEvent) },
}).createMachine({
  id: 'circular',
  initial: 'none',
  context: UNDRAFTED,
  states: {
    none: { on: { CircularDrafted: { target: 'draft', actions: 'record' } } },
    draft: {
      description: 'draft (草稿): edited and given its files; its recipients do not see it yet',
      on: {
        CircularEdited: { actions: 'record' },
        EvidenceAttached: { actions: 'record' },
        CircularIssued: { target: 'issued', actions: 'record' },
      },
    },
    issued: {
      description: 'issued (已下发): each recipient unit acknowledges it',
      on: {
        CircularAcknowledged: { actions: 'record' },
        CircularWithdrawn: { target: 'withdrawn', actions: 'record' },
      },
    },
    withdrawn: { type: 'final', description: 'withdrawn (已撤回), e.g. to be corrected by a new circular' },
  },
});

export type CircularState = SnapshotFrom<typeof circularMachine>;
export type CircularStatus = Exclude<CircularState['value'], 'none'>;
