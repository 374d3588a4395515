import { describeLifecycle } from '../testing/lifecycle-harness';
import { inspectionLifecycle } from '../testing/inspection.lifecycle';

describeLifecycle(inspectionLifecycle);
