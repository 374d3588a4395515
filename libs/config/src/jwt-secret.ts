import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from './app-config';
import { readOrCreateSecret } from './generated-secret';

/**
 * JWT_SECRET when set; otherwise (never in production, see loadConfig) a random secret generated
 * once per data directory, so tokens outlive a restart of a demo or development install.
 */
export function resolveJwtSecret(config: AppConfig): string {
  return config.JWT_SECRET ?? readOrCreateSecret(join(config.dataDir, 'jwt-secret'), () => randomBytes(48).toString('base64url'));
}
