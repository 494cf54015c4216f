import type { SimContext } from '../context.js';
import { publishUserUpdated, setStatus } from './users.js';

/** Ends timed Do Not Disturb (back to the previous status) and expired custom statuses. */
export function expireStatuses(ctx: SimContext): void {
  const now = ctx.now();
  for (const status of ctx.store.statuses.values()) {
    if (status.status === 'dnd' && status.dnd_end_time > 0 && status.dnd_end_time * 1000 <= now) {
      const back = (status.prev_status || 'online') as 'online' | 'away' | 'offline';
      setStatus(ctx, status.user_id, back, { manual: true });
    }
  }
  for (const user of ctx.store.users.values()) {
    const raw = user.props['customStatus'];
    if (!raw) continue;
    try {
      const cs = JSON.parse(raw) as { expires_at?: string; duration?: string };
      if (cs.expires_at && cs.duration && Date.parse(cs.expires_at) <= now) {
        delete user.props['customStatus'];
        user.update_at = now;
        publishUserUpdated(ctx, user);
      }
    } catch {
      delete user.props['customStatus'];
    }
  }
}
