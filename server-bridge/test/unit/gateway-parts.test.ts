import { retryAfterFromHeaders, retryDelayMs, sleep } from '../../src/gateway/backoff.js';
import { TokenBucket } from '../../src/gateway/token-bucket.js';
import { isUpstreamFault } from '../../src/gateway/upstream.js';
import { tokenKey } from '../../src/gateway/gateway.js';
import { MattermostError } from '../../src/errors.js';

describe('TokenBucket', () => {
  it('lets a burst through, then books future tokens at the refill rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBeCloseTo(100);
    expect(bucket.reserve()).toBeCloseTo(200);
    now = 1000;
    expect(bucket.waitTimeMs()).toBe(0);
  });
});

describe('retries', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(retryDelayMs(0, { baseMs: 100, random: () => 0 })).toBe(50);
    expect(retryDelayMs(0, { baseMs: 100, random: () => 1 })).toBe(100);
    expect(retryDelayMs(3, { baseMs: 100, random: () => 1 })).toBe(800);
    expect(retryDelayMs(10, { baseMs: 100, maxMs: 1000, random: () => 1 })).toBe(1000);
  });

  it('waits at least as long as the server asked', () => {
    expect(retryDelayMs(0, { baseMs: 100, retryAfterMs: 2000, random: () => 1 })).toBe(2000);
  });

  it('reads Retry-After and X-Ratelimit-Reset', () => {
    expect(retryAfterFromHeaders(new Headers({ 'Retry-After': '2' }))).toBe(2000);
    expect(retryAfterFromHeaders(new Headers({ 'X-Ratelimit-Reset': '1' }))).toBe(1000);
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(
      retryAfterFromHeaders(new Headers({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now),
    ).toBe(3000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it('counts only Mattermost faults against the breaker', () => {
    expect(isUpstreamFault(new MattermostError('down', 503))).toBe(true);
    expect(isUpstreamFault(new MattermostError('no answer', 0))).toBe(true);
    expect(isUpstreamFault(new MattermostError('not found', 404))).toBe(false);
    expect(isUpstreamFault(new MattermostError('slow down', 429))).toBe(false);
    expect(isUpstreamFault(new Error('bug'))).toBe(false);
  });

  it('sleeps until aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(sleep(5000, controller.signal)).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('token keys', () => {
  it('never contain the token', () => {
    const key = tokenKey('abcdefghijklmnopqrstuvwxyz');
    expect(key).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(key).toBe(tokenKey('abcdefghijklmnopqrstuvwxyz'));
    expect(key).not.toBe(tokenKey('abcdefghijklmnopqrstuvwxy0'));
  });
});
