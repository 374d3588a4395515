import { DynamicModule, Module } from '@nestjs/common';
import { CommandHandlingModule } from '@duban/command-handling';
import { AppConfig, resolveJwtSecret } from '@duban/config';
import { DEMO_ORG_CONFIG_FILE, IdentityModule } from '@duban/identity';
import { PlatformModule } from '@duban/platform';
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
        IdentityModule.forRoot({
          configFile: config.ORG_CONFIG_FILE ?? DEMO_ORG_CONFIG_FILE,
          demoMode: config.demoMode,
          demoPassword: config.DEMO_PASSWORD,
          jwtSecret: resolveJwtSecret(config),
          tokenTtlSeconds: config.TOKEN_TTL_SECONDS,
          nodeEnv: config.NODE_ENV,
        }),
        CommandHandlingModule,
        SlaEnforcementModule.forRoot(config),
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
