import { circularLifecycle } from '../testing/circular.lifecycle';
import { describeFoldProperty } from '../testing/fold-property';

describeFoldProperty(circularLifecycle, (state) => {
  // Each recipient unit gives one read receipt at most.
  const units = state.context.receipts.map((receipt) => receipt.unitId);
  expect(new Set(units).size).toBe(units.length);
});
