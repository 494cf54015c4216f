import { z } from 'zod';
import type { Reaction, UserProfile } from '../gateway/user-gateway.js';

export const reactionGroupSchema = z.object({
  emoji: z.string(),
  count: z.number().int(),
  users: z.array(z.string()).describe('Usernames of the people who reacted, oldest first.'),
});
export type ReactionGroup = z.infer<typeof reactionGroupSchema>;

/** Reactions grouped by emoji, in order of first use, each with who reacted. */
export function groupReactions(
  reactions: readonly Pick<Reaction, 'emoji_name' | 'user_id' | 'create_at'>[],
  users: ReadonlyMap<string, Pick<UserProfile, 'username'>>,
): ReactionGroup[] {
  const groups = new Map<string, string[]>();
  const ordered = [...reactions].sort((a, b) => a.create_at - b.create_at);
  for (const reaction of ordered) {
    const names = groups.get(reaction.emoji_name) ?? [];
    names.push(users.get(reaction.user_id)?.username ?? reaction.user_id);
    groups.set(reaction.emoji_name, names);
  }
  return [...groups].map(([emoji, names]) => ({ emoji, count: names.length, users: names }));
}

/** `:+1: 2 — @alice, @bob` */
export function formatReactionGroup(group: ReactionGroup): string {
  return `:${group.emoji}: ${group.count} — ${group.users.map((name) => `@${name}`).join(', ')}`;
}
