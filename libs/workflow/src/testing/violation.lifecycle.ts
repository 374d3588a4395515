import { envelope } from '../shared/event-envelope';
import type { ViolationCommand, ViolationCommandType } from '../violation/violation.commands';
import { violationDecider } from '../violation/violation.decider';
import type { ViolationEvent, ViolationEventType } from '../violation/violation.events';
import type { ViolationState } from '../violation/violation.machine';
import { BRANCH, EVIDENCE_SAMPLE, evidenceVariant, HQ, OUTLET, T0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';

/** The violation lifecycle as the issue describes it, written without looking at the machine. */
const LIFECYCLE: Record<string, Partial<Record<ViolationEventType, string>>> = {
  none: { ViolationRecorded: 'recorded' },
  recorded: { EvidenceAttached: 'recorded', ViolationPenaltyDecided: 'penalised' },
  penalised: { EvidenceAttached: 'penalised', ViolationAppealed: 'appealed' },
  appealed: { EvidenceAttached: 'appealed', ViolationAppealUpheld: 'settled', ViolationPenaltyChanged: 'settled', ViolationAnnulled: 'annulled' },
  settled: {},
  annulled: {},
};

function sampleEvents(): ViolationEvent[] {
  const meta = { occurredAt: T0, actorId: 'supervisor-1' };
  const decided = { points: 2, amountFen: 10_000, reason: '态度冷漠', decidedAtUnitId: BRANCH, ...meta };
  return [
    envelope('ViolationRecorded', { violationId: 'v-1', staffId: 'E10001', unitId: OUTLET, rule: { category: 'attitude' }, description: '对客户态度冷漠', ...meta }),
    envelope('EvidenceAttached', { ...EVIDENCE_SAMPLE, personalData: false, ...meta }),
    envelope('ViolationPenaltyDecided', { ...decided, appealUnitId: HQ }),
    // Decided at head office: nothing above to appeal to.
    envelope('ViolationPenaltyDecided', { ...decided, decidedAtUnitId: HQ, appealUnitId: null }),
    envelope('ViolationAppealed', { grounds: '当日系统故障', toUnitId: HQ, ...meta }),
    envelope('ViolationAppealUpheld', { reason: '证据充分', ...meta }),
    envelope('ViolationPenaltyChanged', { points: null, amountFen: 5_000, reason: '情节较轻', ...meta }),
    envelope('ViolationAnnulled', { reason: '非本人', ...meta }),
  ];
}

function commandVariants(state: ViolationState, type: ViolationCommandType): ViolationCommand[] {
  const variants: { [K in ViolationCommandType]: Extract<ViolationCommand, { type: K }>[] } = {
    record: [
      { type: 'record', violationId: 'v-2', staffId: 'E10002', unitId: OUTLET, rule: { category: 'etiquette' }, description: '未起身迎接' },
      {
        type: 'record',
        violationId: 'v-3',
        staffId: 'E10003',
        unitId: OUTLET,
        rule: { category: 'internal_control', checklistItem: { checklistId: 'counter-service', version: 1, itemId: 'sign-out', text: '离柜签退' } },
        description: '离席未签退',
        findingId: 'f-1',
      },
    ],
    'decide-penalty': [
      { type: 'decide-penalty', points: 2, reason: '首次违规' },
      { type: 'decide-penalty', amountFen: 20_000, reason: '造成客户投诉' },
    ],
    appeal: [{ type: 'appeal', grounds: '当日系统故障' }],
    'decide-appeal': [
      { type: 'decide-appeal', outcome: 'upheld', reason: '证据充分' },
      { type: 'decide-appeal', outcome: 'changed', points: 1, reason: '情节较轻' },
      { type: 'decide-appeal', outcome: 'annulled', reason: '非本人' },
    ],
    'attach-evidence': [evidenceVariant(state.context.attachments.length)],
  };
  return variants[type];
}

export const violationLifecycle: LifecycleSpec<ViolationState, ViolationEvent, ViolationCommand> = {
  decider: violationDecider,
  statuses: Object.keys(LIFECYCLE),
  stateKey: (state) =>
    `${String(state.value)}${state.context.penaltyDecision?.appealUnitId === null ? '+final-decision' : ''}${state.context.attachments.length > 0 ? '+evidence' : ''}`,
  sampleEvents,
  expectedTarget: (state, event) => {
    if (event.type === 'ViolationAppealed' && state.context.penaltyDecision?.appealUnitId == null) return null;
    return LIFECYCLE[violationDecider.statusOf(state)]?.[event.type] ?? null;
  },
  commandVariants,
};
