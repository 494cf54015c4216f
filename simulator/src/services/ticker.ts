import type { SimContext } from '../context.js';
import { fireDueScheduledPosts } from './scheduled.js';
import { expireStatuses } from './status-expiry.js';

/** Once a second: sends scheduled posts that are due and ends expired DND and custom statuses. */
export function startTicker(ctx: SimContext): { stop(): void } {
  const timer = setInterval(() => {
    try {
      fireDueScheduledPosts(ctx);
      expireStatuses(ctx);
    } catch (err) {
      console.error('simulator: ticker failed', err);
    }
  }, 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
