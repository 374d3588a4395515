import { circularLifecycle } from '../testing/circular.lifecycle';
import { describeLifecycle } from '../testing/lifecycle-harness';

describeLifecycle(circularLifecycle);
