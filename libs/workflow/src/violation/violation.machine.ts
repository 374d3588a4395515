import { setup, type SnapshotFrom } from 'xstate';
import { recordWith } from '../shared/derived-fold';
import type { EventMeta } from '../shared/event-envelope';
import type { Attachment } from '../shared/evidence';
import type { AppealOutcome, Penalty, ViolationEvent, ViolationRule } from './violation.events';

export type PenaltyDecision = Penalty & { reason: string; decidedAtUnitId: string; appealUnitId: string | null } & EventMeta;
export type Appeal = { grounds: string; toUnitId: string } & EventMeta;
/** `penalty`: the new one, when changed. */
export type AppealDecision = { outcome: AppealOutcome; reason: string; penalty: Penalty | null } & EventMeta;

/** The machine context: everything the fold knows about one violation. Plain JSON. */
export type ViolationData = {
  violationId: string;
  /** 案件编号 (see formatCaseNumber). */
  number: string | null;
  staffId: string;
  unitId: string;
  rule: ViolationRule;
  description: string;
  findingId: string | null;
  complaintId: string | null;
  recordedBy: string;
  createdAt: string;
  updatedAt: string;
  penaltyDecision: PenaltyDecision | null;
  appeal: Appeal | null;
  appealDecision: AppealDecision | null;
  attachments: Attachment[];
};

/** Context of the `none` state; never shown, since an empty stream is a 404. */
const UNRECORDED: ViolationData = {
  violationId: '',
  number: null,
  staffId: '',
  unitId: '',
  rule: { category: '' },
  description: '',
  findingId: null,
  complaintId: null,
  recordedBy: '',
  createdAt: '',
  updatedAt: '',
  penaltyDecision: null,
  appeal: null,
  appealDecision: null,
  attachments: [],
};

export function recordViolationEvent(data: ViolationData, event: ViolationEvent): ViolationData {
  const touched = { ...data, updatedAt: event.data.occurredAt };
  switch (event.type) {
    case 'ViolationRecorded': {
      const { occurredAt, actorId, ...recorded } = event.data;
      return {
        ...UNRECORDED,
        ...recorded,
        number: recorded.number ?? null,
        findingId: recorded.findingId ?? null,
        complaintId: recorded.complaintId ?? null,
        recordedBy: actorId,
        createdAt: occurredAt,
        updatedAt: occurredAt,
      };
    }
    case 'ViolationPenaltyDecided':
      return { ...touched, penaltyDecision: event.data };
    case 'ViolationAppealed':
      return { ...touched, appeal: event.data };
    case 'ViolationAppealUpheld':
      return { ...touched, appealDecision: { ...event.data, outcome: 'upheld', penalty: null } };
    case 'ViolationPenaltyChanged': {
      const { points, amountFen, ...decision } = event.data;
      return { ...touched, appealDecision: { ...decision, outcome: 'changed', penalty: { points, amountFen } } };
    }
    case 'ViolationAnnulled':
      return { ...touched, appealDecision: { ...event.data, outcome: 'annulled', penalty: null } };
    case 'EvidenceAttached':
      return { ...touched, attachments: [...data.attachments, event.data] };
  }
}

const record = 'record' as const;

export const violationMachine = setup({
  types: { context: {} as ViolationData, events: {} as ViolationEvent },
  actions: { record: recordWith(recordViolationEvent) },
  guards: {
    // A penalty decided at head office has no unit above to appeal to.
    hasUnitAbove: ({ context }) => context.penaltyDecision?.appealUnitId != null,
  },
}).createMachine({
  id: 'violation',
  initial: 'none',
  context: UNRECORDED,
  states: {
    none: { on: { ViolationRecorded: { target: 'recorded', actions: record } } },
    recorded: {
      description: '违规服务 recorded, awaiting the penalty',
      on: { EvidenceAttached: { actions: record }, ViolationPenaltyDecided: { target: 'penalised', actions: record } },
    },
    penalised: {
      description: 'penalty decided by a supervisor; appealable once to the unit above',
      on: { EvidenceAttached: { actions: record }, ViolationAppealed: { target: 'appealed', guard: 'hasUnitAbove', actions: record } },
    },
    appealed: {
      description: '申诉 lodged, awaiting a supervisor of the unit above',
      on: {
        EvidenceAttached: { actions: record },
        ViolationAppealUpheld: { target: 'settled', actions: record },
        ViolationPenaltyChanged: { target: 'settled', actions: record },
        ViolationAnnulled: { target: 'annulled', actions: record },
      },
    },
    settled: { type: 'final', description: 'appeal decided: penalty upheld or changed' },
    annulled: { type: 'final', description: 'appeal decided: violation and penalty annulled' },
  },
});

export type ViolationState = SnapshotFrom<typeof violationMachine>;
export type ViolationStatus = Exclude<ViolationState['value'], 'none'>;
