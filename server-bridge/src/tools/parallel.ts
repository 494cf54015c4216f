/**
 * Maps over items with at most `limit` calls in flight, results in input order. Fan-outs to
 * Mattermost (one call per channel or team) go through this so one tool call never floods it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** How many Mattermost calls one tool call runs at once when it fans out. */
export const FAN_OUT = 4;
