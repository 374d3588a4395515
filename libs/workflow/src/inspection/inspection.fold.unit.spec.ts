import { describeFoldProperty } from '../testing/fold-property';
import { inspectionLifecycle } from '../testing/inspection.lifecycle';

describeFoldProperty(inspectionLifecycle, (state) => {
  // Adding the same finding twice is a no-op, so the list never holds duplicates.
  expect(new Set(state.context.findingIds).size).toBe(state.context.findingIds.length);
});
