import { z } from 'zod';
import { listText } from '../format/text.js';
import { formatMemberLine, memberSummarySchema, memberSummaries } from '../format/members.js';
import {
  formatTeamLine,
  formatTeamStats,
  teamSummarySchema,
  toTeamSummary,
} from '../format/teams.js';
import { resolveTeam, resolveUser } from '../resolve/names.js';
import { defineTool } from './define.js';
import { countHeader, listAnswer, pageFields, pageRequest } from './paging.js';
import type { Team } from '../gateway/user-gateway.js';
import { cursorArg, teamArg, userArg } from './arguments.js';
import { teamChange, teamMemberChangeTool } from './team-shared.js';
import { teamTool } from './subject-tools.js';
import { ToolError } from '../errors.js';

/** Generous sizes of one listed line, to size pages to the output budget. */
const MEMBER_LINE_CHARS = 120;
const TEAM_LINE_CHARS = 200;

const teamInput = teamArg('A team name or id.');

const listTeams = defineTool({
  name: 'list_teams',
  title: 'List my teams',
  description:
    'Lists the Mattermost teams the user belongs to, with their names (used in team/channel references) ' +
    "and display names. With user: that person's teams (Mattermost allows it to system admins).",
  toolset: 'teams',
  kind: 'read',
  input: z.object({ user: userArg().optional() }),
  output: z.object({ teams: z.array(teamSummarySchema) }),
  async handler(args, { mm }) {
    const owner = args.user === undefined ? undefined : await resolveUser(mm, args.user);
    const found = owner ? await mm.getUserTeams(owner.id) : await mm.getMyTeams();
    const teams = found.map(toTeamSummary).sort((a, b) => a.name.localeCompare(b.name));
    const none = owner
      ? `@${owner.username} is not a member of any team.`
      : 'You are not a member of any team.';
    const text = listText('team', teams.map(formatTeamLine), none);
    return { text, structured: { teams } };
  },
});

const getTeam = teamTool({
  name: 'get_team',
  title: 'Get a team',
  description:
    'Describes one team: name, display name, whether anyone may join (open) or only by invitation, its ' +
    'description, and whether you are a member.',
  toolset: 'teams',
  kind: 'read',
  output: teamSummarySchema.extend({ member: z.boolean() }),
  async handler(team, { mm }) {
    const member = (await mm.getMyTeams()).some((mine) => mine.id === team.id);
    const summary = { ...toTeamSummary(team), member };
    return {
      text: `${formatTeamLine(summary)} · ${member ? 'you are a member' : 'you are not a member'}`,
      structured: summary,
    };
  },
});

