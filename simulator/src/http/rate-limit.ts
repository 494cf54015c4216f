// Mattermost's own API rate limiting (`RateLimitSettings`, `app/ratelimit.go`): a GCRA limiter from
// the throttled library, keyed by the remote address (`VaryByRemoteAddr`, the default), by the token
// (`VaryByUser`) and/or a header (`VaryByHeader`). Off on a fresh server. A refused request gets a
// plain-text 429 `limit exceeded`; every answer carries the `X-RateLimit-*` headers while it is on.
import type { Request, RequestHandler } from 'express';
import type { SimContext } from '../context.js';
import type { ServerConfig } from '../store/config.js';
import { tokenOf } from './auth.js';

type Settings = ServerConfig['RateLimitSettings'];

interface Decision {
  limited: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the key's bucket is empty again. */
  resetSeconds: number;
  /** Seconds until a request would be allowed; only when limited. */
  retryAfterSeconds?: number;
}

/** The generic cell rate algorithm with throttled's arithmetic (limit = burst + 1). */
export class GcraLimiter {
  private readonly emissionMs: number;
  private readonly toleranceMs: number;
  private readonly limit: number;
  /** key → theoretical arrival time (ms); oldest keys go first beyond `maxKeys`. */
  private readonly tats = new Map<string, number>();

  constructor(
    perSecond: number,
    maxBurst: number,
    private readonly maxKeys: number,
  ) {
    this.emissionMs = 1000 / Math.max(perSecond, 1e-9);
    this.toleranceMs = this.emissionMs * (maxBurst + 1);
    this.limit = maxBurst + 1;
  }

  take(key: string, now: number): Decision {
    const tat = this.tats.get(key) ?? now;
    const newTat = Math.max(tat, now) + this.emissionMs;
    const allowAt = newTat - this.toleranceMs;
    if (now < allowAt) {
      return {
        limited: true,
        limit: this.limit,
        remaining: 0,
        resetSeconds: Math.ceil((tat - now) / 1000),
        retryAfterSeconds: Math.ceil((allowAt - now) / 1000),
      };
    }
    this.tats.delete(key);
    this.tats.set(key, newTat);
    if (this.tats.size > this.maxKeys) this.tats.delete(this.tats.keys().next().value as string);
    const ttl = newTat - now;
    const next = this.toleranceMs - ttl;
    return {
      limited: false,
      limit: this.limit,
      remaining: next > -this.emissionMs ? Math.floor(next / this.emissionMs) : 0,
      resetSeconds: Math.ceil(ttl / 1000),
    };
  }
}

/** The key of a request, as `RateLimiter.GenerateKey` builds it. */
export function rateLimitKey(req: Request, settings: Settings): string {
  const address = req.socket.remoteAddress ?? '';
  let key = '';
  if (settings.VaryByUser) {
    const token = tokenOf(req);
    if (token) key = token.token;
    else if (settings.VaryByRemoteAddr) key = address;
  } else if (settings.VaryByRemoteAddr) key = address;
  if (settings.VaryByHeader) key += req.get(settings.VaryByHeader) ?? '';
  return key;
}

/** The simulator's own switches stay reachable while limiting is on. */
const EXEMPT = /^\/api\/v4\/simulator(\/|$)/;

/**
 * Applies `RateLimitSettings` to every request, as Mattermost wraps its whole router; a changed
 * setting starts a fresh limiter.
 */
export function rateLimit(ctx: SimContext): RequestHandler {
  let limiter: GcraLimiter | undefined;
  let shape = '';
  return (req, res, next) => {
    const settings = ctx.store.config.RateLimitSettings;
    if (!settings.Enable || EXEMPT.test(req.path)) return next();
    const current = JSON.stringify(settings);
    if (!limiter || current !== shape) {
      limiter = new GcraLimiter(settings.PerSec, settings.MaxBurst, settings.MemoryStoreSize);
      shape = current;
    }
    const decision = limiter.take(rateLimitKey(req, settings), Date.now());
    res.setHeader('X-RateLimit-Limit', String(decision.limit));
    res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
    res.setHeader('X-RateLimit-Reset', String(decision.resetSeconds));
    if (!decision.limited) return next();
    res.setHeader('Retry-After', String(decision.retryAfterSeconds ?? 1));
    // Go's http.Error: plain text with a newline.
    res.statusCode = 429;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end('limit exceeded\n');
  };
}
