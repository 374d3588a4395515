import type { CircularCommand, CircularCommandType } from '../circular/circular.commands';
import { circularDecider } from '../circular/circular.decider';
import type { CircularEvent, CircularEventType } from '../circular/circular.events';
import type { CircularState } from '../circular/circular.machine';
import { envelope } from '../shared/event-envelope';
import { EVIDENCE_SAMPLE, evidenceVariant, HQ, OUTLET, SUB_BRANCH, T0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';

/** The circular lifecycle as the issue describes it, written without looking at the machine. */
const LIFECYCLE: Record<string, Partial<Record<CircularEventType, string>>> = {
  none: { CircularDrafted: 'draft' },
  draft: { CircularEdited: 'draft', EvidenceAttached: 'draft', CircularIssued: 'issued' },
  issued: { CircularAcknowledged: 'issued', CircularWithdrawn: 'withdrawn' },
  withdrawn: {},
};

// Head office is a recipient so that the harness's sampler (at head office) may acknowledge; the samples acknowledge for the outlet.
const RECIPIENTS = [OUTLET, HQ];

function sampleEvents(state: CircularState): CircularEvent[] {
  const meta = { occurredAt: T0, actorId: 'supervisor-1' };
  return [
    envelope('CircularDrafted', {
      circularId: 'tb-1',
      kind: 'circular' as const,
      title: '关于三季度服务检查排名的通报',
      content: '后两名网点在全辖通报。',
      unitId: SUB_BRANCH,
      recipientUnitIds: RECIPIENTS,
      source: null,
      ...meta,
    }),
    envelope('CircularEdited', { title: '关于三季度服务检查排名的通报（修订）', ...meta }),
    envelope('EvidenceAttached', { ...EVIDENCE_SAMPLE, sha256: (state.context.attachments.length + 1).toString(16).padStart(64, '0'), ...meta }),
    envelope('CircularIssued', { recipientUnitIds: state.context.recipientUnitIds, ...meta }),
    envelope('CircularAcknowledged', { unitId: OUTLET, ...meta, actorId: 'handler-outlet' }),
    envelope('CircularWithdrawn', { reason: '排名数据有误，另行通报', ...meta }),
  ];
}

function commandVariants(state: CircularState, type: CircularCommandType): CircularCommand[] {
  const variants: { [K in CircularCommandType]: Extract<CircularCommand, { type: K }>[] } = {
    draft: [
      { type: 'draft', circularId: 'tb-2', kind: 'briefing', title: '服务工作简报第13期', content: '本季度检查情况。', recipientUnitIds: RECIPIENTS },
      {
        type: 'draft',
        circularId: 'tb-3',
        kind: 'circular',
        title: '关于三季度服务检查后两名网点的通报',
        content: '见附表。',
        recipientUnitIds: [OUTLET],
        source: { kind: 'ranking', reference: '/reports/scores?period=2026-Q3', rows: [{ unitId: OUTLET, rank: 12, score: 71.5 }] },
      },
    ],
    edit: [
      { type: 'edit', content: `修订于第 ${state.context.updatedAt} 版` },
      { type: 'edit', recipientUnitIds: [HQ, OUTLET] },
    ],
    'attach-evidence': [evidenceVariant(state.context.attachments.length), evidenceVariant(state.context.attachments.length + 1)],
    issue: [{ type: 'issue' }],
    acknowledge: [{ type: 'acknowledge' }],
    withdraw: [{ type: 'withdraw', reason: '内容有误，另行通报' }],
  };
  return variants[type];
}

export const circularLifecycle: LifecycleSpec<CircularState, CircularEvent, CircularCommand> = {
  decider: circularDecider,
  statuses: Object.keys(LIFECYCLE),
  // Attachments and receipts grow without bound, so only their presence enters the key.
  stateKey: (state) => `${String(state.value)}${state.context.attachments.length > 0 ? '+files' : ''}${state.context.receipts.length > 0 ? '+receipts' : ''}`,
  sampleEvents,
  expectedTarget: (state, event) => LIFECYCLE[circularDecider.statusOf(state)]?.[event.type] ?? null,
  commandVariants,
};