const listTeamMembers = defineTool({
  name: 'list_team_members',
  title: 'List team members',
  description:
    'Lists the members of a team (admins first, then by username), a page (up to 100) at a time.',
  toolset: 'teams',
  kind: 'read',
  input: z.object({
    team: teamInput,
    exclude_bots: z.boolean().default(false),
    cursor: cursorArg(),
  }),
  output: z.object({ team: z.string(), members: z.array(memberSummarySchema), ...pageFields }),
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    const scope = `team-members:${team.id}${args.exclude_bots ? ':people' : ''}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, MEMBER_LINE_CHARS);
    const { page, perPage } = request;
    const members = (await mm.getTeamMembers(team.id, page, perPage)).filter(
      (member) => !member.delete_at,
    );
    const users = await mm.getUsersByIds(members.map((member) => member.user_id));
    const summaries = memberSummaries(members, users, { excludeBots: args.exclude_bots });
    const next = request.next(members.length);
    return listAnswer('members', summaries, {
      header: `${summaries.length} member${summaries.length === 1 ? '' : 's'} of ${team.name}${page ? ` (page ${page + 1})` : ''}:`,
      lines: summaries.map(formatMemberLine),
      next,
      budgetChars: settings.maxOutputChars,
      extra: { team: team.name },
    });
  },
});

const browseTeams = defineTool({
  name: 'browse_teams',
  title: 'Browse teams to join',
  description:
    'Lists the open teams you are not a member of yet; join one with join_team. With `term`: the teams ' +
    'whose name begins with it, joined or not (every team for system admins).',
  toolset: 'teams',
  kind: 'read',
  input: z.object({
    term: z.string().trim().min(1).max(64).optional(),
    cursor: cursorArg(),
  }),
  output: z.object({
    teams: z.array(teamSummarySchema.extend({ member: z.boolean() })),
    ...pageFields,
  }),
  async handler(args, { mm, settings }) {
    const scope = `browse-teams${args.term ? `:${args.term.toLowerCase()}` : ''}`;
    const request = pageRequest(args.cursor, scope, settings.maxOutputChars, TEAM_LINE_CHARS);
    const { page, perPage } = request;
    const mine = await mm.getMyTeams();
    const joined = new Set(mine.map((team) => team.id));
    let found: Team[];
    let next: string | undefined;
    if (args.term) {
      // Mattermost answers a search whole: the page is cut here.
      const all = (await mm.searchTeams(args.term)).filter((team) => !team.delete_at);
      found = all.slice(page * perPage, (page + 1) * perPage);
      next = request.next(all.length > (page + 1) * perPage ? perPage : 0);
    } else {
      const all = await mm.getTeams(page, perPage);
      found = all.filter(
        (team) => team.allow_open_invite && !team.delete_at && !joined.has(team.id),
      );
      next = request.next(all.length);
    }
    const teams = found
      .map((team) => ({ ...toTeamSummary(team), member: joined.has(team.id) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const matching = `matching "${args.term}"`;
    const header = args.term
      ? teams.length
        ? countHeader(teams.length, `team ${matching}`, page, `teams ${matching}`)
        : `No team ${matching}.`
      : teams.length
        ? `${teams.length} open team${teams.length === 1 ? '' : 's'} you can join:`
        : 'No open team to join.';
    return listAnswer('teams', teams, {
      header,
      lines: teams.map((team) => `${formatTeamLine(team)}${team.member ? ' · member' : ''}`),
      next,
      budgetChars: settings.maxOutputChars,
    });
  },
});

const joinTeam = teamTool({
  name: 'join_team',
  title: 'Join a team',
  description:
    'Joins an open team (see browse_teams). Invite-only teams need an invitation from their admin.',
  toolset: 'teams',
  kind: 'write',
  output: teamSummarySchema,
  async handler(team, { mm }) {
    await mm.addTeamMember(team.id, mm.userId);
    return teamChange('Joined', team);
  },
});

const leaveTeam = teamTool({
  name: 'leave_team',
  title: 'Leave a team',
  description:
    'Leaves a team and with it all of its channels. Rejoining an invite-only team needs a new invitation, ' +
    'so confirm first.',
  toolset: 'teams',
  kind: 'destructive',
  output: teamSummarySchema,
  async handler(team, { mm }) {
    if (!(await mm.getMyTeams()).some((mine) => mine.id === team.id))
      throw new ToolError(`team: you are not a member of ${team.name}.`);
    await mm.removeTeamMember(team.id, mm.userId);
    return teamChange('Left', team);
  },
});

const addTeamMember = teamMemberChangeTool({
  name: 'add_team_member',
  title: 'Add someone to a team',
  description:
    'Adds a user to a team (for an invite-only team this needs team admin rights). Adding a member twice ' +
    'does nothing.',
  kind: 'write',
  done: 'Added',
  act: (mm, teamId, userId) => mm.addTeamMember(teamId, userId),
});

const getTeamStats = defineTool({
  name: 'get_team_stats',
  title: 'Team statistics',
  description:
    'Counts the members of a team you belong to: all of them and the active (not deactivated) ones. ' +
    "Without team: the server's active accounts you can see.",
  toolset: 'teams',
  kind: 'read',
  input: z.object({ team: teamArg('The team name or id.').optional() }),
  output: z.object({
    team: teamSummarySchema.optional(),
    member_count: z.number().int(),
    active_member_count: z.number().int().optional(),
  }),
  async handler(args, { mm }) {
    if (!args.team) {
      // Mattermost counts the accounts the caller may see: everyone, or a guest's channel mates.
      const count = await mm.getUserCount();
      return {
        text: `The server has ${count} active account${count === 1 ? '' : 's'} you can see, bots included.`,
        structured: { member_count: count },
      };
    }
    const team = await resolveTeam(mm, args.team);
    const stats = await mm.getTeamStats(team.id);
    const summary = toTeamSummary(team);
    const structured = {
      team: summary,
      member_count: stats.total_member_count,
      active_member_count: stats.active_member_count,
    };
    return { text: formatTeamStats(structured), structured };
  },
});

export const teamTools = [
  listTeams,
  getTeam,
  getTeamStats,
  listTeamMembers,
  browseTeams,
  joinTeam,
  leaveTeam,
  addTeamMember,
];
