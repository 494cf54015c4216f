import { pathSegment } from './types.js';
import type { ChannelModeration } from '@mattermost/types/channels';
import type { Role } from '@mattermost/types/roles';
import type { UserCalls } from './calls.js';
import type { ChannelMembership, TeamMembership } from './user-gateway.js';

export type { ChannelModeration, Role };

/** Roles and memberships: who is an admin where, what a role allows, how a channel is moderated. */
export interface RolesGateway {
  getRoleByName(name: string): Promise<Role>;
  /** A role by its id (`GET /roles/{id}`). */
  getRoleById(roleId: string): Promise<Role>;
  /** One person's membership of a channel (`GET /channels/{id}/members/{uid}`). */
  getChannelMember(channelId: string, userId: string): Promise<ChannelMembership>;
  /** One person's membership of a team (`GET /teams/{id}/members/{uid}`). */
  getTeamMember(teamId: string, userId: string): Promise<TeamMembership>;
  /** Makes a member a channel admin or a plain member (`PUT .../schemeRoles`). */
  setChannelAdmin(channelId: string, userId: string, admin: boolean): Promise<void>;
  /** Makes a member a team admin or a plain member. */
  setTeamAdmin(teamId: string, userId: string, admin: boolean): Promise<void>;
  /** What members and guests may do in a channel (system console permission; licensed servers). */
  getChannelModerations(channelId: string): Promise<ChannelModeration[]>;
}

export function rolesGateway({ read, write }: UserCalls): RolesGateway {
  return {
    getRoleByName: (name) => read('roles.get_by_name', (c) => c.getRoleByName(pathSegment(name))),
    getRoleById: (roleId) => read('roles.get', (c) => c.getRole(pathSegment(roleId))),
    getChannelMember: (channelId, memberId) =>
      read('channels.get_member', (c) => c.getChannelMember(channelId, memberId)),
    getTeamMember: (teamId, memberId) =>
      read('teams.get_member', (c) => c.getTeamMember(teamId, memberId)),
    async setChannelAdmin(channelId, memberId, admin) {
      // Setting the same flags twice leaves the same membership: safe to retry.
      await write(
        'channels.scheme_roles',
        (c) => c.updateChannelMemberSchemeRoles(channelId, memberId, true, admin),
        { idempotent: true, forget: { channels: channelId } },
      );
    },
    async setTeamAdmin(teamId, memberId, admin) {
      await write(
        'teams.scheme_roles',
        (c) => c.updateTeamMemberSchemeRoles(teamId, memberId, true, admin),
        { idempotent: true, forget: { teams: teamId } },
      );
    },
    getChannelModerations: (channelId) =>
      read('channels.moderations', (c) => c.getChannelModerations(channelId)),
  };
}
