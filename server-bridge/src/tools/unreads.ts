import { z } from 'zod';
import {
  channelReference,
  channelSummarySchema,
  formatChannelLine,
  toChannelSummary,
} from '../format/channels.js';
import { clip } from '../format/text.js';
import { isoTime } from '../format/time.js';
import { formatUnreadLine, rankUnreads, unreadChannelSchema } from '../format/unreads.js';
import type { ChannelMembership, ServerChannel, Team } from '../gateway/user-gateway.js';
import { resolveChannel, resolveTeam } from '../resolve/names.js';
import { readsCollapsedThreads } from '../resolve/reading-mode.js';
import { channelArg, summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { postIdSchema } from './schemas.js';

/** Most channels listed; the rest are counted, least pressing first to go. */
const MAX_LISTED = 50;

const getUnreads = defineTool({
  name: 'get_unreads',
  title: 'What is unread',
  description:
    'Lists the channels and direct messages with unread messages, those that mention you first, with ' +
    'counts. Use it to answer "what did I miss?"; then read_channel on the ones that matter.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    team: z
      .string()
      .min(1)
      .optional()
      .describe('A team name or id; all of your teams when omitted.'),
  }),
  output: z.object({
    channels: z.array(unreadChannelSchema),
    total_mentions: z.number().int(),
    channels_with_unreads: z.number().int(),
  }),
  async handler(args, { mm, settings }) {
    const teams: Team[] = args.team ? [await resolveTeam(mm, args.team)] : await mm.getMyTeams();
    // Two requests per team: the channels (with their message totals) and the user's memberships
    // (with what the user has read and the unread mentions).
    const [collapsed, perTeam] = await Promise.all([
      readsCollapsedThreads(mm),
      Promise.all(
        teams.map((team) =>
          Promise.all([mm.getMyChannels(team.id), mm.getMyChannelMembers(team.id)]),
        ),
      ),
    ]);
    const channels = new Map<string, ServerChannel>();
    const members = new Map<string, ChannelMembership>();
    for (const [teamChannels, teamMembers] of perTeam) {
      for (const channel of teamChannels) channels.set(channel.id, channel);
      for (const member of teamMembers) members.set(member.channel_id, member);
    }
    const teamNames = new Map(teams.map((team) => [team.id, team.name]));
    const partnerOf = (channel: ServerChannel) =>
      channel.name.split('__').find((id) => id !== mm.userId) ?? mm.userId;
    const dms = [...channels.values()].filter((channel) => channel.type === 'D');
    const partners = await mm.getUsersByIds(dms.map(partnerOf));

    const ranked = rankUnreads(
      [...channels.values()],
      [...members.values()],
      (channel) => {
        const summary =
          channel.type === 'D'
            ? toChannelSummary(channel, {
                dmName: `@${partners.get(partnerOf(channel))?.username ?? partnerOf(channel)}`,
              })
            : toChannelSummary(channel, { teamName: teamNames.get(channel.team_id) });
        return { reference: channelReference(summary), displayName: summary.display_name };
      },
      collapsed,
    );
    const shown = ranked.slice(0, MAX_LISTED);
    const totalMentions = ranked.reduce((sum, entry) => sum + entry.mentions, 0);
    const header = ranked.length
      ? `${ranked.length} channel${ranked.length === 1 ? '' : 's'} with unread messages, ${totalMentions} mention${totalMentions === 1 ? '' : 's'}:`
      : 'Nothing unread.';
    const lines = [header, ...shown.map(formatUnreadLine)];
    if (ranked.length > shown.length)
      lines.push(`[${ranked.length - shown.length} more channels with unread messages not shown]`);
    return {
      text: clip(lines.join('\n'), settings.maxOutputChars),
      structured: {
        channels: shown,
        total_mentions: totalMentions,
        channels_with_unreads: ranked.length,
      },
    };
  },
});

const markChannelRead = defineTool({
  name: 'mark_channel_read',
  title: 'Mark a channel read',
  description:
    'Marks every message of a channel as read for you, clearing its unread count and mentions.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ channel: channelArg }),
  output: channelSummarySchema,
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    await mm.viewChannel(channel.id);
    const summary = await summarizeChannel(mm, channel);
    return { text: `Marked read: ${formatChannelLine(summary)}`, structured: summary };
  },
});

const markPostUnread = defineTool({
  name: 'mark_post_unread',
  title: 'Mark a post unread',
  description:
    'Marks a post and every later message of its channel unread for you, like "Mark as unread", so you come ' +
    'back to it. Use it when the user wants to deal with a message later.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ post_id: postIdSchema.describe('The first post to mark unread.') }),
  output: channelSummarySchema.extend({
    post_id: z.string(),
    unread_from: z.string().describe('ISO time of the post; later messages are unread too.'),
    mentions: z.number().int().describe('Unread mentions of you in the channel now.'),
  }),
  async handler(args, { mm }) {
    // Reading the post first answers "not found" or "no permission" before anything changes.
    const post = await mm.getPost(args.post_id);
    await mm.markPostUnread(post.id);
    const [channel, member] = await Promise.all([
      mm.getChannel(post.channel_id),
      mm.getMyChannelMember(post.channel_id),
    ]);
    const summary = await summarizeChannel(mm, channel);
    const from = isoTime(post.create_at);
    const mentions = member.mention_count;
    return {
      text: `Unread from ${from} (${mentions} mention${mentions === 1 ? '' : 's'}): ${formatChannelLine(summary)}`,
      structured: { ...summary, post_id: post.id, unread_from: from, mentions },
    };
  },
});

export const unreadTools = [getUnreads, markChannelRead, markPostUnread];
