import { complaintLifecycle } from '../testing/complaint.lifecycle';
import { describeFoldProperty } from '../testing/fold-property';

describeFoldProperty(complaintLifecycle, (state, events) => {
  const escalations = events.filter((event) => event.type === 'ComplaintEscalated' || event.type === 'ComplaintReferred');
  expect(state.context.escalationLevel).toBe(escalations.length);
  expect(state.context.escalationLevel).toBeLessThanOrEqual(3);
  // One finding per complaint, and only from a valid reply.
  expect(state.context.linkedFindingIds.length).toBeLessThanOrEqual(1);
  const opening = events.filter((event) => event.type === 'ComplaintReplied' && event.data.findingId !== null);
  expect(opening.every((event) => event.type === 'ComplaintReplied' && event.data.responsibility === 'valid')).toBe(true);
  expect(state.context.linkedFindingIds).toEqual(opening.map((event) => (event.type === 'ComplaintReplied' ? event.data.findingId : null)));
});
