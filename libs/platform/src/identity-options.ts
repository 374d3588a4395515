import { AppConfig, resolveJwtSecret } from '@duban/config';
import { DEMO_ORG_CONFIG_FILE, type IdentityModuleOptions } from '@duban/identity';

/** The organisation, users and token settings both apps derive from the validated configuration. */
export function identityOptionsOf(config: AppConfig): IdentityModuleOptions {
  return {
    configFile: config.ORG_CONFIG_FILE ?? DEMO_ORG_CONFIG_FILE,
    demoMode: config.demoMode,
    demoPassword: config.DEMO_PASSWORD,
    jwtSecret: resolveJwtSecret(config),
    tokenTtlSeconds: config.TOKEN_TTL_SECONDS,
    nodeEnv: config.NODE_ENV,
  };
}
