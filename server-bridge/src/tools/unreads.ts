import { z } from 'zod';
import { channelSummarySchema, formatChannelLine } from '../format/channels.js';
import { clip } from '../format/text.js';
import { isoTime } from '../format/time.js';
import { formatUnreadLine, unreadChannelSchema } from '../format/unreads.js';
import type { Team } from '../gateway/user-gateway.js';
import { resolveTeam } from '../resolve/names.js';
import { unreadChannels } from '../resolve/unreads.js';
import { channelActionTool, summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { postArg, teamArg } from './arguments.js';

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
    team: teamArg('A team name or id; all of your teams when omitted.').optional(),
  }),
  output: z.object({
    channels: z.array(unreadChannelSchema),
    total_mentions: z.number().int(),
    channels_with_unreads: z.number().int(),
  }),
  async handler(args, { mm, settings }) {
    const teams: Team[] = args.team ? [await resolveTeam(mm, args.team)] : await mm.getMyTeams();
    const ranked = await unreadChannels(mm, teams);
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

const markChannelRead = channelActionTool({
  name: 'mark_channel_read',
  title: 'Mark a channel read',
  description:
    'Marks every message of a channel as read for you, clearing its unread count and mentions.',
  kind: 'write',
  done: 'Marked read',
  async act(mm, channel) {
    await mm.viewChannel(channel.id);
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
  input: z.object({ post_id: postArg('The first post to mark unread.') }),
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
