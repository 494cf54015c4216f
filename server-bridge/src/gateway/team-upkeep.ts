import type { Team, TeamMembership } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { inChunks, type UserCalls } from './calls.js';

/** What `PUT /teams/{id}/patch` may change. */
export interface TeamPatch {
  display_name?: string;
  description?: string;
  allow_open_invite?: boolean;
}

/** Mattermost's error for one item of a graceful batch. */
export interface ItemError {
  id?: string;
  message: string;
  status_code?: number;
}

/** One address of an email invitation: `error` null when the invitation went out. */
export interface EmailInviteResult {
  email: string;
  error: ItemError | null;
}

/** One user of a graceful team batch: the membership, or why there is none. */
export interface TeamMemberResult {
  user_id: string;
  member?: TeamMembership | null;
  error?: ItemError | null;
}

/** Team upkeep: invitations, settings, newest members, memberships of many people at once. */
export interface TeamUpkeepGateway {
  /**
   * Invites people by email (`POST /teams/{id}/invite/email?graceful=true`), to the team and, with
   * `channelIds`, to those of its channels; one answer per address.
   */
  inviteToTeamByEmail(
    teamId: string,
    emails: readonly string[],
    channelIds: readonly string[],
    message?: string,
  ): Promise<EmailInviteResult[]>;
  /** Changes the team's settings (`PUT /teams/{id}/patch`): team admins only. */
  patchTeam(teamId: string, patch: TeamPatch): Promise<Team>;
  /** A team's members, newest accounts first (`GET /users?in_team=&sort=create_at`). */
  getNewTeamMembers(teamId: string, page: number, perPage: number): Promise<UserProfile[]>;
  /** Another person's teams (`GET /users/{id}/teams`): themself, or anyone's for a system admin. */
  getUserTeams(userId: string): Promise<Team[]>;
  /** Memberships of these users in a team (`POST /teams/{id}/members/ids`); non-members left out. */
  getTeamMembersByIds(teamId: string, userIds: readonly string[]): Promise<TeamMembership[]>;
  /** Adds many users to a team (`POST /teams/{id}/members/batch?graceful=true`), one answer each. */
  addTeamMembers(teamId: string, userIds: readonly string[]): Promise<TeamMemberResult[]>;
}

export function teamUpkeepGateway({ userId, read, write, caches }: UserCalls): TeamUpkeepGateway {
  return {
    async inviteToTeamByEmail(teamId, emails, channelIds, message = '') {
      // Sending twice sends two emails: never retried.
      const answer = await write(
        'teams.invite_by_email',
        (c) =>
          // The object form carries channels and a personal message; the list form neither.
          // Mattermost sends the message only in an invitation to channels as well.
          channelIds.length
            ? c.sendEmailInvitesToTeamAndChannelsGracefully(
                teamId,
                [...channelIds],
                [...emails],
                message,
              )
            : c.sendEmailInvitesToTeamGracefully(teamId, [...emails]),
        { idempotent: false },
      );
      return answer as unknown as EmailInviteResult[];
    },

    async patchTeam(teamId, patch) {
      const team = await write('teams.patch', (c) => c.patchTeam({ id: teamId, ...patch }), {
        idempotent: true,
        forget: { teams: teamId },
      });
      return caches.teams.set(userId, team);
    },

    async getNewTeamMembers(teamId, page, perPage) {
      const users = await read('users.get_new_in_team', (c) =>
        c.getProfilesInTeam(teamId, page, perPage, 'create_at'),
      );
      return users.map((user) => caches.users.set(userId, user));
    },

    getUserTeams(ownerId) {
      return read('teams.get_for_user', (c) => c.getTeamsForUser(ownerId));
    },

    getTeamMembersByIds(teamId, userIds) {
      return inChunks([...new Set(userIds)], (chunk) =>
        read('teams.get_members_by_ids', (c) => c.getTeamMembersByIds(teamId, chunk)),
      );
    },

    async addTeamMembers(teamId, userIds) {
      // Adding a member twice answers the existing membership, so a repeat is harmless.
      const answer = await write(
        'teams.add_members',
        (c) => c.addUsersToTeamGracefully(teamId, [...userIds]),
        { idempotent: true, forget: { teams: teamId } },
      );
      return answer as unknown as TeamMemberResult[];
    },
  };
}
