import { z } from 'zod';
import type { Post, UserProfile } from '../gateway/user-gateway.js';
import { clip, oneLine } from './text.js';
import { isoTime } from './time.js';
import { pickPresent } from './fields.js';

export const postSummarySchema = z.object({
  id: z.string(),
  author: z.string().describe('Username of the author (or the name a webhook posted under).'),
  created_at: z.string().describe('ISO 8601, UTC.'),
  message: z.string(),
  root_id: z.string().optional().describe('The thread root, when this post is a reply.'),
  reply_count: z.number().int().describe('Replies in the thread this post starts (0 for replies).'),
  reactions: z.array(z.string()).describe('`emoji:count` entries.'),
  files: z.array(z.string()).describe('Names of attached files.'),
  file_ids: z
    .array(z.string())
    .optional()
    .describe('Ids of the attached files, in the order of `files`, for read_file.'),
  edited: z.boolean(),
});
export type PostSummary = z.infer<typeof postSummarySchema>;

/** Membership notices that only add noise to a conversation read by a model. */
const HIDDEN_SYSTEM_TYPES = new Set([
  'system_join_channel',
  'system_leave_channel',
  'system_join_team',
  'system_leave_team',
  'system_add_to_channel',
  'system_remove_from_channel',
  'system_add_to_team',
  'system_remove_from_team',
]);

export function isHiddenSystemPost(post: Pick<Post, 'type'>): boolean {
  return HIDDEN_SYSTEM_TYPES.has(post.type);
}

/** Longest message kept whole in a listing; longer ones are clipped with a marker. */
export const MAX_MESSAGE_CHARS = 4000;

/** Reactions aggregated per emoji, in order of first use: `['+1:2', 'smile:1']`. */
export function reactionCounts(post: Pick<Post, 'metadata'>): string[] {
  const counts = new Map<string, number>();
  for (const reaction of post.metadata?.reactions ?? []) {
    counts.set(reaction.emoji_name, (counts.get(reaction.emoji_name) ?? 0) + 1);
  }
  return [...counts].map(([emoji, count]) => `${emoji}:${count}`);
}

function authorName(post: Post, users: ReadonlyMap<string, Pick<UserProfile, 'username'>>): string {
  const override = post.props?.override_username;
  if (post.props?.from_webhook === 'true' && typeof override === 'string' && override)
    return override;
  return users.get(post.user_id)?.username ?? post.user_id;
}

export function toPostSummary(
  post: Post,
  users: ReadonlyMap<string, Pick<UserProfile, 'username'>>,
): PostSummary {
  const files = post.metadata?.files ?? [];
  return {
    id: post.id,
    author: authorName(post, users),
    created_at: isoTime(post.create_at),
    message: clip(post.message, MAX_MESSAGE_CHARS),
    ...pickPresent(post, 'root_id'),
    // Mattermost copies the thread's count onto every reply; only the root's means something.
    reply_count: post.root_id ? 0 : (post.reply_count ?? 0),
    reactions: reactionCounts(post),
    files: files.map((file) => file.name),
    ...(files.length ? { file_ids: files.map((file) => file.id) } : {}),
    edited: Boolean(post.edit_at),
  };
}

/** `[2026-05-04T09:30:00Z] @alice (id …): text · 3 replies · reactions: +1:2 · files: a.png (file …)` */
export function formatPostLine(post: PostSummary, options: { showRoot?: boolean } = {}): string {
  const head = `[${post.created_at}] @${post.author} (id ${post.id}${
    options.showRoot !== false && post.root_id ? `, reply to ${post.root_id}` : ''
  })`;
  const extras: string[] = [];
  if (post.reply_count > 0)
    extras.push(`${post.reply_count} ${post.reply_count === 1 ? 'reply' : 'replies'}`);
  if (post.reactions.length) extras.push(`reactions: ${post.reactions.join(', ')}`);
  if (post.files.length)
    extras.push(
      `files: ${post.files.map((name, i) => (post.file_ids?.[i] ? `${name} (file ${post.file_ids[i]})` : name)).join(', ')}`,
    );
  if (post.edited) extras.push('edited');
  const body = post.message ? oneLine(post.message) : '(no text)';
  return [`${head}: ${body}`, ...extras].join(' · ');
}

/**
 * Posts in the order given, oldest first, kept within a character budget. When they do not all
 * fit, `keep` decides which end survives: the newest (reading back in time) or the oldest
 * (reading forward from a date). `dropped` says how many were left out at the other end.
 */
export function fitPosts(
  posts: readonly PostSummary[],
  budgetChars: number,
  keep: 'newest' | 'oldest',
  lineOptions: { showRoot?: boolean } = {},
): { kept: PostSummary[]; lines: string[]; dropped: number } {
  const ordered = keep === 'newest' ? [...posts].reverse() : [...posts];
  const kept: PostSummary[] = [];
  const lines: string[] = [];
  let used = 0;
  for (const post of ordered) {
    const line = formatPostLine(post, lineOptions);
    // The first post is always shown (clipped), so a listing never comes back empty.
    if (kept.length > 0 && used + line.length + 1 > budgetChars) break;
    kept.push(post);
    lines.push(kept.length === 1 ? clip(line, budgetChars) : line);
    used += line.length + 1;
  }
  if (keep === 'newest') {
    kept.reverse();
    lines.reverse();
  }
  return { kept, lines, dropped: posts.length - kept.length };
}
