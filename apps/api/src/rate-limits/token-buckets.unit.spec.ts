import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  const start = Date.parse('2026-03-02T08:00:00Z');

  it('allows a burst of the limit, then refuses with the wait until one request is back', () => {
    const buckets = new TokenBuckets(3, 60_000);
    const decisions = [0, 1, 2, 3].map(() => buckets.take('alice', start));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([2, 1, 0, 0]);
    expect(decisions[3]).toMatchObject({ limit: 3, retryAfterSeconds: 20, resetSeconds: 60 });
  });

  it('refills continuously: one request back per window / limit, all of them after a window', () => {
    const buckets = new TokenBuckets(3, 60_000);
    for (let i = 0; i < 3; i++) buckets.take('alice', start);
    expect(buckets.take('alice', start + 19_000).allowed).toBe(false);
    expect(buckets.take('alice', start + 20_000)).toMatchObject({ allowed: true, remaining: 0 });
    expect(buckets.take('alice', start + 20_000 + 60_000)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(1, 60_000);
    expect(buckets.take('alice', start).allowed).toBe(true);
    expect(buckets.take('alice', start).allowed).toBe(false);
    expect(buckets.take('bob', start).allowed).toBe(true);
  });

  it('refills nothing when the clock goes back, and never more than the limit', () => {
    const buckets = new TokenBuckets(2, 60_000);
    buckets.take('alice', start);
    buckets.take('alice', start);
    expect(buckets.take('alice', start - 3_600_000).allowed).toBe(false);
    expect(buckets.take('alice', start + 3_600_000).remaining).toBe(1);
  });

  it('bounds its memory: beyond maxKeys it forgets full buckets first, then the least recently used', () => {
    const buckets = new TokenBuckets(1, 60_000, 2);
    buckets.take('full-again', start);
    buckets.take('busy', start + 59_000);
    buckets.take('newcomer', start + 60_000);
    expect(buckets.take('busy', start + 60_000).allowed).toBe(false);
    expect(buckets.take('full-again', start + 60_000).allowed).toBe(true);
    buckets.take('third', start + 60_000);
    expect(buckets.take('busy', start + 60_000).allowed).toBe(true);
  });
});
