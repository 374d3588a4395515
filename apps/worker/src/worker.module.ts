import { DynamicModule, Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import type { AppConfig } from '@duban/config';
import { IdentityModule } from '@duban/identity';
import { identityOptionsOf, PlatformModule } from '@duban/platform';
import { SharedProjectorModule } from '@duban/projections';
import { SchedulingModule, schedulingOptionsFromConfig } from '@duban/scheduling';
import { SlaEnforcementModule } from '@duban/sla-enforcement';
import { EnforcementActivityModule } from './deadlines/enforcement-activity';
import { SlaDeadlineHandler } from './deadlines/sla-deadline-handler';
import { CaseFollowUpReactor } from './follow-ups/case-follow-up-reactor';
import { IntegrityCheckpointTimer } from './integrity/integrity-checkpoint-timer';
import { SlaNotificationRelay } from './notifications/sla-notification-relay';
import { WorkerMetricsServer } from './metrics/worker-metrics-server';

/**
 * The job runner: fires deadlines (warnings, breaches, escalations up the org tree), sweeps for
 * what the queue missed, delivers notifications, completes follow-ups (a valid reply's finding) and
 * records integrity checkpoints; on PostgreSQL every worker is a candidate to build the shared
 * read models (SharedProjectorModule). Workers stop taking jobs on shutdown and
 * finish the running ones.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(config),
        EnforcementActivityModule,
        // The org tree: escalation climbs it.
        IdentityModule.forRoot(identityOptionsOf(config)),
        CasesModule,
        SharedProjectorModule,
        SlaEnforcementModule.forRoot(config),
        SchedulingModule.forWorker({
          redisUrl: config.REDIS_URL,
          deadlineHandler: SlaDeadlineHandler,
          imports: [EnforcementActivityModule, CasesModule],
          ...schedulingOptionsFromConfig(config),
        }),
      ],
      providers: [CaseFollowUpReactor, IntegrityCheckpointTimer, SlaNotificationRelay, WorkerMetricsServer],
    };
  }
}
