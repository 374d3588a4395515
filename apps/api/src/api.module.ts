import { DynamicModule, Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import type { AppConfig } from '@duban/config';
import { IdentityModule } from '@duban/identity';
import { ProjectionsModule } from '@duban/projections';
import { identityOptionsOf, PlatformModule } from '@duban/platform';
import { QueueBacklog, SchedulingModule, schedulingOptionsFromConfig } from '@duban/scheduling';
import { SlaEnforcementModule } from '@duban/sla-enforcement';
import { ListCategoriesController } from './categories/list-categories.controller';
import { ComplaintsModule } from './complaints/complaints.module';
import { EvidenceModule } from './evidence/evidence.module';
import { FindingsModule } from './findings/findings.module';
import { HealthController } from './health/health.controller';
import { InspectionsModule } from './inspections/inspections.module';
import { CircularsModule } from './circulars/circulars.module';
import { MetricsController } from './metrics/metrics.controller';
import { ListUnitsController } from './organisation/list-units.controller';
import { IntegrityModule } from './integrity/integrity.module';
import { QueriesModule } from './queries/queries.module';
import { QueuesModule } from './queues/queues.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { AuditModule } from './audit/audit.module';
import { ReportsModule } from './reports/reports.module';
import { ScoringModule } from './scoring/scoring.module';
import { SlaModule } from './sla/sla.module';
import { GetWorkflowController } from './workflows/get-workflow.controller';
import { StaffModule } from './staff/staff.module';
import { ViolationsModule } from './violations/violations.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config),
        IdentityModule.forRoot(identityOptionsOf(config)),
        CasesModule,
        SlaEnforcementModule.forRoot(config),
        SchedulingModule.forProducers(schedulingOptionsFromConfig(config)),
        ProjectionsModule,
        // Before the case modules: GET /complaints must not be taken for GET /complaints/:id.
        QueriesModule,
        QueuesModule,
        ReportsModule,
        ScoringModule,
        AuditModule,
        ComplaintsModule,
        EvidenceModule,
        FindingsModule,
        InspectionsModule,
        ViolationsModule,
        StaffModule,
        CircularsModule,
        SlaModule,
        IntegrityModule,
        RateLimitsModule,
      ],
      controllers: [HealthController, MetricsController, ListCategoriesController, ListUnitsController, GetWorkflowController],
      providers: [QueueBacklog],
    };
  }
}
