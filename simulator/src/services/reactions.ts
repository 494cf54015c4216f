import type { SimContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import type { Post, Reaction } from '../store/types.js';
import { touchThreadMembership } from './threads.js';

/** Mattermost's emoji name rule for reactions. */
const EMOJI = /^[a-zA-Z0-9_+-]{1,64}$/;

export function addReaction(
  ctx: SimContext,
  userId: string,
  post: Post,
  emojiName: string,
  at?: number,
): Reaction {
  if (!EMOJI.test(emojiName))
    throw badRequest('model.reaction.is_valid.emoji_name.app_error', 'Invalid emoji name.');
  const key = `${userId}:${emojiName}`;
  const existing = ctx.store.reactions.get(post.id, key);
  if (existing) return existing;
  const now = at ?? ctx.now();
  const reaction: Reaction = {
    user_id: userId,
    post_id: post.id,
    emoji_name: emojiName,
    create_at: now,
    update_at: now,
    delete_at: 0,
    remote_id: '',
    channel_id: post.channel_id,
  };
  ctx.store.reactions.set(post.id, key, reaction);
  post.update_at = Math.max(post.update_at, now);
  // Reacting in a thread makes the reactor follow it (unless they already chose).
  if (ctx.store.config.ServiceSettings.ThreadAutoFollow && (post.root_id || post.reply_count > 0))
    touchThreadMembership(ctx, post.root_id || post.id, userId, {
      follow: true,
      onlyIfAbsent: true,
    });
  ctx.bus.publish({
    event: 'reaction_added',
    data: { reaction: JSON.stringify(reaction) },
    broadcast: { channel_id: post.channel_id },
  });
  return reaction;
}

export function removeReaction(
  ctx: SimContext,
  userId: string,
  post: Post,
  emojiName: string,
): void {
  const key = `${userId}:${emojiName}`;
  const reaction = ctx.store.reactions.get(post.id, key);
  if (!reaction) return;
  ctx.store.reactions.delete(post.id, key);
  post.update_at = ctx.now();
  ctx.bus.publish({
    event: 'reaction_removed',
    data: { reaction: JSON.stringify(reaction) },
    broadcast: { channel_id: post.channel_id },
  });
}
