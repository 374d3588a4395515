import { Module } from '@nestjs/common';
import { DeadlineScheduler } from '@duban/scheduling';
import { DEADLINE_SCHEDULING, DeadlineEnforcer, QueuedDeadlineScheduling } from '@duban/sla-enforcement';

/**
 * Where the API's DeadlineScheduling comes from: CaseAccess tells it after every command that
 * recorded clock events, and it schedules the case's next firings as BullMQ delayed jobs (on the
 * fail-fast producer connection: with Redis down the command still succeeds and the sweeper
 * schedules later).
 */
@Module({
  providers: [
    {
      provide: DEADLINE_SCHEDULING,
      inject: [DeadlineEnforcer, DeadlineScheduler],
      useFactory: (enforcer: DeadlineEnforcer, scheduler: DeadlineScheduler) => new QueuedDeadlineScheduling(enforcer, scheduler),
    },
  ],
  exports: [DEADLINE_SCHEDULING],
})
export class DeadlineSchedulingModule {}
