import type { EnsuredRedis } from '@duban/redis';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dubanRedis?: EnsuredRedis }).__dubanRedis?.stop();
}
