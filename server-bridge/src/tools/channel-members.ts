import { z } from 'zod';
import { channelTool, userTool } from './subject-tools.js';
import {
  channelReference,
  channelSummarySchema,
  formatChannelLine,
  toChannelSummary,
  type ChannelSummary,
} from '../format/channels.js';
import { formatMemberLine, memberSummarySchema, memberSummaries } from '../format/members.js';
import type { ChannelMembership } from '../gateway/user-gateway.js';
import { toUserSummary, userSummarySchema } from '../format/users.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import {
  channelActionTool,
  channelChange,
  channelPage,
  summarizeChannel,
} from './channel-shared.js';
import { defineTool } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest } from './paging.js';
import { channelArg, cursorArg, teamArg, userArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** Generous sizes of one listed line, to size pages to the output budget. */
const MEMBER_LINE_CHARS = 120;
const CHANNEL_LINE_CHARS = 200;

const membershipOutput = z.object({
  channel: channelSummarySchema,
  user: userSummarySchema,
});

function ensureTeamChannel(kind: string, type: string): void {
  if (type === 'D' || type === 'G')
    throw new ToolError(`channel: members cannot be ${kind} direct or group messages.`);
}

/** Someone added to or removed from a team channel, answered with both. */
function memberChangeTool(change: {
  name: string;
  title: string;
  description: string;
  adds: boolean;
}) {
  const [done, where, refused] = change.adds
    ? ['Added', 'to', 'added to']
    : ['Removed', 'from', 'removed from'];
  return defineTool({
    name: change.name,
    title: change.title,
    description: change.description,
    toolset: 'channels',
    kind: change.adds ? 'write' : 'destructive',
    input: z.object({ channel: channelArg(), user: userArg() }),
    output: membershipOutput,
    async handler(args, { mm }) {
      const channel = await resolveChannel(mm, args.channel);
      ensureTeamChannel(refused, channel.type);
      const user = await resolveUser(mm, args.user);
      if (change.adds) await mm.addChannelMember(channel.id, user.id);
      else await mm.removeChannelMember(channel.id, user.id);
      const summary = await summarizeChannel(mm, channel);
      return {
        text: `${done} @${user.username} ${where} ${formatChannelLine(summary)}`,
        structured: { channel: summary, user: toUserSummary(user) },
      };
    },
  });
}

const addChannelMember = memberChangeTool({
  name: 'add_channel_member',
  title: 'Add someone to a channel',
  description:
    'Adds a user to a public or private channel (they must already be in its team). Adding a member twice ' +
    'does nothing.',
  adds: true,
});

const removeChannelMember = memberChangeTool({
  name: 'remove_channel_member',
  title: 'Remove someone from a channel',
  description:
    'Removes a user from a channel. They lose access to a private channel until someone adds them back.',
  adds: false,
});

const listChannelMembers = defineTool({
  name: 'list_channel_members',
  title: 'List channel members',
  description:
    'Lists the members of a channel (admins first, then by username), a page (up to 100) at a time; ' +
    '`status` keeps those online (or away, dnd, offline), `users` checks given people.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    channel: channelArg(),
    status: z.enum(['online', 'away', 'dnd', 'offline']).optional(),
    users: z.array(userArg()).min(1).max(100).optional().describe('Only these people, if members.'),
    exclude_bots: z.boolean().default(false),
    cursor: cursorArg(),
  }),
  output: z.object({ channel: z.string(), members: z.array(memberSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const channel = await resolveChannel(mm, args.channel);
    const scope = `members:${channel.id}:${args.status ?? ''}${args.exclude_bots ? ':people' : ''}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, MEMBER_LINE_CHARS);
    const { page, perPage } = request;
    let members: ChannelMembership[];
    let next: string | undefined;
    if (args.users) {
      const wanted = await Promise.all(args.users.map((ref) => resolveUser(mm, ref)));
      members = await mm.getChannelMembersByIds(
        channel.id,
        wanted.map((user) => user.id),
      );
    } else {
      members = await mm.getChannelMembers(channel.id, page, perPage);
      next = request.next(members.length);
    }
    if (args.status && members.length) {
      const statuses = await mm.getStatusesByIds(members.map((member) => member.user_id));
      const keep = new Set(statuses.filter((s) => s.status === args.status).map((s) => s.user_id));
      members = members.filter((member) => keep.has(member.user_id));
    }
    const users = await mm.getUsersByIds(members.map((member) => member.user_id));
    const summaries = memberSummaries(members, users, { excludeBots: args.exclude_bots });
    const reference = channelReference(await summarizeChannel(mm, channel));
    return listAnswer('members', summaries, {
      header: `${countHeader(summaries.length, `${args.status ? `${args.status} ` : ''}member`, page).slice(0, -1)} of ${reference}:`,
      lines: summaries.map(formatMemberLine),
      next,
      budgetChars: settings.maxOutputChars,
      extra: { channel: reference },
    });
  },
});

const getChannelStats = channelTool({
  name: 'get_channel_stats',
  title: 'Channel statistics',
  description: 'Counts for one channel: members, guests, pinned posts and files.',
  toolset: 'channels',
  kind: 'read',
  output: z.object({
    channel: channelSummarySchema,
    member_count: z.number().int(),
    guest_count: z.number().int(),
    pinned_post_count: z.number().int(),
    file_count: z.number().int(),
  }),
  async handler(channel, { mm }) {
    const [stats, summary] = await Promise.all([
      mm.getChannelStats(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const structured = {
      channel: summary,
      member_count: stats.member_count ?? 0,
      guest_count: stats.guest_count ?? 0,
      pinned_post_count: stats.pinnedpost_count ?? 0,
      file_count: Math.max(0, stats.files_count ?? 0),
    };
    const text =
      `${formatChannelLine(summary)}\n` +
      `members: ${structured.member_count} · guests: ${structured.guest_count} · pinned posts: ` +
      `${structured.pinned_post_count} · files: ${structured.file_count}`;
    return { text, structured };
  },
});

const openDirectMessage = userTool({
  name: 'open_direct_message',
  title: 'Open a direct message',
  description:
    'Opens (creating if needed) the direct-message channel with one person and returns it; send to it ' +
    'with @username as the channel.',
  toolset: 'channels',
  kind: 'write',
  output: channelSummarySchema,
  async handler(user, { mm }) {
    return channelChange(mm, 'Direct messages', await mm.getOrCreateDirectChannel(user.id));
  },
});

const openGroupMessage = defineTool({
  name: 'open_group_message',
  title: 'Open a group message',
  description:
    'Opens (creating if needed) the group-message channel of you and 2 to 7 other people; the same people ' +
    'always give the same channel. Use its id as `channel` elsewhere.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    users: z
      .array(userArg())
      .min(2)
      .max(7)
      .describe('The other people (2 to 7): ids, @usernames or emails.'),
  }),
  output: channelSummarySchema.extend({ members: z.array(z.string()) }),
  async handler(args, { mm }) {
    const users = await Promise.all(args.users.map((ref) => resolveUser(mm, ref)));
    const ids = [...new Set(users.map((u) => u.id).filter((id) => id !== mm.userId))];
    if (ids.length < 2)
      throw new ToolError('users: name at least 2 people other than yourself (different people).');
    const channel = await mm.getOrCreateGroupChannel(ids);
    const names = users.map((u) => `@${u.username}`);
    const summary = toChannelSummary(channel);
    return {
      text: `Group message with ${names.join(', ')}: ${formatChannelLine(summary)}`,
      structured: { ...summary, members: users.map((u) => u.username) },
    };
  },
});

const browseChannels = defineTool({
  name: 'browse_channels',
  title: 'Browse channels to join',
  description:
    'Lists public channels of a team that you have not joined yet, optionally those whose name matches ' +
    '`term`. Join one with join_channel.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    team: teamArg('The team name or id.'),
    term: z.string().min(1).max(64).optional().describe('Part of the channel name to look for.'),
    cursor: cursorArg(),
  }),
  output: z.object({ channels: z.array(channelSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    const scope = `browse:${team.id}:${args.term ?? ''}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, CHANNEL_LINE_CHARS);
    const { page, perPage } = request;
    const [candidates, mine] = await Promise.all([
      args.term
        ? mm.searchPublicChannels(team.id, args.term)
        : mm.getPublicChannels(team.id, page, perPage),
      mm.getMyChannels(team.id),
    ]);
    const joined = new Set(mine.map((channel) => channel.id));
    const open: ChannelSummary[] = candidates
      .filter((c) => c.type === 'O' && !c.delete_at && !joined.has(c.id))
      .map((c) => toChannelSummary(c, { teamName: team.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const next = args.term ? undefined : request.next(candidates.length);
    const header = open.length
      ? `${open.length} public channel${open.length === 1 ? '' : 's'} you can join in ${team.name}:`
      : `No public channel to join in ${team.name}${args.term ? ` matching "${args.term}"` : ''}${next ? ' on this page' : ''}.`;
    return channelPage(open, header, next, settings.maxOutputChars);
  },
});

const listArchivedChannels = defineTool({
  name: 'list_archived_channels',
  title: 'List archived channels',
  description:
    'Lists the archived channels of a team: public ones and private ones you were in. Their history stays ' +
    'readable with read_channel; restore_channel brings one back.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({
    team: teamArg('The team name or id.'),
    cursor: cursorArg(),
  }),
  output: z.object({ channels: z.array(channelSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    const scope = `archived:${team.id}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, CHANNEL_LINE_CHARS);
    const { page, perPage } = request;
    const archived = await mm.getArchivedChannels(team.id, page, perPage);
    const summaries = archived.map((c) => toChannelSummary(c, { teamName: team.name }));
    const next = request.next(archived.length);
    const header = summaries.length
      ? `${summaries.length} archived channel${summaries.length === 1 ? '' : 's'} in ${team.name}:`
      : `No archived channel in ${team.name}${next || page ? ' on this page' : ''}.`;
    return channelPage(summaries, header, next, settings.maxOutputChars);
  },
});

const joinChannel = channelActionTool({
  name: 'join_channel',
  title: 'Join a channel',
  description:
    'Joins a public channel of one of your teams (see browse_channels). Joining twice does nothing.',
  kind: 'write',
  done: 'Joined',
  async act(mm, channel) {
    ensureTeamChannel('added to', channel.type);
    await mm.addChannelMember(channel.id, mm.userId);
  },
});

const leaveChannel = channelTool({
  name: 'leave_channel',
  title: 'Leave a channel',
  description:
    'Leaves a channel. For a private channel you need someone to add you back, so confirm first.',
  toolset: 'channels',
  kind: 'destructive',
  output: channelSummarySchema,
  async handler(channel, { mm }) {
    ensureTeamChannel('removed from', channel.type);
    const summary = await summarizeChannel(mm, channel);
    await mm.removeChannelMember(channel.id, mm.userId);
    return { text: `Left ${formatChannelLine(summary)}`, structured: summary };
  },
});

export const channelMemberTools = [
  listChannelMembers,
  addChannelMember,
  removeChannelMember,
  getChannelStats,
  openDirectMessage,
  openGroupMessage,
  browseChannels,
  listArchivedChannels,
  joinChannel,
  leaveChannel,
];
