import type { ToolMiddleware } from './types.js';
import { BridgeLimitError } from '../../errors.js';

/**
 * At most `limit` calls running at once per user, across all of that user's sessions. Over the
 * limit, a call is refused at once with a clear message rather than queued without bound.
 */
export function concurrencyMiddleware(limit: number): ToolMiddleware {
  const running = new Map<string, number>();
  return async (call, next) => {
    const userId = call.ctx.user.id;
    const current = running.get(userId) ?? 0;
    if (current >= limit) {
      throw new BridgeLimitError(
        `Too many tool calls at once: at most ${limit} per user. Wait for the others to finish and retry.`,
        'concurrency',
      );
    }
    running.set(userId, current + 1);
    try {
      return await next(call);
    } finally {
      const left = (running.get(userId) ?? 1) - 1;
      if (left <= 0) running.delete(userId);
      else running.set(userId, left);
    }
  };
}
