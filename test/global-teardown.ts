import type { EnsuredRedis } from '../libs/redis/src'; // global setup runs outside jest's module mapper

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __dubanRedis?: EnsuredRedis }).__dubanRedis?.stop();
}
