/** The outcome of asking a bucket for one request, with what the rate-limit headers report. */
export interface BucketAnswer {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one more request is allowed (0 when allowed now). */
  retryAfterSeconds: number;
}

/**
 * A token bucket refilled continuously at `perSecond` tokens a second, holding at most `perSecond`
 * tokens: a client may burst one second's worth of requests, then keeps to the rate.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly perSecond: number,
    now: number,
  ) {
    this.tokens = perSecond;
    this.updatedAt = now;
  }

  take(now: number): BucketAnswer {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.perSecond, this.tokens + elapsed * this.perSecond);
    this.updatedAt = now;
    const allowed = this.tokens >= 1;
    if (allowed) this.tokens -= 1;
    const missing = this.perSecond - this.tokens;
    return {
      allowed,
      limit: this.perSecond,
      remaining: Math.floor(this.tokens),
      resetSeconds: Math.ceil(missing / this.perSecond),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond)),
    };
  }
}
