import type { EnsuredPostgres } from '../libs/event-store/src/adapters/postgres/local-postgres';
import type { EnsuredRedis } from '../libs/redis/src'; // global setup runs outside jest's module mapper

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dubanRedis?: EnsuredRedis }).__dubanRedis?.stop();
  await (globalThis as { __dubanPostgres?: EnsuredPostgres }).__dubanPostgres?.stop();
}
