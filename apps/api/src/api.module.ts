import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, resolveJwtSecret } from '@duban/config';
import { DEMO_ORG_CONFIG_FILE, IdentityModule } from '@duban/identity';
import { PlatformModule } from '@duban/platform';
import { HealthController } from './health/health.controller';

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
      ],
      controllers: [HealthController],
    };
  }
}
