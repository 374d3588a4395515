import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from './app-config';
import { readOrCreateSecret } from './generated-secret';

/**
 * CUSTOMER_DATA_MASTER_KEY (32 bytes, hex or base64) when set; otherwise (never in production, see
 * loadConfig) one generated per data directory. It wraps every customer's data key: keep it apart
 * from the key file, or the file is readable.
 */
export function resolveCustomerDataMasterKey(config: AppConfig): string {
  return config.CUSTOMER_DATA_MASTER_KEY ?? readOrCreateSecret(join(config.dataDir, 'customer-data-master-key'), () => randomBytes(32).toString('base64'));
}
