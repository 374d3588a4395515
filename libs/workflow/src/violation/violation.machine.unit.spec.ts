import { describeLifecycle } from '../testing/lifecycle-harness';
import { violationLifecycle } from '../testing/violation.lifecycle';

describeLifecycle(violationLifecycle);
