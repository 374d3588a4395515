import { DynamicModule, Module } from '@nestjs/common';
import { CommandHandlingModule } from '@duban/command-handling';
import type { AppConfig } from '@duban/config';
import { IdentityModule } from '@duban/identity';
import { identityOptionsOf, PlatformModule } from '@duban/platform';
import { SchedulingModule, schedulingOptionsFromConfig } from '@duban/scheduling';
import { SlaEnforcementModule } from '@duban/sla-enforcement';
import { ListCategoriesController } from './categories/list-categories.controller';
import { ComplaintsModule } from './complaints/complaints.module';
import { FindingsModule } from './findings/findings.module';
import { HealthController } from './health/health.controller';
import { InspectionsModule } from './inspections/inspections.module';
import { DeadlineSchedulingModule } from './sla/deadline-scheduling.module';
import { SlaModule } from './sla/sla.module';
import { GetWorkflowController } from './workflows/get-workflow.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(config),
        IdentityModule.forRoot(identityOptionsOf(config)),
        CommandHandlingModule,
        SlaEnforcementModule.forRoot(config),
        SchedulingModule.forProducers(schedulingOptionsFromConfig(config)),
        DeadlineSchedulingModule,
        ComplaintsModule,
        FindingsModule,
        InspectionsModule,
        SlaModule,
      ],
      controllers: [HealthController, ListCategoriesController, GetWorkflowController],
    };
  }
}
