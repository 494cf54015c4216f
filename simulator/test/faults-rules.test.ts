import { describe, expect, it } from '@jest/globals';

import { Faults } from '../src/faults/faults.js';
import { TokenBucket } from '../src/faults/token-bucket.js';

describe('TokenBucket', () => {
  it('allows one second of burst, refuses then, and refills at the rate', () => {
    const b = new TokenBucket(4, 0);
    const answers = [0, 0, 0, 0, 0].map(() => b.take(0));
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, true, false]);
    expect(answers[3]).toMatchObject({ limit: 4, remaining: 0, resetSeconds: 1 });
    expect(answers[4]).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(b.take(250).allowed).toBe(true);
    expect(b.take(250).allowed).toBe(false);
  });
});

describe('Faults', () => {
  it('turns each switch on and off, and keeps latency and errors to their settings', () => {
    let next = 0.3;
    const f = new Faults(() => next);
    expect(f.decide('a', 0)).toEqual({ delayMs: 0 });
    expect(f.idle).toBe(true);
    f.set({ latency_ms: 50, error_rate: 0.5, rate_limit_per_second: 1 });
    const d = f.decide('a', 0);
    expect(d.delayMs).toBe(50);
    expect(d.errorStatus).toBe(500);
    expect(d.rateLimit?.allowed).toBe(true);
    expect(f.decide('a', 0).rateLimit?.allowed).toBe(false);
    expect(f.decide('b', 0).rateLimit?.allowed).toBe(true);
    next = 0.7;
    expect(f.decide('c', 0).errorStatus).toBeUndefined();
    expect(f.idle).toBe(false);
    f.clear();
    expect(f.idle).toBe(true);
    expect(f.current()).toEqual({ latency_ms: 0, error_rate: 0, rate_limit_per_second: 0 });
    expect(f.decide('a', 0)).toEqual({ delayMs: 0 });
  });

  it('ignores negative and non-numeric settings and caps the error rate at 1', () => {
    const f = new Faults();
    f.set({ latency_ms: -5, error_rate: 7, rate_limit_per_second: Number.NaN });
    expect(f.current()).toEqual({ latency_ms: 0, error_rate: 1, rate_limit_per_second: 0 });
  });
});
