// Per-key rate limit: a token bucket per API key, in this process's memory. Each instance
// behind a load balancer limits on its own, so the effective limit is per instance; that is
// enough to stop a runaway client without a shared store.

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  private buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    /** Requests allowed per minute, which is also the burst size. */
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** Buckets idle longer than this are forgotten, so memory stays bounded. */
    private readonly idleMs = 10 * 60_000,
  ) {}

  take(key: string): RateLimitDecision {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000)) };
  }

  private sweep(now: number) {
    for (const [k, b] of this.buckets) if (now - b.updatedAt > this.idleMs) this.buckets.delete(k);
  }
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

export function rateLimitPerMinute(): number {
  const n = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_RATE_LIMIT_PER_MINUTE;
}

const globalForLimiter = globalThis as unknown as { __apiLimiter?: TokenBucketLimiter };

/** The process's limiter; rebuilt when API_RATE_LIMIT_PER_MINUTE changes (tests set it). */
export function apiLimiter(): TokenBucketLimiter {
  const perMinute = rateLimitPerMinute();
  if (globalForLimiter.__apiLimiter?.perMinute !== perMinute) globalForLimiter.__apiLimiter = new TokenBucketLimiter(perMinute);
  return globalForLimiter.__apiLimiter;
}
