import { pathSegment } from './types.js';
import type { ChannelBookmark } from '@mattermost/types/channel_bookmarks';
import type { OrderedChannelCategories } from '@mattermost/types/channel_categories';
import type { ChannelMembership, ChannelStats, ServerChannel } from '@mattermost/types/channels';
import { REPEATABLE, RUN_ONCE, writesTo, type UserCalls } from './calls.js';
import { requestJson } from './mattermost-client.js';

/** A channel to create: `type` O is public, P private. */
export interface NewChannel {
  teamId: string;
  name: string;
  displayName: string;
  type: 'O' | 'P';
  purpose?: string;
  header?: string;
}

/** What `PUT /channels/{id}/patch` may change. */
export interface ChannelPatch {
  /** The URL name (`team/channels/<name>`). */
  name?: string;
  display_name?: string;
  header?: string;
  purpose?: string;
}

/**
 * What is unread in one channel for the user (`GET /users/{uid}/channels/{cid}/unread`): counts of
 * messages not read yet (all, and root posts only) and of unread mentions, fresh from Mattermost.
 */
export interface ChannelUnreadCounts {
  channel_id: string;
  team_id: string;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  notify_props?: Record<string, string>;
}

/**
 * A bookmark to add: a link (`linkUrl`) or a file (`fileId`) uploaded to the channel for it
 * (`uploadFile(..., { forBookmark: true })`): Mattermost takes no file that was posted.
 */
export type NewBookmark = { displayName: string; emoji?: string } & (
  { linkUrl: string; fileId?: undefined } | { fileId: string; linkUrl?: undefined }
);

/** What `PATCH /channels/{id}/bookmarks/{bid}` may change. */
export interface BookmarkPatch {
  display_name?: string;
  link_url?: string;
  emoji?: string;
}

/**
 * Channels: lookups (cached per viewer), direct and group messages, management, membership, the
 * user's own membership (read state, notification settings) and bookmarks.
 */
export interface ChannelsGateway {
  /** The channels of a team the user is a member of (includes DMs and group messages). */
  getMyChannels(teamId: string): Promise<ServerChannel[]>;
  getChannel(channelId: string): Promise<ServerChannel>;
  getChannelByName(teamId: string, channelName: string): Promise<ServerChannel>;
  /** Public channels of a team, a page at a time (`GET /teams/{id}/channels`). */
  getPublicChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]>;
  /** Public channels of a team whose name or display name matches a term. */
  searchPublicChannels(teamId: string, term: string): Promise<ServerChannel[]>;
  /** Archived channels of a team the user may see (`GET /teams/{id}/channels/deleted`). */
  getArchivedChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]>;
  /** The direct-message channel with another user, created when it does not exist yet. */
  getOrCreateDirectChannel(otherUserId: string): Promise<ServerChannel>;
  /** The group message of the user with these others (2 to 7), created when it does not exist yet. */
  getOrCreateGroupChannel(otherUserIds: readonly string[]): Promise<ServerChannel>;
  createChannel(channel: NewChannel): Promise<ServerChannel>;
  /** Changes display name, header or purpose (`PUT /channels/{id}/patch`). */
  patchChannel(channelId: string, patch: ChannelPatch): Promise<ServerChannel>;
  archiveChannel(channelId: string): Promise<void>;
  restoreChannel(channelId: string): Promise<ServerChannel>;
  setChannelPrivacy(channelId: string, isPrivate: boolean): Promise<ServerChannel>;
  getChannelStats(channelId: string): Promise<ChannelStats>;
  getChannelMembers(channelId: string, page: number, perPage: number): Promise<ChannelMembership[]>;
  addChannelMember(channelId: string, userId: string): Promise<ChannelMembership>;
  /**
   * Adds many users in one request (`user_ids`): Mattermost skips those it cannot add and answers
   * the memberships it has (new or existing); it fails only when it could add nobody.
   */
  addChannelMembers(channelId: string, userIds: readonly string[]): Promise<ChannelMembership[]>;
  removeChannelMember(channelId: string, userId: string): Promise<void>;
  getMyChannelMember(channelId: string): Promise<ChannelMembership>;
  /** The user's memberships (last viewed, mention counts) in every channel of a team. */
  getMyChannelMembers(teamId: string): Promise<ChannelMembership[]>;
  /** Marks a channel read for the user (`POST /channels/members/me/view`). */
  viewChannel(channelId: string): Promise<void>;
  /** Changes the user's notification settings in a channel (`PUT /channels/{id}/members/{uid}/notify_props`). */
  setMyChannelNotifyProps(channelId: string, props: Record<string, string>): Promise<void>;
  /** What is unread in a channel for the user, counted by Mattermost now (never cached). */
  getChannelUnread(channelId: string): Promise<ChannelUnreadCounts>;
  /** The user's sidebar in a team: categories in order, each with its channel ids. */
  getSidebarCategories(teamId: string): Promise<OrderedChannelCategories>;
  getChannelBookmarks(channelId: string): Promise<ChannelBookmark[]>;
  addChannelBookmark(channelId: string, bookmark: NewBookmark): Promise<ChannelBookmark>;
  /** Changes a bookmark; Mattermost keeps the old one as history and answers the new one. */
  updateChannelBookmark(
    channelId: string,
    bookmarkId: string,
    patch: BookmarkPatch,
  ): Promise<ChannelBookmark>;
  removeChannelBookmark(channelId: string, bookmarkId: string): Promise<void>;
}

