import { z } from 'zod';
import type { UserProfile, UserThread } from '../gateway/user-gateway.js';
import type { Post } from '../gateway/user-gateway.js';
import { clip, oneLine } from './text.js';
import { isoTime } from './time.js';

export const threadSummarySchema = z.object({
  root_id: z.string(),
  channel: z.string().describe('Where the thread is: team/~channel, @username or group.'),
  author: z.string().describe('Username of the root post’s author.'),
  snippet: z.string().describe('The start of the root post.'),
  reply_count: z.number().int(),
  last_reply_at: z.string(),
  unread_replies: z.number().int(),
  unread_mentions: z.number().int(),
  participants: z.array(z.string()),
  permalink: z.string(),
});
export type ThreadSummary = z.infer<typeof threadSummarySchema>;

/** Longest start of a post shown as a snippet. */
export const SNIPPET_CHARS = 160;

export function snippet(message: string, maxChars = SNIPPET_CHARS): string {
  const flat = oneLine(message.trim());
  return flat.length > maxChars ? `${flat.slice(0, maxChars)}…` : flat;
}

export function toThreadSummary(
  thread: UserThread & { post: Pick<Post, 'user_id' | 'message' | 'channel_id'> },
  users: ReadonlyMap<string, Pick<UserProfile, 'username'>>,
  place: { channel: string; permalink: string },
): ThreadSummary {
  const name = (id: string) => users.get(id)?.username ?? id;
  return {
    root_id: thread.id,
    channel: place.channel,
    author: name(thread.post.user_id),
    snippet: snippet(thread.post.message ?? ''),
    reply_count: thread.reply_count,
    last_reply_at: isoTime(thread.last_reply_at),
    unread_replies: thread.unread_replies,
    unread_mentions: thread.unread_mentions,
    participants: (thread.participants ?? []).map((p) => name(p.id)),
    permalink: place.permalink,
  };
}

/** `acme/~town · @alice: "Release plan…" · 4 replies (2 unread, 1 mention) · last 2026-… · id …` */
export function formatThreadLine(thread: ThreadSummary): string {
  const unread = [
    thread.unread_replies ? `${thread.unread_replies} unread` : '',
    thread.unread_mentions
      ? `${thread.unread_mentions} mention${thread.unread_mentions === 1 ? '' : 's'}`
      : '',
  ]
    .filter(Boolean)
    .join(', ');
  return [
    `${thread.channel} · @${thread.author}: "${clip(thread.snippet, SNIPPET_CHARS)}"`,
    `${thread.reply_count} ${thread.reply_count === 1 ? 'reply' : 'replies'}${unread ? ` (${unread})` : ''}`,
    `last ${thread.last_reply_at}`,
    `id ${thread.root_id}`,
    thread.permalink,
  ].join(' · ');
}
