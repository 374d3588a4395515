import type { VersionedSqliteSchema } from '@duban/event-store';
import { customerKeys } from './001-customer-keys';

/** Every change to the customer key file, in order; add new ones at the end. Keys cannot be rebuilt, so the file is migrated, never recreated. */
export const CUSTOMER_KEY_SCHEMA: VersionedSqliteSchema = {
  name: 'customer key store',
  migrations: [customerKeys],
};
