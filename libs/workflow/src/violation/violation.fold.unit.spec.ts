import { describeFoldProperty } from '../testing/fold-property';
import { violationLifecycle } from '../testing/violation.lifecycle';
import { penaltyInForce } from './violation.view';

describeFoldProperty(violationLifecycle, (state) => {
  // An annulled violation has no penalty in force, whatever was decided before.
  if (state.value === 'annulled') expect(penaltyInForce(state.context)).toBeNull();
});