export function channelsGateway({ userId, read, write, caches }: UserCalls): ChannelsGateway {
  const remember = (channel: ServerChannel) => caches.channels.set(userId, channel);
  const rememberAll = (channels: ServerChannel[]) => channels.map(remember);
  const changeChannel = writesTo(write, 'channels');

  return {
    async getMyChannels(teamId) {
      return rememberAll(await read('channels.get_mine', (c) => c.getMyChannels(teamId)));
    },

    async getChannel(channelId) {
      return (
        caches.channels.get(userId, channelId) ??
        remember(await read('channels.get', (c) => c.getChannel(channelId)))
      );
    },

    async getChannelByName(teamId, channelName) {
      return caches.channelNames.lookup(userId, teamId, channelName, () =>
        read('channels.get_by_name', (c) => c.getChannelByName(teamId, pathSegment(channelName))),
      );
    },

    async getPublicChannels(teamId, page, perPage) {
      return rememberAll(
        await read('channels.get_public', (c) => c.getChannels(teamId, page, perPage)),
      );
    },

    async searchPublicChannels(teamId, term) {
      const found = await read('channels.search', (c) => c.searchChannels(teamId, term));
      return rememberAll(found as ServerChannel[]);
    },

    async getArchivedChannels(teamId, page, perPage) {
      return rememberAll(
        await read('channels.get_archived', (c) => c.getArchivedChannels(teamId, page, perPage)),
      );
    },

    getOrCreateDirectChannel(otherUserId) {
      // A direct channel is named by its two members' ids, sorted: once known it needs no request.
      // Mattermost answers the existing direct channel when there is one.
      const name = [userId, otherUserId].sort().join('__');
      return caches.channelNames.lookup(userId, '', name, () =>
        write(
          'channels.create_direct',
          (c) => c.createDirectChannel([userId, otherUserId]),
          REPEATABLE,
        ),
      );
    },

    async getOrCreateGroupChannel(otherUserIds) {
      // Mattermost answers the existing group message for the same people.
      return remember(
        await write(
          'channels.create_group',
          (c) => c.createGroupChannel([userId, ...otherUserIds]),
          REPEATABLE,
        ),
      );
    },

    async createChannel(channel) {
      return remember(
        await write(
          'channels.create',
          (c) =>
            c.createChannel({
              team_id: channel.teamId,
              name: channel.name,
              display_name: channel.displayName,
              type: channel.type,
              purpose: channel.purpose ?? '',
              header: channel.header ?? '',
            }),
          RUN_ONCE,
        ),
      );
    },

    async patchChannel(channelId, patch) {
      // Every viewer's copy (and the cluster's names of it) goes; this viewer keeps the fresh one.
      return remember(
        await changeChannel('channels.patch', channelId, REPEATABLE, (c) =>
          c.patchChannel(channelId, patch),
        ),
      );
    },

    async archiveChannel(channelId) {
      await changeChannel('channels.archive', channelId, RUN_ONCE, (c) =>
        c.deleteChannel(channelId),
      );
    },

    async restoreChannel(channelId) {
      return remember(
        await changeChannel('channels.restore', channelId, RUN_ONCE, (c) =>
          c.unarchiveChannel(channelId),
        ),
      );
    },

    async setChannelPrivacy(channelId, isPrivate) {
      return remember(
        await changeChannel('channels.privacy', channelId, REPEATABLE, (c) =>
          c.updateChannelPrivacy(channelId, isPrivate ? 'P' : 'O'),
        ),
      );
    },

    getChannelStats(channelId) {
      return read('channels.get_stats', (c) => c.getChannelStats(channelId, true));
    },

    getChannelMembers(channelId, page, perPage) {
      return read('channels.get_members', (c) => c.getChannelMembers(channelId, page, perPage));
    },

    async addChannelMember(channelId, memberId) {
      // Adding a member twice answers the existing membership.
      return changeChannel('channels.add_member', channelId, REPEATABLE, (c) =>
        c.addToChannel(memberId, channelId),
      );
    },

    async addChannelMembers(channelId, memberIds) {
      // Adding members twice answers the existing memberships.
      return changeChannel('channels.add_members', channelId, REPEATABLE, (c) =>
        c.addToChannels([...memberIds], channelId),
      );
    },

    async removeChannelMember(channelId, memberId) {
      await changeChannel('channels.remove_member', channelId, RUN_ONCE, (c) =>
        c.removeFromChannel(memberId, channelId),
      );
    },

    getMyChannelMember(channelId) {
      return read('channels.get_my_member', (c) => c.getMyChannelMember(channelId));
    },

    getMyChannelMembers(teamId) {
      return read('channels.get_my_members', (c) => c.getMyChannelMembers(teamId));
    },

    async viewChannel(channelId) {
      await write('channels.view', (c) => c.viewMyChannel(channelId), REPEATABLE);
    },

    async setMyChannelNotifyProps(channelId, props) {
      await write(
        'channels.notify_props',
        (c) =>
          c.updateChannelNotifyProps({ channel_id: channelId, user_id: userId, ...props } as never),
        REPEATABLE,
      );
    },

    getChannelBookmarks(channelId) {
      return read('bookmarks.get', (c) => c.getChannelBookmarks(channelId));
    },

    getChannelUnread(channelId) {
      return read('channels.get_unread', (c) =>
        requestJson<ChannelUnreadCounts>(
          c,
          `${c.getUserRoute(userId)}/channels/${pathSegment(channelId)}/unread`,
        ),
      );
    },

    getSidebarCategories(teamId) {
      return read('channels.get_categories', (c) => c.getChannelCategories(userId, teamId));
    },

    addChannelBookmark(channelId, bookmark) {
      const target: { type: 'link'; link_url: string } | { type: 'file'; file_id: string } =
        bookmark.fileId === undefined
          ? { type: 'link', link_url: bookmark.linkUrl }
          : { type: 'file', file_id: bookmark.fileId };
      return write(
        'bookmarks.add',
        (c) =>
          c.createChannelBookmark(
            channelId,
            {
              ...target,
              display_name: bookmark.displayName,
              ...(bookmark.emoji ? { emoji: bookmark.emoji } : {}),
            },
            '',
          ),
        RUN_ONCE,
      );
    },

    async updateChannelBookmark(channelId, bookmarkId, patch) {
      // Each edit replaces the bookmark with a new one: repeating it would edit the replaced one.
      const answer = await write(
        'bookmarks.update',
        (c) => c.updateChannelBookmark(channelId, bookmarkId, patch, ''),
        RUN_ONCE,
      );
      return answer.updated;
    },

    async removeChannelBookmark(channelId, bookmarkId) {
      await write(
        'bookmarks.remove',
        (c) => c.deleteChannelBookmark(channelId, bookmarkId, ''),
        RUN_ONCE,
      );
    },
  };
}
