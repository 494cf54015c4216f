import { z } from 'zod';
import { channelReference, channelSummarySchema } from '../format/channels.js';
import {
  formatModeration,
  formatRole,
  membershipRank,
  membershipSchema,
  moderationSchema,
  roleSummarySchema,
  toMembershipSummary,
  toModerations,
  toRoleSummary,
} from '../format/roles.js';
import { teamSummarySchema, toTeamSummary } from '../format/teams.js';
import { toUserSummary, userSummarySchema } from '../format/users.js';
import { ID_PATTERN, resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { channelArg, teamArg, userArg } from './arguments.js';
import { MattermostError, ToolError } from '../errors.js';

const adminArg = z.boolean().default(true).describe('true: make admin; false: plain member.');

const setChannelAdmin = defineTool({
  name: 'set_channel_admin',
  title: 'Make or unmake a channel admin',
  description: 'Makes a channel member a channel admin, or (admin: false) a plain member again.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ channel: channelArg(), user: userArg(), admin: adminArg }),
  output: z.object({
    channel: channelSummarySchema,
    user: userSummarySchema,
    membership: membershipSchema,
  }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    if (channel.type === 'D' || channel.type === 'G')
      throw new ToolError('channel: direct and group messages have no admins.');
    const user = await resolveUser(mm, args.user);
    await mm.setChannelAdmin(channel.id, user.id, args.admin);
    const [member, summary] = await Promise.all([
      mm.getChannelMember(channel.id, user.id),
      summarizeChannel(mm, channel),
    ]);
    const membership = toMembershipSummary(member);
    return {
      text: `@${user.username} is now ${membershipRank(membership)} of ${channelReference(summary)}.`,
      structured: { channel: summary, user: toUserSummary(user), membership },
    };
  },
});

const setTeamAdmin = defineTool({
  name: 'set_team_admin',
  title: 'Make or unmake a team admin',
  description: 'Makes a team member a team admin, or (admin: false) a plain member again.',
  toolset: 'teams',
  kind: 'write',
  input: z.object({ team: teamArg(), user: userArg(), admin: adminArg }),
  output: z.object({
    team: teamSummarySchema,
    user: userSummarySchema,
    membership: membershipSchema,
  }),
  async handler(args, { mm }) {
    const team = await resolveTeam(mm, args.team);
    const user = await resolveUser(mm, args.user);
    await mm.setTeamAdmin(team.id, user.id, args.admin);
    const membership = toMembershipSummary(await mm.getTeamMember(team.id, user.id));
    return {
      text: `@${user.username} is now ${membershipRank(membership)} of team ${team.name}.`,
      structured: { team: toTeamSummary(team), user: toUserSummary(user), membership },
    };
  },
});

const getMembership = defineTool({
  name: 'get_membership',
  title: "Someone's membership",
  description:
    'Whether a person is in a channel or team, and their role there (admin, member, guest).',
  toolset: 'users',
  kind: 'read',
  input: z.object({
    user: userArg(),
    channel: channelArg().optional(),
    team: teamArg().optional(),
  }),
  output: z.object({
    user: userSummarySchema,
    place: z.string(),
    member: z.boolean(),
    membership: membershipSchema.optional(),
  }),
  async handler(args, { mm }) {
    if (!args.channel === !args.team) throw new ToolError('Give exactly one of channel and team.');
    const user = await resolveUser(mm, args.user);
    let place: string;
    let lookup: () => Promise<Parameters<typeof toMembershipSummary>[0]>;
    if (args.channel) {
      const channel = await resolveChannel(mm, args.channel);
      place = channelReference(await summarizeChannel(mm, channel));
      lookup = () => mm.getChannelMember(channel.id, user.id);
    } else {
      const team = await resolveTeam(mm, args.team!);
      place = `team ${team.name}`;
      lookup = () => mm.getTeamMember(team.id, user.id);
    }
    const found = await lookup().catch((err: { status?: number }) => {
      if (err.status === 404) return undefined;
      throw err;
    });
    const membership = found ? toMembershipSummary(found) : undefined;
    const text = membership
      ? `@${user.username} is ${membershipRank(membership)} of ${place} (roles: ${membership.roles.join(', ')}).`
      : `@${user.username} is not a member of ${place}.`;
    return {
      text,
      structured: {
        user: toUserSummary(user),
        place,
        member: Boolean(membership),
        ...(membership ? { membership } : {}),
      },
    };
  },
});

const getRole = defineTool({
  name: 'get_role',
  title: 'Read a role',
  description: 'Lists the permissions of a role such as channel_admin, team_user or system_guest.',
  toolset: 'users',
  kind: 'read',
  input: z.object({ role: z.string().min(1).max(64).describe('The role name or id.') }),
  output: roleSummarySchema,
  async handler(args, { mm }) {
    const reference = args.role.trim();
    // Built-in role names are words joined by underscores, but a scheme's roles are named with a
    // new id: a reference shaped like an id is tried as a name first, then as an id.
    const role = toRoleSummary(
      ID_PATTERN.test(reference)
        ? await mm.getRoleByName(reference).catch((err: unknown) => {
            if (!(err instanceof MattermostError && err.status === 404)) throw err;
            return mm.getRoleById(reference);
          })
        : await mm.getRoleByName(reference),
    );
    return { text: formatRole(role), structured: role };
  },
});

const getChannelModeration = defineTool({
  name: 'get_channel_moderation',
  title: 'Channel moderation',
  description:
    "A channel's moderation settings: whether members and guests may post, react, manage members, " +
    'mention the channel and manage bookmarks.',
  toolset: 'admin',
  kind: 'read',
  input: z.object({ channel: channelArg() }),
  output: z.object({ channel: channelSummarySchema, settings: z.array(moderationSchema) }),
  async handler(args, { mm }) {
    const channel = await resolveChannel(mm, args.channel);
    const [moderations, summary] = await Promise.all([
      mm.getChannelModerations(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const settings = toModerations(moderations);
    return {
      text: [`Moderation of ${channelReference(summary)}:`, ...settings.map(formatModeration)].join(
        '\n',
      ),
      structured: { channel: summary, settings },
    };
  },
});

export const roleTools = [
  setChannelAdmin,
  setTeamAdmin,
  getMembership,
  getRole,
  getChannelModeration,
];
