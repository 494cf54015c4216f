import { TokenBucket, type BucketAnswer } from './token-bucket.js';

/** The switches of the fault injector; 0 or absent turns each off. */
export interface FaultSettings {
  latency_ms?: number;
  error_rate?: number;
  rate_limit_per_second?: number;
}

/** What the fault injector decides for one request. */
export interface FaultDecision {
  delayMs: number;
  /** Set when rate limiting is on: the headers to send, and whether the request is refused. */
  rateLimit?: BucketAnswer;
  /** An injected server error status (500 or 503), if this request is to fail. */
  errorStatus?: 500 | 503;
}

const nonNegative = (v: number | undefined): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;

/**
 * Latency, random server errors and rate limiting for the simulator's API, switched at run time so
 * that tests can show how a client copes with a slow, failing or throttling Mattermost.
 */
export class Faults {
  private settings: Required<FaultSettings> = {
    latency_ms: 0,
    error_rate: 0,
    rate_limit_per_second: 0,
  };
  private buckets = new Map<string, TokenBucket>();

  constructor(private readonly random: () => number = Math.random) {}

  set(f: FaultSettings): void {
    this.settings = {
      latency_ms: nonNegative(f.latency_ms),
      error_rate: Math.min(1, nonNegative(f.error_rate)),
      rate_limit_per_second: nonNegative(f.rate_limit_per_second),
    };
    this.buckets = new Map();
  }

  clear(): void {
    this.set({});
  }

  /** Whether every switch is off (the common case, checked first on every request). */
  get idle(): boolean {
    const { latency_ms, error_rate, rate_limit_per_second } = this.settings;
    return latency_ms === 0 && error_rate === 0 && rate_limit_per_second === 0;
  }

  current(): Required<FaultSettings> {
    return { ...this.settings };
  }

  /** Decides the faults for one request from the client identified by `clientKey`. */
  decide(clientKey: string, now: number): FaultDecision {
    const { latency_ms, error_rate, rate_limit_per_second } = this.settings;
    const decision: FaultDecision = { delayMs: latency_ms };
    if (rate_limit_per_second > 0) {
      let bucket = this.buckets.get(clientKey);
      if (!bucket) {
        bucket = new TokenBucket(rate_limit_per_second, now);
        this.buckets.set(clientKey, bucket);
      }
      decision.rateLimit = bucket.take(now);
    }
    if (error_rate > 0 && this.random() < error_rate) {
      decision.errorStatus = this.random() < 0.5 ? 500 : 503;
    }
    return decision;
  }
}
