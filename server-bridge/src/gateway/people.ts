import type { UserCalls } from './calls.js';
import { requestJson } from './mattermost-client.js';
import type { ChannelMembership, ServerChannel, UserProfile } from './user-gateway.js';

/** Where to look for people: inside a channel or team, or outside it (the step before adding). */
export interface PeopleScope {
  inChannelId?: string;
  notInChannelId?: string;
  teamId?: string;
  notInTeamId?: string;
}

/** People in a place: search within or outside a channel or team, members by id, a user's channels. */
export interface PeopleGateway {
  /** `POST /users/search` limited to a place; Mattermost checks the caller may see it. */
  searchUsersIn(term: string, scope: PeopleScope, limit: number): Promise<UserProfile[]>;
  /** Memberships of these users in a channel (`POST /channels/{id}/members/ids`); non-members left out. */
  getChannelMembersByIds(
    channelId: string,
    userIds: readonly string[],
  ): Promise<ChannelMembership[]>;
  /** A user's channels in a team (`GET /users/{uid}/teams/{tid}/channels`): themself, or any for an admin. */
  getUserChannels(userId: string, teamId: string): Promise<ServerChannel[]>;
  /** A user's memberships in a team's channels (`GET /users/{uid}/teams/{tid}/channels/members`). */
  getUserChannelMembers(userId: string, teamId: string): Promise<ChannelMembership[]>;
}

export function peopleGateway({ userId, read, caches }: UserCalls): PeopleGateway {
  return {
    async searchUsersIn(term, scope, limit) {
      const users = await read('users.search_in', (c) =>
        c.searchUsers(term, {
          limit,
          ...(scope.inChannelId ? { in_channel_id: scope.inChannelId } : {}),
          ...(scope.notInChannelId ? { not_in_channel_id: scope.notInChannelId } : {}),
          ...(scope.teamId ? { team_id: scope.teamId } : {}),
          ...(scope.notInTeamId ? { not_in_team_id: scope.notInTeamId } : {}),
        }),
      );
      return users.map((user) => caches.users.set(userId, user));
    },
    getChannelMembersByIds: (channelId, userIds) =>
      read('channels.get_members_by_ids', (c) => c.getChannelMembersByIds(channelId, [...userIds])),
    async getUserChannels(ownerId, teamId) {
      const channels = await read('channels.get_for_user', (c) =>
        requestJson<ServerChannel[]>(c, `${c.getUserRoute(ownerId)}/teams/${teamId}/channels`),
      );
      return channels.map((channel) => caches.channels.set(userId, channel));
    },
    getUserChannelMembers: (ownerId, teamId) =>
      read('channels.get_members_for_user', (c) =>
        requestJson<ChannelMembership[]>(
          c,
          `${c.getUserRoute(ownerId)}/teams/${teamId}/channels/members`,
        ),
      ),
  };
}
