import type { SimContext } from '../context.js';
import { AppError } from '../http/errors.js';
import type { ScheduledPost } from '../store/types.js';
import { createPost } from './posts.js';

/** Mattermost's reasons a scheduled post could not be sent. */
function errorCodeFor(ctx: SimContext, sp: ScheduledPost): string {
  const { store } = ctx;
  const user = store.user(sp.user_id);
  if (!user) return 'user_missing';
  if (user.delete_at > 0) return 'user_deleted';
  const channel = store.channels.get(sp.channel_id);
  if (!channel) return 'channel_not_found';
  if (channel.delete_at > 0) return 'channel_archived';
  if (!store.isChannelMember(channel.id, user.id)) return 'no_channel_member';
  if (sp.root_id) {
    const root = store.post(sp.root_id);
    if (!root || root.delete_at > 0) return 'thread_deleted';
  }
  return '';
}

/** Sends every scheduled post whose time has come; failures keep the post with an error code. */
export function fireDueScheduledPosts(ctx: SimContext): void {
  const now = ctx.now();
  for (const sp of ctx.store.scheduledPosts.values()) {
    if (sp.scheduled_at > now || sp.processed_at > 0 || sp.error_code) continue;
    const code = errorCodeFor(ctx, sp);
    if (code) {
      sp.error_code = code;
      sp.update_at = now;
      continue;
    }
    try {
      createPost(ctx, sp.user_id, {
        channel_id: sp.channel_id,
        root_id: sp.root_id,
        message: sp.message,
        props: sp.props,
        file_ids: sp.file_ids,
        priority: sp.priority,
      });
      ctx.store.scheduledPosts.delete(sp.id);
      ctx.bus.publish({
        event: 'scheduled_post_deleted',
        data: { scheduledPost: JSON.stringify(sp) },
        broadcast: { user_id: sp.user_id },
      });
    } catch (err) {
      sp.error_code = err instanceof AppError ? 'invalid_post' : 'unknown';
      sp.update_at = now;
    }
  }
}
