import { describeFoldProperty } from '../testing/fold-property';
import { findingLifecycle } from '../testing/finding.lifecycle';

describeFoldProperty(findingLifecycle, (state, events) => {
  expect(state.context.carryOverCount).toBe(events.filter((event) => event.type === 'FindingCarriedOver').length);
  expect(state.context.escalationLevel).toBe(events.filter((event) => event.type === 'FindingEscalated').length);
  expect(state.context.escalationLevel).toBeLessThanOrEqual(3);
  // Four-eyes held on every passed re-inspection.
  events.forEach((event, index) => {
    if (event.type !== 'FindingVerified') return;
    const lastReport = events.slice(0, index).findLast((earlier) => earlier.type === 'FindingReported');
    expect(lastReport?.data.actorId).not.toBe(event.data.actorId);
  });
});
