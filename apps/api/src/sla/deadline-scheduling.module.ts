import { Global, Module } from '@nestjs/common';
import { DEADLINE_SCHEDULING, noDeadlineScheduling } from '@duban/sla-enforcement';

/**
 * Where the API's DeadlineScheduling comes from: CaseAccess tells it after every command that
 * recorded clock events. The default schedules nothing (the worker's sweeper then fires deadlines
 * on its own pace); wire a BullMQ-backed implementation here to make them punctual.
 */
@Global()
@Module({
  providers: [{ provide: DEADLINE_SCHEDULING, useValue: noDeadlineScheduling }],
  exports: [DEADLINE_SCHEDULING],
})
export class DeadlineSchedulingModule {}
