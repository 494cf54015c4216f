import type { FeedEvent } from '../events/routing.js';
import { formatPostLine, isHiddenSystemPost, toPostSummary } from '../format/posts.js';
import { clip, oneLine } from '../format/text.js';
import { isoTime } from '../format/time.js';
import type { Post, PostList, UserProfile } from '../gateway/user-gateway.js';
import type { WebhookDelivery } from '../webhooks/feed.js';

/**
 * Text of the resources, in the same compact one-line-per-item format as the tools (the shared
 * formatters in `format/`), plus the two kinds only resources have: live events and webhook
 * deliveries.
 */

/** Posts of a list, oldest first (Mattermost orders `order` newest first), without join/leave noise. */
export function postsOldestFirst(list: Pick<PostList, 'order' | 'posts'>): Post[] {
  return list.order
    .map((id) => list.posts[id])
    .filter((p): p is Post => p !== undefined && !isHiddenSystemPost(p))
    .sort((a, b) => a.create_at - b.create_at);
}

export function renderPosts(posts: Post[], users: ReadonlyMap<string, UserProfile>): string {
  if (posts.length === 0) return '(no posts)';
  return posts.map((p) => formatPostLine(toPostSummary(p, users))).join('\n');
}

function who(userId: string | undefined, users: ReadonlyMap<string, UserProfile>): string {
  if (!userId) return '';
  const user = users.get(userId);
  return user ? `@${user.username}` : `user ${userId}`;
}

const EVENT_VERBS: Record<string, (e: FeedEvent) => string> = {
  posted: (e) => `posted: ${oneLine(clip(e.message ?? '', 1000))}`,
  post_edited: (e) => `edited: ${oneLine(clip(e.message ?? '', 1000))}`,
  post_deleted: () => 'deleted a post',
  reaction_added: (e) => `reacted ${e.emoji_name}`,
  reaction_removed: (e) => `removed reaction ${e.emoji_name}`,
};

/** `[2026-05-04T09:30:00Z] ~town-square @alice posted: hi (post …, reply to …)` */
export function renderFeedEvent(e: FeedEvent, users: ReadonlyMap<string, UserProfile>): string {
  const where = e.channel_name
    ? `~${e.channel_name}`
    : e.channel_id
      ? `channel ${e.channel_id}`
      : '';
  const verb = EVENT_VERBS[e.kind]?.(e) ?? e.kind;
  const ids = [e.post_id ? `post ${e.post_id}` : '', e.root_id ? `reply to ${e.root_id}` : '']
    .filter(Boolean)
    .join(', ');
  return [`[${isoTime(e.at)}]`, where, who(e.user_id, users), verb, ids ? `(${ids})` : '']
    .filter(Boolean)
    .join(' ');
}

/** `[2026-05-04T09:30:00Z] ~town-square @alice (post …, trigger deploy): text` */
export function renderDelivery(d: WebhookDelivery): string {
  const extras = [`post ${d.post_id}`];
  if (d.trigger_word) extras.push(`trigger ${d.trigger_word}`);
  if (d.file_ids.length > 0) extras.push(`files ${d.file_ids.join(',')}`);
  return `[${isoTime(d.timestamp)}] ~${d.channel_name || d.channel_id} @${d.user_name || d.user_id} (${extras.join(', ')}): ${oneLine(clip(d.text, 2000))}`;
}
