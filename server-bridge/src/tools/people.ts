import { z } from 'zod';
import { channelReference, formatChannelLine, toChannelSummary } from '../format/channels.js';
import { channelSummarySchema } from '../format/channels.js';
import { membershipRank, membershipSchema, toMembershipSummary } from '../format/roles.js';
import { clip } from '../format/text.js';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import type { PeopleScope } from '../gateway/people.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { channelArg, cursorArg, teamArg, userArg } from './arguments.js';
import { listAnswer, pageFields, pageRequest, pageState } from './paging.js';
import { ToolError } from '../errors.js';

/** A generous size of one listed person, to size pages to the output budget. */
const PERSON_LINE_CHARS = 160;

const searchUsersIn = defineTool({
  name: 'search_users_in',
  title: 'Search people in a place',
  description:
    'Finds people by name in a channel or team, or with outside: true those not in it (whom you could ' +
    'add); with outside and no term, lists them all a page at a time.',
  toolset: 'users',
  kind: 'read',
  input: z.object({
    term: z.string().min(1).max(100).optional().describe('Beginning of a username, name or email.'),
    channel: channelArg().optional(),
    team: teamArg('The team name or id.').optional(),
    outside: z.boolean().default(false).describe('Those not in the channel or team.'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: cursorArg(),
  }),
  output: z.object({ place: z.string(), users: z.array(userSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    if (!args.channel === !args.team) throw new ToolError('Give exactly one of channel and team.');
    if (args.term === undefined && !args.outside)
      throw new ToolError('Give a term, or outside: true to list everyone not in the place.');
    let scope: PeopleScope;
    let place: string;
    let outside: { channelId: string; teamId: string } | { teamId: string };
    if (args.channel) {
      const channel = await resolveChannel(mm, args.channel);
      place = channelReference(await summarizeChannel(mm, channel));
      // Mattermost looks outside a channel within its team.
      scope = args.outside
        ? { notInChannelId: channel.id, ...(channel.team_id ? { teamId: channel.team_id } : {}) }
        : { inChannelId: channel.id };
      outside = { channelId: channel.id, teamId: channel.team_id };
    } else {
      const team = await resolveTeam(mm, args.team!);
      place = `team ${team.name}`;
      scope = args.outside ? { notInTeamId: team.id } : { teamId: team.id };
      outside = { teamId: team.id };
    }
    const where = `${args.outside ? 'not in' : 'in'} ${place}`;
    if (args.term === undefined) {
      if (!outside.teamId)
        throw new ToolError('A direct or group message has no team to look in: name a term.');
      const request = pageRequest(
        args.cursor,
        `outside:${place}`,
        settings.maxOutputChars,
        PERSON_LINE_CHARS,
      );
      const found = await mm.listUsersOutside(outside, request.page, request.perPage);
      const users = found.map(toUserSummary);
      return listAnswer('users', users, {
        header: users.length
          ? `People ${where}${request.page ? ` (page ${request.page + 1})` : ''}:`
          : `Nobody ${where}${request.page ? ' on this page' : ''}.`,
        lines: users.map(formatUserLine),
        next: request.next(found.length),
        budgetChars: settings.maxOutputChars,
        extra: { place },
      });
    }
    const found = await mm.searchUsersIn(args.term, scope, args.limit);
    const users = found.slice(0, args.limit).map(toUserSummary);
    const text = users.length
      ? `${users.length} matching "${args.term}" ${where}:\n${users.map(formatUserLine).join('\n')}`
      : `Nobody matching "${args.term}" ${where}.`;
    return {
      text: clip(text, settings.maxOutputChars),
      structured: { place, users, ...pageState(undefined) },
    };
  },
});

const listUserChannels = defineTool({
  name: 'list_user_channels',
  title: "Someone's channels",
  description:
    'Lists the channels a person is in within a team, with their role in each (yours by default; another ' +
    "person's needs admin rights).",
  toolset: 'users',
  kind: 'read',
  input: z.object({
    team: teamArg('The team name or id.'),
    user: userArg().optional().describe('Whose channels (default: yours).'),
  }),
  output: z.object({
    user: userSummarySchema,
    channels: z.array(channelSummarySchema.extend({ membership: membershipSchema })),
  }),
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    const user = args.user ? await resolveUser(mm, args.user) : await mm.getMe();
    const self = user.id === mm.userId;
    const [channels, members] = await Promise.all([
      self ? mm.getMyChannels(team.id) : mm.getUserChannels(user.id, team.id),
      self ? mm.getMyChannelMembers(team.id) : mm.getUserChannelMembers(user.id, team.id),
    ]);
    const byChannel = new Map(members.map((m) => [m.channel_id, toMembershipSummary(m)]));
    const listed = channels
      .filter((c) => c.team_id === team.id && byChannel.has(c.id))
      .map((c) => ({
        ...toChannelSummary(c, { teamName: team.name }),
        membership: byChannel.get(c.id)!,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const text = [
      `@${user.username} is in ${listed.length} channel${listed.length === 1 ? '' : 's'} of ${team.name}:`,
      ...listed.map((c) => `${formatChannelLine(c)} · ${membershipRank(c.membership)}`),
    ].join('\n');
    return {
      text: clip(text, settings.maxOutputChars),
      structured: { user: toUserSummary(user), channels: listed },
    };
  },
});

export const peopleTools = [searchUsersIn, listUserChannels];
