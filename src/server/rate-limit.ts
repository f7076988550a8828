/**
 * Token buckets, one per key (a token, a session, an IP, a login name + IP): a burst is served at once, then
 * requests are refilled at a steady rate. In memory and per replica, which is enough to stop a runaway agent loop
 * or a password-guessing script; it is not a quota system. Bounded: idle buckets are dropped, and past
 * `maxKeys` the oldest is evicted, so a flood of distinct keys cannot grow memory without limit.
 */

export interface BucketSpec {
  /** Requests served at once from a full bucket. */
  burst: number;
  /** Requests refilled per second. */
  perSecond: number;
}

/** Defaults (per principal): agents 50/s with bursts of 100; humans the same; login 10 a minute per name + IP. */
export const DEFAULT_LIMITS = {
  agent: { burst: 100, perSecond: 50 },
  human: { burst: 100, perSecond: 50 },
  anonymous: { burst: 100, perSecond: 50 },
  login: { burst: 10, perSecond: 10 / 60 },
} as const satisfies Record<string, BucketSpec>;

export type LimitKind = keyof typeof DEFAULT_LIMITS;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /**
   * Take one request from `key`'s bucket. Returns 0 when it may proceed, otherwise the whole seconds to wait
   * (for `retry-after`).
   */
  take(key: string): number {
    const now = this.now();
    const { burst, perSecond } = this.spec;
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      // Re-insert so the Map's order is least-recently-used first (eviction below).
      this.buckets.delete(key);
    } else {
      b = { tokens: burst, at: now };
      if (this.buckets.size >= this.maxKeys) this.evict(now);
    }
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }

  private evict(now: number): void {
    const full = (this.spec.burst / this.spec.perSecond) * 1000;
    for (const [k, b] of this.buckets) {
      // A bucket idle long enough to be full again is the same as no bucket.
      if (now - b.at >= full || this.buckets.size >= this.maxKeys) this.buckets.delete(k);
      else break;
    }
  }
}

/** One limiter per kind, with optional overrides (tests use tiny buckets). */
export function makeLimiters(
  overrides: Partial<Record<LimitKind, BucketSpec>> = {},
  now: () => number = Date.now,
): Record<LimitKind, RateLimiter> {
  const spec = (k: LimitKind): BucketSpec => overrides[k] ?? DEFAULT_LIMITS[k];
  return {
    agent: new RateLimiter(spec('agent'), now),
    human: new RateLimiter(spec('human'), now),
    anonymous: new RateLimiter(spec('anonymous'), now),
    login: new RateLimiter(spec('login'), now),
  };
}
