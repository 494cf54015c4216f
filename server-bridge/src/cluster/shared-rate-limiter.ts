import type { Redis } from 'ioredis';
import {
  LocalRateLimiter,
  type RateLimiter,
  type RateLimits,
  type RateScope,
  type Reservation,
} from '../gateway/rate-limiter.js';
import type { RedisLink } from './redis-link.js';

/**
 * Both buckets (the user's and the cluster's) checked and booked in one atomic step, as a generic
 * cell rate algorithm: each key holds the theoretical arrival time of the next request; a request
 * waits for what lies beyond the burst tolerance, and is refused (nothing booked) when that is
 * longer than the longest wait. Redis's own clock serves every bridge, so their clocks may differ.
 */
const RESERVE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local function arrival(key)
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then return now end
  return tat
end
local utat = arrival(KEYS[1])
local gtat = arrival(KEYS[2])
local uwait = math.max(0, utat - now - tonumber(ARGV[2]))
local gwait = math.max(0, gtat - now - tonumber(ARGV[4]))
local scope = 'user'
local wait = uwait
if gwait > uwait then
  scope = 'global'
  wait = gwait
end
if wait > tonumber(ARGV[5]) then return {0, scope, '0'} end
local unext = utat + tonumber(ARGV[1])
local gnext = gtat + tonumber(ARGV[3])
redis.call('SET', KEYS[1], tostring(unext), 'PX', math.ceil(unext - now) + 1000)
redis.call('SET', KEYS[2], tostring(gnext), 'PX', math.ceil(gnext - now) + 1000)
return {1, scope, tostring(wait)}
`;

type ReserveReply = [0 | 1, RateScope, string];
type WithReserve = Redis & {
  reserveRate(userKey: string, globalKey: string, ...args: number[]): Promise<ReserveReply>;
};

/**
 * The rate limits shared by every bridge of a cluster, kept in Redis: a user's requests count
 * against one budget whichever bridge serves them. While Redis is unreachable each bridge limits
 * on its own (its local limiter) rather than failing calls.
 */
export class SharedRateLimiter implements RateLimiter {
  private readonly local: LocalRateLimiter;
  private readonly redis: WithReserve;
  /** The args after the keys: each bucket's interval and burst tolerance in ms, the longest wait. */
  private readonly args: number[];

  constructor(
    private readonly link: RedisLink,
    limits: RateLimits,
    private readonly onFallback: () => void = () => {},
  ) {
    this.local = new LocalRateLimiter(limits);
    // ioredis sends the script by its hash (EVALSHA) and loads it once where Redis lacks it.
    link.commands.defineCommand('reserveRate', { numberOfKeys: 2, lua: RESERVE_SCRIPT });
    this.redis = link.commands as WithReserve;
    const userInterval = 1000 / limits.ratePerUser;
    const globalInterval = 1000 / limits.rateGlobal;
    // A bucket of capacity C lets C requests through at once: a tolerance of C - 1 intervals.
    this.args = [
      userInterval,
      userInterval * (limits.ratePerUser - 1),
      globalInterval,
      globalInterval * (limits.rateGlobal - 1),
      limits.rateMaxWaitMs,
    ];
  }

  async reserve(userKey: string): Promise<Reservation> {
    if (this.link.status === 'down') return this.fallBack(userKey);
    try {
      const [allowed, scope, wait] = await this.redis.reserveRate(
        this.link.key('rate', 'user', userKey),
        this.link.key('rate', 'global'),
        ...this.args,
      );
      return allowed === 1 ? { waitMs: Number(wait), scope } : { refused: scope };
    } catch {
      return this.fallBack(userKey);
    }
  }

  private fallBack(userKey: string): Reservation {
    this.onFallback();
    return this.local.reserve(userKey);
  }
}
