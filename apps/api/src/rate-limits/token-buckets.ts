/** One request weighed against a limit, with what the RateLimit headers tell the client. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  /** Whole requests still allowed right now. */
  readonly remaining: number;
  /** Seconds until the full allowance is back. */
  readonly resetSeconds: number;
  /** Seconds until the next request would be allowed; 0 when this one was. */
  readonly retryAfterSeconds: number;
}

/** Credit is counted in 1/windowMs of a request, so that refills over whole milliseconds stay exact integers. */
interface Bucket {
  credit: number;
  atMs: number;
}

/**
 * A token bucket per key: `limit` requests at once, refilled continuously at `limit` per window.
 * A client within the rate is never refused; one that bursts waits only until a token is back.
 * Pure: the caller passes the time.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
    /** Beyond this many keys, full buckets (which remember nothing) are forgotten, then the oldest keys. */
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A rate limit must be a whole number ≥ 1, got ${limit}.`);
    this.capacity = limit * windowMs;
  }

  take(key: string, nowMs: number): RateDecision {
    const bucket = this.refilled(key, nowMs);
    const allowed = bucket.credit >= this.windowMs;
    if (allowed) bucket.credit -= this.windowMs;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.forget(nowMs);
    return {
      allowed,
      limit: this.limit,
      remaining: Math.floor(bucket.credit / this.windowMs),
      resetSeconds: this.secondsUntil(this.capacity - bucket.credit),
      retryAfterSeconds: allowed ? 0 : this.secondsUntil(this.windowMs - bucket.credit),
    };
  }

  private refilled(key: string, nowMs: number): Bucket {
    const bucket = this.buckets.get(key);
    if (!bucket) return { credit: this.capacity, atMs: nowMs };
    // A clock set back refills nothing rather than draining the bucket.
    const elapsedMs = Math.max(0, nowMs - bucket.atMs);
    return { credit: Math.min(this.capacity, bucket.credit + elapsedMs * this.limit), atMs: Math.max(nowMs, bucket.atMs) };
  }

  /** Whole seconds until the bucket has gained `missingCredit`; the refill is `limit` credit per millisecond. */
  private secondsUntil(missingCredit: number): number {
    return Math.ceil(Math.ceil(missingCredit / this.limit) / 1000);
  }

  private forget(nowMs: number): void {
    for (const [key] of this.buckets) {
      if (this.refilled(key, nowMs).credit >= this.capacity) this.buckets.delete(key);
    }
    // Map order is least recently used first.
    for (const [key] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
