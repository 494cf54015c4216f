import { z } from 'zod';
import { bulkOutput } from '../format/bulk.js';
import { channelReference } from '../format/channels.js';
import {
  formatTeamLine,
  teamSummarySchema,
  toTeamSummary,
  type TeamSummary,
} from '../format/teams.js';
import { isoTime } from '../format/time.js';
import { formatUserLine, toUserSummary, userSummarySchema } from '../format/users.js';
import { MattermostError, ToolError } from '../errors.js';
import type { Team, UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel, resolveTeam, resolveUser } from '../resolve/names.js';
import { channelArg, cursorArg, teamArg, userArg } from './arguments.js';
import { bulkAnswer, itemErrorReason } from './bulk-results.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { teamChange, teamMemberChangeTool } from './team-shared.js';
import { listAnswer, pageFields, pageRequest } from './paging.js';
import { FAN_OUT, mapLimit } from './parallel.js';

/** A generous size of one listed person, to size pages to the output budget. */
const PERSON_LINE_CHARS = 160;

/** Mattermost sends at most 20 invitation emails at once (then 20 an hour). */
const MAX_INVITES = 20;

const teamInput = teamArg('A team name or id.');

/** 501 from the invitation endpoint: the server has email invitations off (its default). */
function invitationsOff(err: unknown): never {
  if (err instanceof MattermostError && err.status === 501)
    throw new ToolError(
      'Email invitations are turned off on this Mattermost server. A system admin can turn them on ' +
        '(System Console > Authentication > Signup > Enable Email Invitations); until then, add ' +
        'people who already have an account with add_team_members.',
    );
  throw err;
}

const inviteToTeam = defineTool({
  name: 'invite_to_team',
  title: 'Invite people to a team by email',
  description:
    'Emails an invitation to join a team, and optionally some of its channels, to up to 20 addresses; ' +
    'answers per address. Needs email invitations turned on by an admin. Channels you cannot manage ' +
    'are left out by Mattermost.',
  toolset: 'teams',
  kind: 'write',
  input: z.object({
    team: teamInput,
    emails: z
      .array(z.string().email())
      .min(1)
      .max(MAX_INVITES)
      .describe('The email addresses to invite.'),
    channels: z
      .array(channelArg('A channel of that team the invited people also join.'))
      .max(10)
      .optional(),
    message: z
      .string()
      .max(1000)
      .optional()
      .describe(
        'A personal note in the email; Mattermost sends it only with an invitation to channels too.',
      ),
  }),
  output: bulkOutput({}).extend({ team: z.string(), channels: z.array(z.string()) }),
  async handler(args, { mm }) {
    if (args.message && !args.channels?.length)
      throw new ToolError(
        'message: Mattermost puts a personal note only in an invitation to channels as well; ' +
          'give channels, or leave the message out.',
      );
    const team = await resolveTeam(mm, args.team);
    const channels = await mapLimit(args.channels ?? [], FAN_OUT, async (ref) => {
      const channel = await resolveChannel(mm, ref);
      if (channel.team_id !== team.id)
        throw new ToolError(`channels: ${ref} is not a channel of team ${team.name}.`);
      return { id: channel.id, reference: channelReference(await summarizeChannel(mm, channel)) };
    });
    const answer = await mm
      .inviteToTeamByEmail(
        team.id,
        args.emails,
        channels.map((channel) => channel.id),
        args.message,
      )
      .catch(invitationsOff);
    const results = args.emails.map((email, index) => {
      const sent = answer.find((a) => a.email === email.toLowerCase()) ?? answer[index];
      if (!sent) return { item: email, ok: false, error: 'Mattermost did not answer for it.' };
      return sent.error
        ? { item: email, ok: false, error: itemErrorReason(sent.error) }
        : { item: email, ok: true };
    });
    const where = [team.name, ...channels.map((channel) => channel.reference)].join(', ');
    return bulkAnswer(`Invited to ${where}`, results, undefined, {
      team: team.name,
      channels: channels.map((channel) => channel.reference),
    });
  },
});

