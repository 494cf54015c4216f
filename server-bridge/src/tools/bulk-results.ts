import { bulkCounts, formatBulk, type BulkItem } from '../format/bulk.js';
import { MattermostError } from '../errors.js';
import type { ItemError } from '../gateway/team-upkeep.js';
import { classifyFailure } from '../mcp/protocol-errors.js';
import { FAN_OUT, mapLimit } from './parallel.js';

/**
 * Why one item of a bulk call failed, in the words the whole call would have used. A fault of the
 * bridge itself is no item's failure: it propagates and fails the call.
 */
export function failureReason(err: unknown): string {
  const failure = classifyFailure(err);
  if (failure.kind === 'internal') throw err;
  return failure.message;
}

/** The reason Mattermost gave for one item of a graceful batch. */
export function itemErrorReason(error: ItemError): string {
  return failureReason(new MattermostError(error.message, error.status_code ?? 400, error.id));
}

/** A result per item: `act` on each (at most FAN_OUT at once), a failure kept as that item's error. */
export function eachItem<T, R extends object>(
  items: readonly T[],
  name: (item: T) => string,
  act: (item: T) => Promise<R>,
): Promise<(BulkItem & Partial<R>)[]> {
  return mapLimit(items, FAN_OUT, async (item) => {
    try {
      return { item: name(item), ok: true, ...(await act(item)) };
    } catch (err) {
      return { item: name(item), ok: false, error: failureReason(err) } as BulkItem & Partial<R>;
    }
  });
}

/** The text and structured answer of a bulk tool, with any `extra` facts beside the results. */
export function bulkAnswer<T extends BulkItem, E extends object = object>(
  heading: string,
  results: T[],
  detail?: (result: T) => string,
  extra?: E,
) {
  return {
    text: formatBulk(heading, results, detail),
    structured: { ...(extra as E), results, ...bulkCounts(results) },
  };
}
