/**
 * A token bucket: `ratePerSecond` tokens refill continuously up to `capacity`. `reserve()` takes a
 * token now or books the next free one and says how long to wait for it, so waiters queue fairly
 * without timers of their own.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  private refill(): void {
    const at = this.now();
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((at - this.updatedAt) / 1000) * this.ratePerSecond,
    );
    this.updatedAt = at;
  }

  /** Milliseconds until a token would be available, without taking it. */
  waitTimeMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.ratePerSecond) * 1000;
  }

  /** Takes a token (possibly in the future: the balance goes negative) and returns the wait in ms. */
  reserve(): number {
    const wait = this.waitTimeMs();
    this.tokens -= 1;
    return wait;
  }
}
