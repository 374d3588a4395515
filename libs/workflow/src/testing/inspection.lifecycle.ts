import { envelope } from '../shared/event-envelope';
import type { InspectionCommand, InspectionCommandType } from '../inspection/inspection.commands';
import { inspectionDecider } from '../inspection/inspection.decider';
import type { InspectionEvent, InspectionEventType } from '../inspection/inspection.events';
import type { InspectionState } from '../inspection/inspection.machine';
import { OUTLET, T0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';

/** The inspection lifecycle as the issue describes it, written without looking at the machine. */
const LIFECYCLE: Record<string, Partial<Record<InspectionEventType, string>>> = {
  none: { InspectionOpened: 'open' },
  open: { InspectionFindingAdded: 'open', InspectionClosed: 'closed' },
  closed: {},
};

function sampleEvents(state: InspectionState): InspectionEvent[] {
  const meta = { occurredAt: T0, actorId: 'inspector-1' };
  return [
    envelope('InspectionOpened', { inspectionId: 'i-1', kind: 'mystery_shopper' as const, unitId: OUTLET, scope: '柜面服务', ...meta }),
    envelope('InspectionFindingAdded', { findingId: `f-${state.context.findingIds.length + 1}`, ...meta }),
    envelope('InspectionClosed', { summary: null, ...meta }),
  ];
}

function commandVariants(_state: InspectionState, type: InspectionCommandType): InspectionCommand[] {
  const variants: { [K in InspectionCommandType]: Extract<InspectionCommand, { type: K }>[] } = {
    open: [{ type: 'open', inspectionId: 'i-2', kind: 'onsite', unitId: OUTLET, scope: '现金区、营业环境' }],
    'add-finding': [
      { type: 'add-finding', findingId: 'f-new' },
      { type: 'add-finding', findingId: 'f-other' },
    ],
    close: [{ type: 'close', summary: '晨会未落实, 已通报' }, { type: 'close' }],
  };
  return variants[type];
}

export const inspectionLifecycle: LifecycleSpec<InspectionState, InspectionEvent, InspectionCommand> = {
  decider: inspectionDecider,
  statuses: Object.keys(LIFECYCLE),
  // findingIds grows without bound, so only its presence enters the key.
  stateKey: (state) => `${String(state.value)}${state.context.findingIds.length > 0 ? '+findings' : ''}`,
  sampleEvents,
  expectedTarget: (state, event) => LIFECYCLE[inspectionDecider.statusOf(state)]?.[event.type] ?? null,
  commandVariants,
};
