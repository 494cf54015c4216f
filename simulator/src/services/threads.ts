import type { SimContext } from '../context.js';
import type { Post, ThreadMembership } from '../store/types.js';
import { presentPost, presentUser } from './present.js';

/** Creates or updates a user's membership of a thread. */
export function touchThreadMembership(
  ctx: SimContext,
  rootId: string,
  userId: string,
  change: { follow?: boolean; viewedAt?: number; addMention?: boolean; onlyIfAbsent?: boolean },
): ThreadMembership {
  const { store } = ctx;
  let m = store.threadMemberships.get(rootId, userId);
  const now = ctx.now();
  if (m && change.onlyIfAbsent) return m;
  if (!m) {
    m = {
      post_id: rootId,
      user_id: userId,
      following: false,
      last_viewed: 0,
      last_updated: now,
      unread_mentions: 0,
    };
    store.threadMemberships.set(rootId, userId, m);
  }
  if (change.follow !== undefined) m.following = change.follow;
  if (change.viewedAt !== undefined) {
    m.last_viewed = change.viewedAt;
    m.unread_mentions = 0;
  }
  if (change.addMention) m.unread_mentions += 1;
  m.last_updated = now;
  return m;
}

/** Replies by others after the user last viewed the thread. */
export function unreadReplies(ctx: SimContext, root: Post, membership: ThreadMembership): number {
  return ctx.store
    .repliesOf(root.id)
    .filter((r) => r.create_at > membership.last_viewed && r.user_id !== membership.user_id).length;
}

/**
 * Mattermost's UserThread for one user, with the root post. Participants are whole profiles only
 * when `extended` is asked for; otherwise just their ids.
 */
export function presentUserThread(
  ctx: SimContext,
  root: Post,
  userId: string,
  extended = true,
): Record<string, unknown> {
  const m = ctx.store.threadMemberships.get(root.id, userId) ?? {
    post_id: root.id,
    user_id: userId,
    following: false,
    last_viewed: 0,
    last_updated: 0,
    unread_mentions: 0,
  };
  const participants = extended
    ? root.participants
        .map((id) => ctx.store.user(id))
        .filter((u) => u !== undefined)
        .map((u) => presentUser(ctx, u, userId))
    : root.participants.map((id) => ({ id }));
  return {
    id: root.id,
    reply_count: root.reply_count,
    last_reply_at: root.last_reply_at,
    last_viewed_at: m.last_viewed,
    participants,
    post: presentPost(ctx, root),
    unread_replies: unreadReplies(ctx, root, m),
    unread_mentions: m.unread_mentions,
    is_following: m.following,
    is_urgent: false,
    delete_at: root.delete_at,
  };
}

/** Threads a user follows in a team's channels (and their DMs and GMs), most recently active first. */
export function followedThreads(ctx: SimContext, userId: string, teamId: string): Post[] {
  const { store } = ctx;
  const out: Post[] = [];
  for (const [rootId, members] of store.threadMemberships.outer) {
    const m = members.get(userId);
    if (!m?.following) continue;
    const root = store.post(rootId);
    if (!root || root.delete_at > 0) continue;
    const channel = store.channels.get(root.channel_id);
    if (!channel || (channel.team_id !== teamId && channel.team_id !== '')) continue;
    if (!store.isChannelMember(channel.id, userId)) continue;
    out.push(root);
  }
  return out.sort((a, b) => b.last_reply_at - a.last_reply_at);
}
