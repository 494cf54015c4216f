import type { Group } from '@mattermost/types/groups';
import type { UserCalls } from './calls.js';
import type { UserProfile } from './user-gateway.js';

export type { Group };

/** User groups (custom and LDAP-synced): who is in `@backend-team`, and where groups are linked. */
export interface GroupsGateway {
  /** Groups the user may see whose name or display name matches (`GET /groups?q=`). */
  searchGroups(term: string, page: number, perPage: number): Promise<Group[]>;
  getGroup(groupId: string): Promise<Group>;
  /** Groups someone belongs to (`GET /groups?filter_has_member=`): works for any user one may see. */
  getGroupsOfUser(userId: string, page: number, perPage: number): Promise<Group[]>;
  /** Members of a group (`GET /users?in_group=`), by username. */
  getGroupMembers(groupId: string, page: number, perPage: number): Promise<UserProfile[]>;
  /** Groups linked to a channel (`GET /channels/{id}/groups`); LDAP groups need an Enterprise licence. */
  getChannelGroups(channelId: string, page: number, perPage: number): Promise<Group[]>;
  /** Groups linked to a team (`GET /teams/{id}/groups`). */
  getTeamGroups(teamId: string, page: number, perPage: number): Promise<Group[]>;
}

export function groupsGateway({ userId, read, caches }: UserCalls): GroupsGateway {
  return {
    searchGroups: (term, page, perPage) =>
      read('groups.search', (c) =>
        c.searchGroups({ q: term, page, per_page: perPage, include_member_count: true }),
      ),
    getGroup: (groupId) => read('groups.get', (c) => c.getGroup(groupId, true)),
    getGroupsOfUser: (memberId, page, perPage) =>
      read('groups.of_user', (c) =>
        c.getGroups({
          filter_has_member: memberId,
          page,
          per_page: perPage,
          include_member_count: true,
        }),
      ),
    async getGroupMembers(groupId, page, perPage) {
      const users = await read('groups.get_members', (c) =>
        c.getProfilesInGroup(groupId, page, perPage, 'display_name'),
      );
      return users.map((user) => caches.users.set(userId, user));
    },
    async getChannelGroups(channelId, page, perPage) {
      const answer = await read('groups.of_channel', (c) =>
        c.getGroupsAssociatedToChannel(channelId, '', page, perPage),
      );
      return answer.groups ?? [];
    },
    async getTeamGroups(teamId, page, perPage) {
      const answer = await read('groups.of_team', (c) =>
        c.getGroupsAssociatedToTeam(teamId, '', page, perPage),
      );
      return answer.groups ?? [];
    },
  };
}
