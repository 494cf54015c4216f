import { z } from 'zod';
import { counted } from './text.js';
import { isoTime } from './time.js';

/** What kind of attention an item asks for, most pressing first. */
export const ATTENTION_KINDS = ['mention', 'direct', 'thread', 'channel_mention'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export const attentionItemSchema = z.object({
  kind: z
    .enum(ATTENTION_KINDS)
    .describe(
      'mention: @you in a post; direct: unread direct or group message; thread: unread replies in a followed thread; channel_mention: @channel/@here/@all.',
    ),
  channel: z.string(),
  author: z.string().describe('Username of who wrote it; for a thread, who started it.'),
  time: z.string().describe('ISO 8601, UTC; for a thread, its latest reply.'),
  snippet: z.string(),
  permalink: z.string(),
  post_id: z.string(),
  unread: z.number().int().optional().describe('Unread messages or replies it stands for.'),
});
export type AttentionItem = z.infer<typeof attentionItemSchema>;

/** An item before ranking: its time as Unix milliseconds. */
export type AttentionCandidate = Omit<AttentionItem, 'time'> & { at: number };

const RANK: Record<AttentionKind, number> = {
  mention: 0,
  direct: 0,
  thread: 1,
  channel_mention: 2,
};

/**
 * Ranks what needs the user: direct mentions and direct messages first, then thread replies, then
 * channel-wide mentions; newer first within each. A post is kept once (its most pressing kind).
 */
export function rankAttention(
  candidates: readonly AttentionCandidate[],
  limit: number,
): AttentionItem[] {
  const ordered = [...candidates].sort(
    (a, b) => RANK[a.kind] - RANK[b.kind] || b.at - a.at || a.post_id.localeCompare(b.post_id),
  );
  const seen = new Set<string>();
  const kept: AttentionItem[] = [];
  for (const { at, ...item } of ordered) {
    if (seen.has(item.post_id)) continue;
    seen.add(item.post_id);
    kept.push({ ...item, time: isoTime(at) });
    if (kept.length >= limit) break;
  }
  return kept;
}

const LABEL: Record<AttentionKind, string> = {
  mention: 'mention',
  direct: 'direct',
  thread: 'thread',
  channel_mention: 'channel',
};

/**
 * `1. [mention] acme/~town · @bob · 2026-… · "text" · <permalink>`; a thread names who started it
 * and when its latest reply came, since the text shown is its first post:
 * `2. [thread] acme/~design · thread of @alice · last reply 2026-… (1 unread reply) · "text" · <permalink>`
 */
export function formatAttentionLine(item: AttentionItem, index: number): string {
  const head = `${index + 1}. [${LABEL[item.kind]}] ${item.channel}`;
  const tail = `"${item.snippet}" · ${item.permalink}`;
  if (item.kind === 'thread') {
    const unread = item.unread
      ? ` (${counted(item.unread, 'unread reply', 'unread replies')})`
      : '';
    return `${head} · thread of @${item.author} · last reply ${item.time}${unread} · ${tail}`;
  }
  const unread = item.unread && item.unread > 1 ? ` (${item.unread} unread)` : '';
  return `${head} · @${item.author} · ${item.time}${unread} · ${tail}`;
}

/** Whether a message calls on everyone in its channel. */
export function mentionsChannel(message: string): boolean {
  return /(^|[^\w@])@(channel|here|all)\b/i.test(message);
}

/** Whether a message mentions `@username` (not as part of a longer name). */
export function mentionsUser(message: string, username: string): boolean {
  const escaped = username.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w@.-])@${escaped}(?![\\w-]|\\.\\w)`, 'i').test(message);
}

/** A word that mentions the user besides `@username`, as Mattermost matches it. */
export interface MentionKeyword {
  /** As the user wrote it: a key written `@key` mentions them only with the `@`. */
  word: string;
  /** Only the first name is matched with its case; mention keys are not. */
  caseSensitive: boolean;
}

/**
 * The words that mention the user besides `@username`, from their notification settings: their
 * mention keys (comma-separated, kept as written) and their first name when they turned that on.
 * A key that is the bare username stays: it makes the plain name a mention.
 */
export function mentionKeywords(
  username: string,
  firstName: string,
  notifyProps: Record<string, string | undefined> | undefined,
): MentionKeyword[] {
  const keys = (notifyProps?.mention_keys ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  // `@username` is searched and matched on its own; keys compare without case, as Mattermost
  // lowercases them.
  const seen = new Set([`@${username.toLowerCase()}`]);
  const keywords: MentionKeyword[] = [];
  for (const key of keys) {
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    keywords.push({ word: key, caseSensitive: false });
  }
  const first = firstName.trim();
  // The first name is matched with its case: a key of the same letters already covers it.
  if (notifyProps?.first_name === 'true' && first && !seen.has(first.toLowerCase()))
    keywords.push({ word: first, caseSensitive: true });
  return keywords;
}

/** Whether a message holds one of the keywords as a word of its own. */
export function mentionsKeyword(message: string, keywords: readonly MentionKeyword[]): boolean {
  return keywords.some(({ word, caseSensitive }) => {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // A plain key is a mention with or without an `@` before it; an `@key` only with it.
    const at = word.startsWith('@') ? '' : '@?';
    return new RegExp(`(^|[^\\w@])${at}${escaped}(?!\\w)`, caseSensitive ? '' : 'i').test(message);
  });
}
