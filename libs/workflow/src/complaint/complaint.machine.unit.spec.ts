import { complaintLifecycle } from '../testing/complaint.lifecycle';
import { describeLifecycle, reachableStates } from '../testing/lifecycle-harness';

describeLifecycle(complaintLifecycle);

describe('complaint state space', () => {
  const keys = reachableStates(complaintLifecycle).map(complaintLifecycle.stateKey);

  it('escalates from an outlet to levels 1, 2 and 3 (head office), or is referred to head office in one step from any level, and never from head office', () => {
    expect(keys).toContain('received@L0/hq');
    expect(keys.filter((key) => key.startsWith('escalated@') && !key.includes('/erased') && !key.endsWith('/anonymous')).sort()).toEqual([
      'escalated@L1',
      'escalated@L1/hq',
      'escalated@L2',
      'escalated@L2/hq',
      'escalated@L3/hq',
    ]);
  });
});
