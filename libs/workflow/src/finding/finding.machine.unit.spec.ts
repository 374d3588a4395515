import { findingLifecycle } from '../testing/finding.lifecycle';
import { describeLifecycle, reachableStates } from '../testing/lifecycle-harness';

describeLifecycle(findingLifecycle);

describe('finding state space', () => {
  const keys = reachableStates(findingLifecycle).map(findingLifecycle.stateKey);

  it('escalates from an outlet to levels 1, 2 and 3 (head office) only, and never from head office', () => {
    const levels = new Set(keys.filter((key) => key.startsWith('escalated@')).map((key) => key.replace(/\+(plan|ready)/g, '').replace('/complaint', '')));
    expect(levels).toEqual(new Set(['escalated@L1', 'escalated@L2', 'escalated@L3/hq']));
    expect(keys).toContain('received@L0/hq');
  });

  it('reaches replied only with a plan or an on-spot fix', () => {
    expect(keys.filter((key) => key.startsWith('replied@')).every((key) => key.endsWith('+ready'))).toBe(true);
  });
});
