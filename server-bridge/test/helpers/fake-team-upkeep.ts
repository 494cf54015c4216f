import { MattermostError } from '../../src/errors.js';
import type {
  ChannelMembership,
  ChannelStats,
  Team,
  TeamMembership,
  UserGateway,
  UserProfile,
} from '../../src/gateway/user-gateway.js';
import type { Workspace } from './fake-gateway.js';

/**
 * The team upkeep and bulk operations of the fake gateway (`fake-gateway.ts`), answered as
 * Mattermost answers them: team admins change and prune teams, members add people, people outside
 * a channel's team cannot join it, email invitations are off until turned on.
 */

/** What the workspace holds beyond people, teams and channels. */
export interface UpkeepState {
  /** `teamId userId` of each team admin. */
  teamAdmins: Set<string>;
  emailInvitations: boolean;
  invites: { teamId: string; email: string; channelIds: readonly string[] }[];
}

const states = new WeakMap<Workspace, UpkeepState>();

/** The upkeep state of a workspace, to set up (team admins, invitations on) and to inspect. */
export function upkeepOf(ws: Workspace): UpkeepState {
  let state = states.get(ws);
  if (!state) {
    state = { teamAdmins: new Set(), emailInvitations: false, invites: [] };
    states.set(ws, state);
  }
  return state;
}

const refused = (permission: string) =>
  new MattermostError(
    `You do not have the appropriate permissions. (${permission})`,
    403,
    'api.context.permissions.app_error',
  );

export function teamUpkeepFakes(
  ws: Workspace,
  viewer: UserProfile,
  base: Partial<UserGateway>,
): Partial<UserGateway> {
  const state = upkeepOf(ws);
  const inTeam = (teamId: string, userId = viewer.id) =>
    ws.teamMembers.get(teamId)?.has(userId) ?? false;
  const requireAdmin = (teamId: string) => {
    if (!state.teamAdmins.has(`${teamId} ${viewer.id}`)) throw refused('manage_team');
  };
  const membership = (teamId: string, userId: string) =>
    ({ team_id: teamId, user_id: userId, roles: 'team_user', delete_at: 0 }) as TeamMembership;
  const joinChannel = async (channelId: string, userId: string) => {
    const channel = await base.getChannel!(channelId);
    if (!ws.users.has(userId)) throw new MattermostError('Unable to find the user.', 404);
    if (!inTeam(channel.team_id, userId))
      throw new MattermostError(
        'Channel membership denied to the following users because of group constraints or team membership.',
        403,
        'api.channel.add_members.user_denied',
      );
    ws.channelMembers.get(channel.id)!.add(userId);
    ws.writes.push(`addChannelMember ${channelId} ${userId}`);
    return { channel_id: channelId, user_id: userId } as ChannelMembership;
  };

  return {
    async getUsersByUsernames(usernames) {
      return [...ws.users.values()].filter((u) => usernames.includes(u.username));
    },
    async getChannelStats(channelId) {
      const channel = await base.getChannel!(channelId);
      return {
        channel_id: channel.id,
        member_count: ws.channelMembers.get(channel.id)?.size ?? 0,
      } as ChannelStats;
    },
    async viewChannel(channelId) {
      await base.getChannel!(channelId);
      ws.writes.push(`viewChannel ${channelId}`);
    },
    addChannelMember: joinChannel,
    async addChannelMembers(channelId, userIds) {
      const added: ChannelMembership[] = [];
      let last: unknown;
      for (const id of userIds) {
        try {
          added.push(await joinChannel(channelId, id));
        } catch (err) {
          last = err;
        }
      }
      if (!added.length && last) throw last;
      return added;
    },
    async addTeamMembers(teamId, userIds) {
      if (!inTeam(teamId)) throw refused('add_user_to_team');
      return userIds.map((userId) => {
        if (!ws.users.has(userId))
          return {
            user_id: userId,
            member: null,
            error: {
              id: 'app.user.missing_account.const',
              message: 'Unable to find the user.',
              status_code: 404,
            },
          };
        ws.teamMembers.get(teamId)!.add(userId);
        ws.writes.push(`addTeamMember ${teamId} ${userId}`);
        return { user_id: userId, member: membership(teamId, userId), error: null };
      });
    },
    async removeTeamMember(teamId, userId) {
      if (userId !== viewer.id) requireAdmin(teamId);
      if (!inTeam(teamId, userId)) throw new MattermostError('No team member found.', 404);
      ws.teamMembers.get(teamId)!.delete(userId);
      ws.writes.push(`removeTeamMember ${teamId} ${userId}`);
    },
    async patchTeam(teamId, patch) {
      const team = await base.getTeam!(teamId);
      requireAdmin(teamId);
      const patched = { ...team, ...patch } as Team;
      ws.teams.set(teamId, patched);
      ws.writes.push(`patchTeam ${teamId} ${JSON.stringify(patch)}`);
      return patched;
    },
    async getNewTeamMembers(teamId, pageNo, perPage) {
      if (!inTeam(teamId)) throw refused('view_team');
      const members = [...(ws.teamMembers.get(teamId) ?? [])].map((id) => ws.users.get(id)!);
      members.sort((a, b) => b.create_at - a.create_at);
      return members.slice(pageNo * perPage, (pageNo + 1) * perPage);
    },
    async getUserTeams(userId) {
      if (userId !== viewer.id && !viewer.roles.includes('system_admin'))
        throw refused('edit_other_users');
      return [...ws.teams.values()].filter((team) => inTeam(team.id, userId));
    },
    async getTeamMembersByIds(teamId, userIds) {
      if (!inTeam(teamId) && !viewer.roles.includes('system_admin')) throw refused('view_team');
      return userIds.filter((id) => inTeam(teamId, id)).map((id) => membership(teamId, id));
    },
    async inviteToTeamByEmail(teamId, emails, channelIds) {
      if (!inTeam(teamId)) throw refused('invite_user');
      if (!state.emailInvitations)
        throw new MattermostError('Email invitations are disabled.', 501);
      return emails.map((email) => {
        state.invites.push({ teamId, email: email.toLowerCase(), channelIds });
        return { email: email.toLowerCase(), error: null };
      });
    },
  };
}
