import { LRUCache } from 'lru-cache';
import { TokenBucket } from './token-bucket.js';

export type RateScope = 'user' | 'global';

/** What a rate limiter answers for one request: wait this long, or refuse (over the longest wait). */
export type Reservation = { waitMs: number; scope: RateScope } | { refused: RateScope };

export interface RateLimits {
  ratePerUser: number;
  rateGlobal: number;
  rateMaxWaitMs: number;
  maxUsers: number;
}

/** The bridge's limits on requests to Mattermost, per user and overall. */
export interface RateLimiter {
  reserve(userKey: string): Reservation | Promise<Reservation>;
}

/** Limits kept in this process: one bucket per user (LRU) and one for the whole bridge. */
export class LocalRateLimiter implements RateLimiter {
  private readonly global: TokenBucket;
  private readonly users: LRUCache<string, TokenBucket>;

  constructor(private readonly limits: RateLimits) {
    this.global = new TokenBucket(limits.rateGlobal);
    this.users = new LRUCache({ max: limits.maxUsers });
  }

  reserve(userKey: string): Reservation {
    let user = this.users.get(userKey);
    if (!user) {
      user = new TokenBucket(this.limits.ratePerUser);
      this.users.set(userKey, user);
    }
    const userWait = user.waitTimeMs();
    const globalWait = this.global.waitTimeMs();
    const scope: RateScope = userWait >= globalWait ? 'user' : 'global';
    if (Math.max(userWait, globalWait) > this.limits.rateMaxWaitMs) return { refused: scope };
    return { waitMs: Math.max(user.reserve(), this.global.reserve()), scope };
  }
}
