import { envelope } from '../shared/event-envelope';
import type { Checklist } from '../inspection/checklist';
import type { InspectionCommand, InspectionCommandType } from '../inspection/inspection.commands';
import { inspectionDecider } from '../inspection/inspection.decider';
import type { InspectionEvent, InspectionEventType } from '../inspection/inspection.events';
import type { InspectionState } from '../inspection/inspection.machine';
import { EVIDENCE_SAMPLE, evidenceVariant, OUTLET, SUB_BRANCH, T0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';

/** Three items of the counter checklist: one that raises a finding when failed, worth 10 of its 20 points. */
export const SAMPLE_CHECKLIST: Checklist = {
  id: 'counter-service',
  version: 2,
  name: '服务工作检查记录表',
  sections: [
    {
      id: 'etiquette',
      title: '服务礼仪',
      items: [
        { id: 'greeting', text: '起身迎接、主动问候', points: 5, category: 'etiquette', raisesFinding: false },
        { id: 'one-metre-line', text: '一米线设置规范', points: 5, category: 'environment', raisesFinding: true },
      ],
    },
    { id: 'control', title: '内控合规', items: [{ id: 'password-cover', text: '提醒客户遮挡密码', points: 10, category: 'internal_control', raisesFinding: true }] },
  ],
};

/** The inspection lifecycle as the issue describes it, written without looking at the machine. */
const LIFECYCLE: Record<string, Partial<Record<InspectionEventType, string>>> = {
  none: { InspectionOpened: 'open' },
  open: { InspectionItemsRecorded: 'open', InspectionFindingAdded: 'open', EvidenceAttached: 'open', InspectionReported: 'reported', InspectionClosed: 'closed' },
  reported: { InspectionClosed: 'closed' },
  closed: {},
};

function sampleEvents(state: InspectionState): InspectionEvent[] {
  const meta = { occurredAt: T0, actorId: 'inspector-1' };
  const opened = { inspectionId: 'i-1', kind: 'mystery_shopper' as const, unitId: OUTLET, scope: '柜面服务', ...meta };
  const nextFinding = `f-${state.context.findingIds.length + 1}`;
  return [
    envelope('InspectionOpened', opened),
    envelope('InspectionOpened', { ...opened, checklist: SAMPLE_CHECKLIST }),
    envelope('InspectionOpened', { ...opened, kind: 'self' as const, reportsTo: SUB_BRANCH }),
    envelope('InspectionItemsRecorded', { results: [{ itemId: 'one-metre-line', outcome: 'fail' as const, deducted: 3, note: null, findingId: nextFinding }], ...meta }),
    envelope('InspectionFindingAdded', { findingId: nextFinding, ...meta }),
    envelope('EvidenceAttached', { ...EVIDENCE_SAMPLE, personalData: false, itemId: 'one-metre-line', ...meta }),
    envelope('InspectionReported', { report: '自查发现一米线未设置，已整改', reportsTo: SUB_BRANCH, ...meta }),
    envelope('InspectionClosed', { summary: null, ...meta }),
  ];
}

function commandVariants(state: InspectionState, type: InspectionCommandType): InspectionCommand[] {
  const unrecorded = (
    SAMPLE_CHECKLIST.sections.flatMap((section) => section.items).find((item) => !state.context.results.some((result) => result.itemId === item.id)) ?? {
      id: 'greeting',
    }
  ).id;
  const variants: { [K in InspectionCommandType]: Extract<InspectionCommand, { type: K }>[] } = {
    open: [
      { type: 'open', inspectionId: 'i-2', kind: 'onsite', unitId: OUTLET, scope: '现金区、营业环境' },
      { type: 'open', inspectionId: 'i-3', kind: 'offsite', unitId: OUTLET, scope: '调看录像', checklist: SAMPLE_CHECKLIST },
    ],
    'add-finding': [
      { type: 'add-finding', findingId: 'f-new' },
      { type: 'add-finding', findingId: 'f-other' },
    ],
    'record-results': [
      { type: 'record-results', results: [{ itemId: unrecorded, outcome: 'not_applicable' }] },
      { type: 'record-results', results: [{ itemId: 'password-cover', outcome: 'fail', deducted: 10, note: '未提醒遮挡', findingId: 'f-password' }] },
    ],
    'attach-evidence': [evidenceVariant(state.context.attachments.length)],
    report: [{ type: 'report', report: '自查完毕，发现问题均已列入整改' }],
    close: [{ type: 'close', summary: '晨会未落实, 已通报' }, { type: 'close' }],
  };
  return variants[type];
}

export const inspectionLifecycle: LifecycleSpec<InspectionState, InspectionEvent, InspectionCommand> = {
  decider: inspectionDecider,
  statuses: Object.keys(LIFECYCLE),
  // findingIds and results grow without bound, so only their presence enters the key.
  stateKey: (state) =>
    `${String(state.value)}${state.context.checklist === null ? '' : '+checklist'}${state.context.reportsTo === null ? '' : '+reportsUp'}${state.context.results.length > 0 ? '+results' : ''}${state.context.findingIds.length > 0 ? '+findings' : ''}`,
  sampleEvents,
  expectedTarget: (state, event) => {
    if (event.type === 'InspectionItemsRecorded' && state.context.checklist === null) return null;
    // A self-inspection reports up before the unit above closes it; others close where they were opened.
    if (state.value === 'open' && event.type === 'InspectionReported' && state.context.reportsTo === null) return null;
    if (state.value === 'open' && event.type === 'InspectionClosed' && state.context.reportsTo !== null) return null;
    return LIFECYCLE[inspectionDecider.statusOf(state)]?.[event.type] ?? null;
  },
  commandVariants,
};
