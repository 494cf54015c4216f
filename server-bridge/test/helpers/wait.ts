/**
 * How the tests wait: on a condition, never for a fixed time, except where a test proves that
 * something does not happen, which no condition can show (`quietPeriod`).
 */

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25)); // polling interval of the condition
  }
}

/** Polls a yes/no condition until it holds, or fails after `timeoutMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  await waitFor(what, async () => ((await check()) ? true : undefined), timeoutMs);
}

/** Resolves once the clock has passed `time` (ms), so the next record gets a later timestamp. */
export async function clockPast(time: number): Promise<void> {
  while (Date.now() <= time) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A fixed wait, only for proving that something does NOT happen within `ms` (a delivery, a
 * request, an event): say at the call site what would have happened.
 */
export function quietPeriod(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