const removeTeamMember = teamMemberChangeTool({
  name: 'remove_team_member',
  title: 'Remove someone from a team',
  kind: 'destructive',
  done: 'Removed',
  act: (mm, teamId, userId) => mm.removeTeamMember(teamId, userId),
  description:
    'Removes a user from a team and its channels (team admins only); invite-only teams need a new invitation.',
});

const updateTeam = defineTool({
  name: 'update_team',
  title: 'Change a team',
  description:
    "Changes a team's display name, description, or whether anyone on the server may join it " +
    '(`open_invite`). Team admins only.',
  toolset: 'teams',
  kind: 'write',
  input: z.object({
    team: teamInput,
    display_name: z.string().min(1).max(64).optional(),
    description: z.string().max(255).optional().describe('Empty to clear it.'),
    open_invite: z.boolean().optional().describe('true: anyone may join; false: by invitation.'),
  }),
  output: teamSummarySchema.extend({ open_invite: z.boolean() }),
  async handler(args, { mm }) {
    const team = await resolveTeam(mm, args.team);
    const patch = {
      ...(args.display_name !== undefined ? { display_name: args.display_name } : {}),
      ...(args.description !== undefined ? { description: args.description } : {}),
      ...(args.open_invite !== undefined ? { allow_open_invite: args.open_invite } : {}),
    };
    if (Object.keys(patch).length === 0)
      throw new ToolError('Name what to change: display_name, description or open_invite.');
    const updated = await mm.patchTeam(team.id, patch);
    const summary = { ...toTeamSummary(updated), open_invite: Boolean(updated.allow_open_invite) };
    return {
      text: `Updated ${formatTeamLine(summary)} · ${summary.open_invite ? 'anyone may join' : 'by invitation'}`,
      structured: summary,
    };
  },
});

const listNewTeamMembers = defineTool({
  name: 'list_new_team_members',
  title: 'Newest members of a team',
  description:
    "Lists a team's members, newest accounts first, a page at a time: who is new around here.",
  toolset: 'teams',
  kind: 'read',
  input: z.object({ team: teamInput, cursor: cursorArg() }),
  output: z.object({
    team: z.string(),
    members: z.array(userSummarySchema.extend({ created: z.string() })),
    ...pageFields,
  }),
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    const request = pageRequest(
      args.cursor,
      `new-members:${team.id}`,
      settings.maxOutputChars,
      PERSON_LINE_CHARS,
    );
    const users = await mm.getNewTeamMembers(team.id, request.page, request.perPage);
    const members = users.map((user) => ({
      ...toUserSummary(user),
      created: isoTime(user.create_at),
    }));
    return listAnswer('members', members, {
      header: members.length
        ? `Newest members of ${team.name}${request.page ? ` (page ${request.page + 1})` : ''}:`
        : `No members of ${team.name} on this page.`,
      lines: members.map(
        (member) => `${formatUserLine(member)} · joined Mattermost ${member.created}`,
      ),
      next: request.next(users.length),
      budgetChars: settings.maxOutputChars,
      extra: { team: team.name },
    });
  },
});

/**
 * The teams `first` and `second` are both in, among those the caller can look into: the second
 * person's own list when Mattermost shows it (themself, or anyone's to a system admin), otherwise
 * the caller's teams, with a membership check per team.
 */
async function sharedTeams(
  mm: UserGateway,
  first: string,
  second: string,
): Promise<{ teams: Team[]; onlyYours: boolean }> {
  let candidates: Team[];
  let onlyYours = false;
  if (second === mm.userId) candidates = await mm.getMyTeams();
  else {
    candidates = await mm.getUserTeams(second).catch(async (err: unknown) => {
      if (!(err instanceof MattermostError && err.status === 403)) throw err;
      onlyYours = true;
      return mm.getMyTeams();
    });
  }
  const wanted = [...new Set([first, second])];
  const both = await mapLimit(candidates, FAN_OUT, async (team) => {
    const members = await mm.getTeamMembersByIds(team.id, wanted);
    const present = members.filter((member) => !member.delete_at).map((m) => m.user_id);
    return wanted.every((id) => present.includes(id));
  });
  return { teams: candidates.filter((team, index) => both[index] && !team.delete_at), onlyYours };
}

