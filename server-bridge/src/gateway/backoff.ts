/**
 * Delay before retry number `attempt` (0 for the first retry): exponential with full jitter, so
 * many clients that failed together do not come back together. A server's own `Retry-After`
 * wins when it asks for longer.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; retryAfterMs?: number; random?: () => number } = {},
): number {
  const { baseMs = 100, maxMs = 5000, retryAfterMs, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
}

/**
 * Reads how long Mattermost asks a client to wait after a 429: `Retry-After` (seconds or an HTTP
 * date), otherwise `X-Ratelimit-Reset` (seconds until the window resets).
 */
export function retryAfterFromHeaders(
  headers: Headers,
  now: number = Date.now(),
): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (headers.has('x-ratelimit-reset') && Number.isFinite(reset)) return Math.max(0, reset * 1000);
  return undefined;
}

/** Waits, unless the signal aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
