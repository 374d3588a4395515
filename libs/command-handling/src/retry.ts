/**
 * The pause before retrying an optimistic append: full jitter, capped low, since the contenders
 * are other requests of the same moment (in this process or another instance), not remote clients.
 */
export const jitteredBackoff = (attempt: number): number => Math.random() * Math.min(2 ** attempt, 25);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