/** `3 teams` or `no team`, with the lines of the teams. */
function teamsText(subject: string, teams: TeamSummary[], scope = ''): string {
  return teams.length
    ? `${subject} share ${teams.length} team${teams.length === 1 ? '' : 's'}${scope}:\n${teams.map(formatTeamLine).join('\n')}`
    : `${subject} share no team${scope}.`;
}

const byName = (a: TeamSummary, b: TeamSummary) => a.name.localeCompare(b.name);

const listSharedTeams = defineTool({
  name: 'list_shared_teams',
  title: 'Teams people share',
  description:
    'Lists the teams two people are both members of: `user` and `with` (you when omitted), or every ' +
    'member of a group or direct message `channel`. Without admin rights only your own teams can be ' +
    'looked into.',
  toolset: 'teams',
  kind: 'read',
  input: z.object({
    user: userArg().optional(),
    with: userArg('The other person; you when omitted.').optional(),
    channel: channelArg('A group or direct message.').optional(),
  }),
  output: z.object({
    user: z.string().optional(),
    with: z.string().optional(),
    channel: z.string().optional(),
    teams: z.array(teamSummarySchema),
    only_your_teams: z.boolean(),
  }),
  async handler(args, { mm }) {
    if (!args.user === !args.channel) throw new ToolError('Give either user or channel.');
    if (args.channel) {
      const channel = await resolveChannel(mm, args.channel);
      const reference = channelReference(await summarizeChannel(mm, channel));
      if (channel.type === 'G') {
        const teams = (await mm.getCommonTeams(channel.id)).map(toTeamSummary).sort(byName);
        return {
          text: teamsText(`The members of ${reference}`, teams),
          structured: { channel: reference, teams, only_your_teams: false },
        };
      }
      if (channel.type !== 'D')
        throw new ToolError(
          'channel: give a group or direct message; a team channel has one team.',
        );
      // A direct message is named by its two members' ids; an admin may look at anyone's, so both
      // members come from the name, yours listed last when you are one of them.
      const [first = '', second = first] = channel.name.split('__');
      const [one, two] = second === mm.userId ? [first, second] : [second, first];
      const { teams, onlyYours } = await sharedTeams(mm, one, two);
      const summaries = teams.map(toTeamSummary).sort(byName);
      return {
        text: teamsText(`The members of ${reference}`, summaries),
        structured: { channel: reference, teams: summaries, only_your_teams: onlyYours },
      };
    }
    const user = await resolveUser(mm, args.user!);
    const other = args.with ? await resolveUser(mm, args.with) : await mm.getMe();
    // Your own teams are a complete list when you are one of the two.
    const [first, second] = user.id === mm.userId ? [other, user] : [user, other];
    const { teams, onlyYours } = await sharedTeams(mm, first.id, second.id);
    const summaries = teams.map(toTeamSummary).sort(byName);
    const pair = `@${user.username} and @${other.username}`;
    return {
      text: teamsText(pair, summaries, onlyYours ? ' (among your teams)' : ''),
      structured: {
        user: user.username,
        with: other.username,
        teams: summaries,
        only_your_teams: onlyYours,
      },
    };
  },
});

/** Mattermost's rule for a team's URL name. */
const TEAM_NAME = /^[a-z0-9][a-z0-9-]{1,63}$/;

const createTeam = defineTool({
  name: 'create_team',
  title: 'Create a team',
  description:
    'Creates a team you then administer; by invitation unless open_invite (anyone on the server may join).',
  toolset: 'teams',
  kind: 'write',
  input: z.object({
    name: z.string().regex(TEAM_NAME, 'lowercase letters, digits and -').describe('URL name.'),
    display_name: z.string().min(1).max(64),
    description: z.string().max(255).optional(),
    open_invite: z.boolean().default(false),
  }),
  output: teamSummarySchema,
  async handler(args, { mm }) {
    const team = await mm.createTeam({
      name: args.name,
      display_name: args.display_name,
      type: args.open_invite ? 'O' : 'I',
      allow_open_invite: args.open_invite,
      ...(args.description ? { description: args.description } : {}),
    });
    return teamChange('Created', team);
  },
});

export const teamUpkeepTools = [
  createTeam,
  inviteToTeam,
  removeTeamMember,
  updateTeam,
  listNewTeamMembers,
  listSharedTeams,
];
