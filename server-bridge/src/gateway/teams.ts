import { pathSegment } from './types.js';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import { REPEATABLE, RUN_ONCE, writesTo, type UserCalls } from './calls.js';

/** Teams: the user's teams (cached per viewer), the directory, statistics and membership. */
export interface TeamsGateway {
  getMyTeams(): Promise<Team[]>;
  getTeam(teamId: string): Promise<Team>;
  getTeamByName(name: string): Promise<Team>;
  /** Teams the user may see: open teams and their own; every team for a system admin. */
  getTeams(page: number, perPage: number): Promise<Team[]>;
  getTeamMembers(teamId: string, page: number, perPage: number): Promise<TeamMembership[]>;
  /** Member counts of a team (`GET /teams/{id}/stats`); members of the team only. */
  getTeamStats(
    teamId: string,
  ): Promise<{ total_member_count: number; active_member_count: number }>;
  addTeamMember(teamId: string, userId: string): Promise<TeamMembership>;
  removeTeamMember(teamId: string, userId: string): Promise<void>;
}

export function teamsGateway({ userId, read, write, caches }: UserCalls): TeamsGateway {
  const remember = (team: Team) => caches.teams.set(userId, team);
  const changeTeam = writesTo(write, 'teams');

  return {
    async getMyTeams() {
      return (await read('teams.get_mine', (c) => c.getMyTeams())).map(remember);
    },

    async getTeam(teamId) {
      return (
        caches.teams.get(userId, teamId) ??
        remember(await read('teams.get', (c) => c.getTeam(teamId)))
      );
    },

    async getTeamByName(name) {
      return caches.teamNames.lookup(userId, '', name, () =>
        read('teams.get_by_name', (c) => c.getTeamByName(pathSegment(name))),
      );
    },

    async getTeams(page, perPage) {
      const teams = (await read('teams.get_all', (c) => c.getTeams(page, perPage))) as Team[];
      return teams.map(remember);
    },

    getTeamMembers(teamId, page, perPage) {
      return read('teams.get_members', (c) => c.getTeamMembers(teamId, page, perPage));
    },

    getTeamStats(teamId) {
      return read('teams.get_stats', (c) => c.getTeamStats(teamId));
    },

    async addTeamMember(teamId, memberId) {
      // Adding a member twice answers the existing membership.
      return changeTeam('teams.add_member', teamId, REPEATABLE, (c) =>
        c.addToTeam(teamId, memberId),
      );
    },

    async removeTeamMember(teamId, memberId) {
      await changeTeam('teams.remove_member', teamId, RUN_ONCE, (c) =>
        c.removeFromTeam(teamId, memberId),
      );
      // The removed user's view of the team's channels changes with the membership.
      caches.channels.forgetGroup(teamId);
    },
  };
}
