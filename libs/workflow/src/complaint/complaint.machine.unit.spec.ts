import { complaintLifecycle } from '../testing/complaint.lifecycle';
import { describeLifecycle, reachableStates } from '../testing/lifecycle-harness';

describeLifecycle(complaintLifecycle);

describe('complaint state space', () => {
  const keys = reachableStates(complaintLifecycle).map(complaintLifecycle.stateKey);

  it('escalates from an outlet to levels 1, 2 and 3 (head office) only, and never from head office', () => {
    expect(keys).toContain('received@L0/hq');
    expect(keys.filter((key) => key.startsWith('escalated@') && !key.includes('/erased') && !key.endsWith('/anonymous'))).toEqual([
      'escalated@L1',
      'escalated@L2',
      'escalated@L3/hq',
    ]);
  });
});
