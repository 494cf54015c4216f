import type { ServerChannel } from '@mattermost/types/channels';
import type { PostInfo } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { UserCalls } from './calls.js';
import { requestJson } from './mattermost-client.js';

export type { PostInfo };

/**
 * What a new team is made of (`POST /teams`): open to anyone on the server (type O and
 * `allow_open_invite`, which Mattermost checks on joining) or by invitation (type I).
 */
export interface NewTeam {
  name: string;
  display_name: string;
  type: 'O' | 'I';
  allow_open_invite: boolean;
  description?: string;
}

/**
 * Finding things across the server: where a post is, archived and private channels, teams by
 * name, the people outside a place, the number of users, and new teams.
 */
export interface DiscoveryGateway {
  /**
   * Where a post is and whether the user joined its channel and team (`GET /posts/{id}/info`),
   * also for a post in a channel the user has not joined yet; 404 when they could not join it.
   */
  getPostInfo(postId: string): Promise<PostInfo>;
  /** Archived channels of a team matching a term (`POST /teams/{id}/channels/search_archived`). */
  searchArchivedChannels(teamId: string, term: string): Promise<ServerChannel[]>;
  /** Every private channel of a team (`GET /teams/{id}/channels/private`): system admins only. */
  getPrivateTeamChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]>;
  /** The teams all members of a group message are in (`GET /channels/{id}/common_teams`). */
  getCommonTeams(channelId: string): Promise<Team[]>;
  /** Teams whose name begins with the term (`POST /teams/search`): the open ones, all for admins. */
  searchTeams(term: string): Promise<Team[]>;
  /** How many active accounts, bots included, the user may see (`GET /users/stats`). */
  getUserCount(): Promise<number>;
  /**
   * A page of the people not in a channel (within its team) or not in a team (`GET /users` with
   * `not_in_channel` or `not_in_team`), by username.
   */
  listUsersOutside(
    place: { channelId: string; teamId: string } | { teamId: string },
    page: number,
    perPage: number,
  ): Promise<UserProfile[]>;
  /** Creates a team the user then administers (`POST /teams`; `create_team`). */
  createTeam(team: NewTeam): Promise<Team>;
}

export function discoveryGateway({ userId, read, write, caches }: UserCalls): DiscoveryGateway {
  const rememberChannels = (channels: ServerChannel[]) =>
    channels.map((channel) => caches.channels.set(userId, channel));
  return {
    getPostInfo: (postId) => read('posts.get_info', (c) => c.getPostInfo(postId)),

    async searchArchivedChannels(teamId, term) {
      return rememberChannels(
        await read('channels.search_archived', (c) =>
          requestJson<ServerChannel[]>(c, `${c.getTeamRoute(teamId)}/channels/search_archived`, {
            body: { term },
          }),
        ),
      );
    },

    async getPrivateTeamChannels(teamId, page, perPage) {
      return rememberChannels(
        await read('channels.get_private', (c) =>
          requestJson<ServerChannel[]>(
            c,
            `${c.getTeamRoute(teamId)}/channels/private?page=${page}&per_page=${perPage}`,
          ),
        ),
      );
    },

    getCommonTeams(channelId) {
      return read('channels.get_common_teams', (c) =>
        requestJson<Team[]>(c, `${c.getChannelRoute(channelId)}/common_teams`),
      );
    },

    async searchTeams(term) {
      // Without page and per_page Mattermost answers a plain list; with them it answers 501 to
      // anyone who cannot list every team, so they are never sent.
      const teams = await read('teams.search', (c) =>
        requestJson<Team[]>(c, `${c.getTeamsRoute()}/search`, { body: { term } }),
      );
      return teams.map((team) => caches.teams.set(userId, team));
    },

    async getUserCount() {
      const stats = await read('users.get_stats', (c) => c.getTotalUsersStats());
      return stats.total_users_count;
    },

    async listUsersOutside(place, page, perPage) {
      const users = await read('users.get_outside', (c) =>
        'channelId' in place
          ? c.getProfilesNotInChannel(place.teamId, place.channelId, false, page, perPage)
          : c.getProfilesNotInTeam(place.teamId, false, page, perPage),
      );
      return users.map((user) => caches.users.set(userId, user));
    },

    async createTeam(team) {
      // A second attempt would fail on the taken name or make a second team: never retried.
      const created = await write(
        'teams.create',
        (c) => c.createTeam({ description: '', ...team } as Team),
        { idempotent: false },
      );
      return caches.teams.set(userId, created);
    },
  };
}
