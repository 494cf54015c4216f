import { z } from 'zod';
import type { ChannelMembership, ServerChannel } from '../gateway/user-gateway.js';
import { isoTime } from './time.js';

export const unreadChannelSchema = z.object({
  channel: z.string().describe('How to name the channel in other tools: team/~name or @username.'),
  channel_id: z.string(),
  display_name: z.string(),
  type: z.enum(['public', 'private', 'direct', 'group']),
  unread: z.number().int().describe('Messages not read yet.'),
  mentions: z.number().int().describe('Unread messages that mention the user.'),
  muted: z.boolean().describe('Muted channels count mentions only.'),
  last_post_at: z.string().describe('ISO 8601, UTC.'),
});
export type UnreadChannel = z.infer<typeof unreadChannelSchema>;

const TYPES = { O: 'public', P: 'private', D: 'direct', G: 'group' } as const;

/**
 * Whether a person reads with collapsed reply threads, decided as Mattermost's own apps decide it:
 * the server's `CollapsedThreads` (`always_on`, `default_on`, `default_off`, `disabled`), and
 * between the two defaults the person's `display_settings`/`collapsed_reply_threads` preference.
 */
export function collapsedThreadsOn(
  serverSetting: string | undefined,
  preference: string | undefined,
): boolean {
  if (serverSetting === 'always_on') return true;
  if (serverSetting === 'default_on') return preference !== 'off';
  if (serverSetting === 'default_off') return preference === 'on';
  return false;
}

/**
 * A channel's unread messages and mentions as the person's Mattermost app shows them. With
 * collapsed threads, replies are counted in Threads, not in the channel, so only root posts count
 * (`*_root`); the person's own posts are never unread because posting advances their read count.
 */
export function channelUnreads(
  channel: Pick<ServerChannel, 'total_msg_count' | 'total_msg_count_root'>,
  member: Pick<
    ChannelMembership,
    'msg_count' | 'msg_count_root' | 'mention_count' | 'mention_count_root'
  >,
  collapsed: boolean,
): { unread: number; mentions: number } {
  const total = collapsed ? channel.total_msg_count_root : channel.total_msg_count;
  const read = collapsed ? member.msg_count_root : member.msg_count;
  return {
    unread: Math.max(0, (total ?? 0) - (read ?? 0)),
    mentions: (collapsed ? member.mention_count_root : member.mention_count) ?? 0,
  };
}

/** A muted channel (`mark_unread: mention`) counts mentions only. */
export function isMuted(member: Pick<ChannelMembership, 'notify_props'>): boolean {
  return member.notify_props?.mark_unread === 'mention';
}

/**
 * The channels with something unread, most pressing first: mentions, then unmuted before muted,
 * then the number of unread messages, then the newest activity. `name` gives the reference and
 * display name of a channel (team/~name, @username for DMs); `collapsed` counts as
 * {@link channelUnreads} does.
 */
export function rankUnreads(
  channels: readonly ServerChannel[],
  members: readonly ChannelMembership[],
  name: (channel: ServerChannel) => { reference: string; displayName: string },
  collapsed: boolean,
): UnreadChannel[] {
  const memberOf = new Map(members.map((member) => [member.channel_id, member]));
  const entries: UnreadChannel[] = [];
  for (const channel of channels) {
    const member = memberOf.get(channel.id);
    if (!member || channel.delete_at) continue;
    const { unread, mentions } = channelUnreads(channel, member, collapsed);
    const muted = isMuted(member);
    if (mentions === 0 && (unread === 0 || muted)) continue;
    const { reference, displayName } = name(channel);
    entries.push({
      channel: reference,
      channel_id: channel.id,
      display_name: displayName,
      type: TYPES[channel.type as keyof typeof TYPES] ?? 'public',
      unread,
      mentions,
      muted,
      last_post_at: isoTime(channel.last_post_at || channel.create_at || 0),
    });
  }
  return entries.sort(
    (a, b) =>
      b.mentions - a.mentions ||
      Number(a.muted) - Number(b.muted) ||
      b.unread - a.unread ||
      b.last_post_at.localeCompare(a.last_post_at),
  );
}

/** `acme/~town-square — Town Square · 2 mentions · 14 unread · last post 2026-…` */
export function formatUnreadLine(entry: UnreadChannel): string {
  const parts = [`${entry.channel} — ${entry.display_name}`];
  if (entry.mentions) parts.push(`${entry.mentions} mention${entry.mentions === 1 ? '' : 's'}`);
  parts.push(`${entry.unread} unread`);
  if (entry.muted) parts.push('muted');
  parts.push(`last post ${entry.last_post_at}`);
  return parts.join(' · ');
}
