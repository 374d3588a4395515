import { complaintLifecycle } from '../testing/complaint.lifecycle';
import { describeFoldProperty } from '../testing/fold-property';
import { liveFindingIdOf, responsibilityDecisionOf } from './complaint.machine';

describeFoldProperty(complaintLifecycle, (state, events) => {
  const escalations = events.filter((event) => event.type === 'ComplaintEscalated' || event.type === 'ComplaintReferred');
  expect(state.context.escalationLevel).toBe(escalations.length);
  expect(state.context.escalationLevel).toBeLessThanOrEqual(3);
  // One live finding per complaint, raised by a valid reply or a decision that the bank is at fault, cancelled by one for the customer.
  const { linkedFindingIds, cancelledFindingIds } = state.context;
  expect(linkedFindingIds.filter((findingId) => !cancelledFindingIds.includes(findingId)).length).toBeLessThanOrEqual(1);
  const raised = events.flatMap((event) => {
    if (event.type === 'ComplaintReplied' && event.data.findingId !== null) return [{ findingId: event.data.findingId, valid: event.data.responsibility === 'valid' }];
    if (event.type === 'ComplaintResponsibilityDecided' && event.data.raisesFindingId !== null)
      return [{ findingId: event.data.raisesFindingId, valid: event.data.responsibility === 'valid' }];
    return [];
  });
  expect(raised.every(({ valid }) => valid)).toBe(true);
  expect(linkedFindingIds).toEqual(raised.map(({ findingId }) => findingId));
  const decision = responsibilityDecisionOf(state.context);
  if (decision !== null) expect(liveFindingIdOf(state.context) !== null).toBe(decision.responsibility === 'valid');
});
