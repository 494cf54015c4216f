import { z } from 'zod';

/**
 * The answer of a tool that acts on many items at once: one result per item, in the order they
 * were given, saying whether it worked and if not why, so a partial success is never silent.
 */
export const bulkItemSchema = z.object({
  item: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});
export type BulkItem = z.infer<typeof bulkItemSchema>;

/**
 * The output schema of a bulk tool: `results` (each with `shape`'s facts, which a failure lacks, so
 * each is optional), `succeeded`, `failed`.
 */
export function bulkOutput<S extends Record<string, z.ZodOptional>>(shape: S) {
  return z.object({
    results: z.array(bulkItemSchema.extend(shape)),
    succeeded: z.number().int(),
    failed: z.number().int(),
  });
}

/** How many items worked and how many did not. */
export function bulkCounts(results: readonly BulkItem[]): { succeeded: number; failed: number } {
  const succeeded = results.filter((result) => result.ok).length;
  return { succeeded, failed: results.length - succeeded };
}

/**
 * `Added to acme/~general: 2 of 3 (1 failed)` and a line per item: `ok @bob · …` or
 * `failed @carol: why`; `detail` describes a success.
 */
export function formatBulk<T extends BulkItem>(
  heading: string,
  results: readonly T[],
  detail: (result: T) => string = (result) => result.item,
): string {
  const { succeeded, failed } = bulkCounts(results);
  const lines = results.map((result) =>
    result.ok
      ? `ok ${detail(result)}`
      : `failed ${result.item}: ${result.error ?? 'no reason given'}`,
  );
  return [
    `${heading}: ${succeeded} of ${results.length}${failed ? ` (${failed} failed)` : ''}`,
    ...lines,
  ].join('\n');
}
