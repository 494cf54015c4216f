import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { currentContext } from '../observability/context.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import { retryDelayMs, sleep } from './backoff.js';
import { upstreamScope } from './mattermost-client.js';
import { LocalRateLimiter, type RateLimiter } from './rate-limiter.js';
import { BridgeLimitError, MattermostError } from '../errors.js';

export interface UpstreamSettings {
  timeoutMs: number;
  retries: number;
  ratePerUser: number;
  rateGlobal: number;
  rateMaxWaitMs: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  maxUsers: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

/** Faults of Mattermost itself (no answer, 5xx): they retry and they count against the breaker. */
export function isUpstreamFault(err: unknown): boolean {
  return err instanceof MattermostError && (err.status === 0 || err.status >= 500);
}

function isRetryable(err: unknown): boolean {
  return isUpstreamFault(err) || (err instanceof MattermostError && err.status === 429);
}

/**
 * The path of every request to Mattermost: rate limit (per user, then overall), circuit breaker,
 * deadline, and retries with backoff for the calls the caller marks safe to repeat.
 */
export class UpstreamCaller {
  private readonly breaker: CircuitBreakerPolicy;

  constructor(
    private readonly settings: UpstreamSettings,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
    /** Local buckets by default; a cluster shares its limits through Redis. */
    private readonly rateLimiter: RateLimiter = new LocalRateLimiter(settings),
  ) {
    this.breaker = circuitBreaker(handleWhen(isUpstreamFault), {
      halfOpenAfter: settings.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerThreshold),
    });
    this.breaker.onStateChange((state) => {
      this.metrics.breakerState.set(
        state === CircuitState.Open ? 2 : state === CircuitState.HalfOpen ? 1 : 0,
      );
      this.log.warn(
        { breaker: this.breakerState() },
        'circuit breaker towards Mattermost changed state',
      );
    });
    this.metrics.breakerState.set(0);
  }

  breakerState(): BreakerState {
    switch (this.breaker.state) {
      case CircuitState.Open:
      case CircuitState.Isolated:
        return 'open';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return 'closed';
    }
  }

  /**
   * Runs one Mattermost operation for a user. `retry` only for calls that are safe to repeat:
   * reads, and writes the server deduplicates (a post with its pending post id).
   */
  async call<T>(
    userKey: string,
    operation: string,
    retry: boolean,
    fn: () => Promise<T>,
  ): Promise<T> {
    const callerSignal = currentContext()?.signal;
    const attempts = retry ? this.settings.retries + 1 : 1;
    for (let attempt = 0; ; attempt++) {
      await this.takeRateLimitToken(userKey, callerSignal);
      try {
        return await this.breaker.execute(() => {
          const deadline = AbortSignal.timeout(this.settings.timeoutMs);
          const signal = callerSignal ? AbortSignal.any([deadline, callerSignal]) : deadline;
          return upstreamScope.run({ operation, signal }, fn);
        });
      } catch (err) {
        if (err instanceof BrokenCircuitError) {
          throw new BridgeLimitError(
            'Mattermost is failing repeatedly, so the bridge pauses requests to it for a few seconds. Try again shortly.',
            'circuit_open',
          );
        }
        if (attempt + 1 >= attempts || !isRetryable(err) || callerSignal?.aborted) throw err;
        const retryAfterMs = (err as MattermostError).retryAfterMs;
        // A server that asks for a long pause gets the error back at once, not a call that hangs.
        if (
          retryAfterMs !== undefined &&
          retryAfterMs > Math.max(this.settings.timeoutMs, this.settings.rateMaxWaitMs)
        ) {
          throw err;
        }
        const delay = retryDelayMs(attempt, { retryAfterMs, maxMs: this.settings.timeoutMs });
        this.metrics.upstreamRetries.inc({ operation });
        this.log.debug(
          {
            operation,
            attempt: attempt + 1,
            status: (err as MattermostError).status,
            delay_ms: delay,
          },
          'retrying a Mattermost request',
        );
        await sleep(delay, callerSignal);
      }
    }
  }

  private async takeRateLimitToken(userKey: string, signal?: AbortSignal): Promise<void> {
    const reservation = await this.rateLimiter.reserve(userKey);
    if ('refused' in reservation) {
      const scope = reservation.refused;
      this.metrics.rateLimitRejections.inc({ scope });
      throw new BridgeLimitError(
        scope === 'user'
          ? `Rate limit reached: at most ${this.settings.ratePerUser} Mattermost requests per second per user. Wait a moment and retry.`
          : `The bridge is at its overall rate limit of ${this.settings.rateGlobal} Mattermost requests per second. Wait a moment and retry.`,
        scope === 'user' ? 'rate_limit_user' : 'rate_limit_global',
      );
    }
    const { waitMs, scope } = reservation;
    if (waitMs > 0) {
      this.metrics.rateLimitWaits.inc({ scope });
      this.metrics.rateLimitWaitSeconds.observe({ scope }, waitMs / 1000);
      await sleep(waitMs, signal);
    }
  }
}
