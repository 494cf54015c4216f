import type { Channel, ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { FileInfo } from '@mattermost/types/files';
import type { Post, PostList, PostSearchResults } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import type { UserThread, UserThreadList } from '@mattermost/types/threads';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile, UserStatus } from '@mattermost/types/users';
// Types of the catalogue's channel, team, user and admin operations.
import type { AnalyticsRow } from '@mattermost/types/admin';
import type { Bot } from '@mattermost/types/bots';
import type { ChannelBookmark } from '@mattermost/types/channel_bookmarks';
import type { ChannelStats } from '@mattermost/types/channels';
import type { IncomingWebhook, OutgoingWebhook } from '@mattermost/types/integrations';
import type { TeamMembership } from '@mattermost/types/teams';
import type { UserAccessToken } from '@mattermost/types/users';

export type {
  AnalyticsRow,
  Bot,
  ChannelBookmark,
  ChannelStats,
  IncomingWebhook,
  OutgoingWebhook,
  TeamMembership,
  UserAccessToken,
};

/** A channel to create: `type` O is public, P private. */
export interface NewChannel {
  teamId: string;
  name: string;
  displayName: string;
  type: 'O' | 'P';
  purpose?: string;
  header?: string;
}

/** An outgoing webhook to create; Mattermost fills the rest. */
export interface NewOutgoingWebhook {
  teamId: string;
  channelId?: string;
  triggerWords: string[];
  callbackUrls: string[];
  displayName?: string;
  contentType?: string;
}

/** What `GET /system/ping?get_server_status=true` answers. */
export interface ServerPing {
  status: string;
  database_status?: string;
  filestore_status?: string;
  [key: string]: unknown;
}

export type {
  Channel,
  ChannelMembership,
  FileInfo,
  Post,
  PostList,
  PostSearchResults,
  Reaction,
  ScheduledPost,
  ServerChannel,
  Team,
  UserProfile,
  UserStatus,
  UserThread,
  UserThreadList,
};

/** A page of file search results, as Mattermost answers (`file_infos` keyed by id). */
export interface FileSearchPage {
  order: string[];
  file_infos: Record<string, FileInfo>;
  has_next?: boolean;
}

/** A message to send later: `POST /posts/schedule`. */
export interface NewScheduledPost {
  channelId: string;
  message: string;
  rootId?: string;
  /** Unix milliseconds. */
  scheduledAt: number;
  /** Post props, such as the mark the policy puts on every post an assistant writes. */
  props?: Record<string, string>;
}

/** What a send needs; the gateway adds the `pending_post_id` that makes a retried send safe. */
export interface NewPost {
  channelId: string;
  message: string;
  rootId?: string;
  /** Post props, such as the mark the policy puts on every post an assistant writes. */
  props?: Record<string, string>;
}

/** A custom emoji as Mattermost describes it. */
export interface CustomEmojiRecord {
  id: string;
  creator_id: string;
  name: string;
  create_at: number;
}

/**
 * Typed Mattermost operations acting as one user, with that user's token. Reads are cached where it
 * is safe (users, channels, teams; per viewing user, so one user's access never leaks to another),
 * retried on transient faults, rate limited and timed out. Tools use only this.
 */
export interface UserGateway {
  /** The id of the user this gateway acts as. */
  readonly userId: string;

  // Users
  getMe(): Promise<UserProfile>;
  getUser(userId: string): Promise<UserProfile>;
  getUserByUsername(username: string): Promise<UserProfile>;
  getUserByEmail(email: string): Promise<UserProfile>;
  /** Many users in one request (`POST /users/ids`), cached ones first; unknown ids are left out. */
  getUsersByIds(userIds: readonly string[]): Promise<Map<string, UserProfile>>;
  searchUsers(term: string, limit?: number): Promise<UserProfile[]>;
  getStatus(userId: string): Promise<UserStatus>;
  /** Statuses of many users in one request (`POST /users/status/ids`). */
  getStatusesByIds(userIds: readonly string[]): Promise<UserStatus[]>;

  // Teams
  getMyTeams(): Promise<Team[]>;
  getTeam(teamId: string): Promise<Team>;
  getTeamByName(name: string): Promise<Team>;

  // Channels
  /** The channels of a team the user is a member of (includes DMs and group messages). */
  getMyChannels(teamId: string): Promise<ServerChannel[]>;
  getChannel(channelId: string): Promise<ServerChannel>;
  getChannelByName(teamId: string, channelName: string): Promise<ServerChannel>;
  /** The direct-message channel with another user, created when it does not exist yet. */
  getOrCreateDirectChannel(otherUserId: string): Promise<ServerChannel>;
  getMyChannelMember(channelId: string): Promise<ChannelMembership>;
  /** The user's memberships (last viewed, mention counts) in every channel of a team. */
  getMyChannelMembers(teamId: string): Promise<ChannelMembership[]>;

  // Channels (management, membership, unreads, bookmarks)
  createChannel(channel: NewChannel): Promise<ServerChannel>;
  /** Changes display name, header or purpose (`PUT /channels/{id}/patch`). */
  patchChannel(
    channelId: string,
    patch: { display_name?: string; header?: string; purpose?: string },
  ): Promise<ServerChannel>;
  archiveChannel(channelId: string): Promise<void>;
  restoreChannel(channelId: string): Promise<ServerChannel>;
  setChannelPrivacy(channelId: string, isPrivate: boolean): Promise<ServerChannel>;
  addChannelMember(channelId: string, userId: string): Promise<ChannelMembership>;
  removeChannelMember(channelId: string, userId: string): Promise<void>;
  getChannelMembers(channelId: string, page: number, perPage: number): Promise<ChannelMembership[]>;
  getChannelStats(channelId: string): Promise<ChannelStats>;
  /** The group message of the user with these others (2 to 7), created when it does not exist yet. */
  getOrCreateGroupChannel(otherUserIds: readonly string[]): Promise<ServerChannel>;
  /** Public channels of a team, a page at a time (`GET /teams/{id}/channels`). */
  getPublicChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]>;
  /** Public channels of a team whose name or display name matches a term. */
  searchPublicChannels(teamId: string, term: string): Promise<ServerChannel[]>;
  /** Marks a channel read for the user (`POST /channels/members/me/view`). */
  viewChannel(channelId: string): Promise<void>;
  getChannelBookmarks(channelId: string): Promise<ChannelBookmark[]>;
  addChannelBookmark(
    channelId: string,
    bookmark: { displayName: string; linkUrl: string; emoji?: string },
  ): Promise<ChannelBookmark>;
  removeChannelBookmark(channelId: string, bookmarkId: string): Promise<void>;

  // Channels (notification preferences, archived channels, unread marks)
  /** Changes the user's notification settings in a channel (`PUT /channels/{id}/members/{uid}/notify_props`). */
  setMyChannelNotifyProps(channelId: string, props: Record<string, string>): Promise<void>;
  /** Archived channels of a team the user may see (`GET /teams/{id}/channels/deleted`). */
  getArchivedChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]>;
  /** Marks a post and everything after it unread for the user (`POST /users/{uid}/posts/{pid}/set_unread`). */
  markPostUnread(postId: string): Promise<void>;

  // Channels (favorites, kept as preferences of category favorite_channel)
  /** Marks a channel favorite for the user, or removes the mark. */
  setChannelFavorite(channelId: string, favorite: boolean): Promise<void>;
  /** The user's preferences of one category (`GET /users/me/preferences`, filtered). */
  getMyPreferences(category: string): Promise<{ name: string; value: string }[]>;

  // Reactions (custom emojis)
  /** Custom emojis of the server by name, a page at a time (`GET /emoji?sort=name`). */
  getCustomEmojis(page: number, perPage: number): Promise<CustomEmojiRecord[]>;
  /** Custom emojis whose name contains a term (`POST /emoji/search`). */
  searchCustomEmojis(term: string): Promise<CustomEmojiRecord[]>;

  // Teams (membership, directory)
  getTeamMembers(teamId: string, page: number, perPage: number): Promise<TeamMembership[]>;
  addTeamMember(teamId: string, userId: string): Promise<TeamMembership>;
  removeTeamMember(teamId: string, userId: string): Promise<void>;
  /** Teams the user may see: open teams and their own; every team for a system admin. */
  getTeams(page: number, perPage: number): Promise<Team[]>;

  // Teams (statistics)
  /** Member counts of a team (`GET /teams/{id}/stats`); members of the team only. */
  getTeamStats(
    teamId: string,
  ): Promise<{ total_member_count: number; active_member_count: number }>;

  // Users (status, custom status, own profile)
  /** Many users by username in one request (`POST /users/usernames`); unknown names are left out. */
  getUsersByUsernames(usernames: readonly string[]): Promise<UserProfile[]>;
  /** `dndEndTime` in Unix seconds, as Mattermost keeps it, for a timed "do not disturb". */
  setMyStatus(status: string, dndEndTime?: number): Promise<UserStatus>;
  setMyCustomStatus(custom: { emoji: string; text: string; expiresAt?: string }): Promise<void>;
  clearMyCustomStatus(): Promise<void>;
  patchMe(patch: {
    nickname?: string;
    position?: string;
    first_name?: string;
    last_name?: string;
    /** Replaces the profile props (the bridge's bot advertises its URL there). */
    props?: Record<string, string>;
  }): Promise<UserProfile>;

  // Admin (system admins only; Mattermost answers 403 to anyone else)
  ping(): Promise<ServerPing>;
  /** The full server configuration; callers must redact secrets before showing any of it. */
  getConfig(): Promise<Record<string, unknown>>;
  getAnalytics(name?: string, teamId?: string): Promise<AnalyticsRow[]>;
  listUsers(options: {
    page: number;
    perPage: number;
    inactive?: boolean;
    role?: string;
  }): Promise<UserProfile[]>;
  setUserActive(userId: string, active: boolean): Promise<void>;
  setUserRoles(userId: string, roles: string): Promise<void>;
  getBots(page: number, perPage: number, includeDisabled: boolean): Promise<Bot[]>;
  createBot(bot: { username: string; displayName?: string; description?: string }): Promise<Bot>;
  disableBot(botUserId: string): Promise<Bot>;
  getIncomingWebhooks(teamId: string, page: number, perPage: number): Promise<IncomingWebhook[]>;
  getOutgoingWebhooks(
    options: { teamId?: string; channelId?: string },
    page: number,
    perPage: number,
  ): Promise<OutgoingWebhook[]>;
  getIncomingWebhook(hookId: string): Promise<IncomingWebhook>;
  getOutgoingWebhook(hookId: string): Promise<OutgoingWebhook>;
  createOutgoingWebhook(hook: NewOutgoingWebhook): Promise<OutgoingWebhook>;
  deleteIncomingWebhook(hookId: string): Promise<void>;
  deleteOutgoingWebhook(hookId: string): Promise<void>;
  getUserAccessTokens(userId: string, page: number, perPage: number): Promise<UserAccessToken[]>;
  revokeUserAccessToken(tokenId: string): Promise<void>;

  // Posts
  /** The newest posts of a channel (`before` a post id for older pages), as Mattermost lists them. */
  getPosts(channelId: string, options: { perPage: number; before?: string }): Promise<PostList>;
  /** Posts created or changed since a time (Unix ms). */
  getPostsSince(channelId: string, sinceMs: number): Promise<PostList>;
  /** A root post and all its replies. */
  getPostThread(postId: string): Promise<PostList>;
  getPost(postId: string): Promise<Post>;
  /** Creates a post once, even when the request has to be retried. */
  createPost(post: NewPost): Promise<Post>;
  /** Mattermost's post search (its own syntax: `from:`, `in:`, quotes, ...) within a team. */
  searchPosts(
    teamId: string,
    terms: string,
    options?: { page?: number; perPage?: number },
  ): Promise<PostSearchResults>;

  // Files
  getFileInfo(fileId: string): Promise<FileInfo>;
  /** A file's content, refused above `maxBytes` (default 10 MiB). */
  getFileContent(fileId: string, maxBytes?: number): Promise<Buffer>;

  // Reactions
  addReaction(postId: string, emojiName: string): Promise<Reaction>;

  // Posts, threads, reactions, search, files, scheduled messages (the message tools)
  /** Posts of a channel just newer than a post (oldest first in `order` reversed, as Mattermost lists). */
  getPostsAfter(channelId: string, postId: string, perPage: number): Promise<PostList>;
  /** Posts of a channel just older than a post. */
  getPostsBefore(channelId: string, postId: string, perPage: number): Promise<PostList>;
  /** Changes the text of a post (`PUT /posts/{id}/patch`). */
  patchPost(postId: string, message: string, props?: Record<string, unknown>): Promise<Post>;
  deletePost(postId: string): Promise<void>;
  pinPost(postId: string): Promise<void>;
  unpinPost(postId: string): Promise<void>;
  getPinnedPosts(channelId: string): Promise<PostList>;
  /** Saved ("flagged") posts of the user, newest first. */
  getSavedPosts(options: { page: number; perPage: number }): Promise<PostList>;
  /** Saves or unsaves a post: the preference `flagged_post`/<post id>. */
  setPostSaved(postId: string, saved: boolean): Promise<void>;
  acknowledgePost(postId: string): Promise<void>;
  unacknowledgePost(postId: string): Promise<void>;
  /** A post reminder; Mattermost's system bot messages the user at `targetSeconds` (Unix seconds). */
  setPostReminder(postId: string, targetSeconds: number): Promise<void>;
  /** The user's followed threads in a team (includes direct and group messages). */
  getUserThreads(
    teamId: string,
    options: { before?: string; perPage: number; unreadOnly: boolean; since?: number },
  ): Promise<UserThreadList>;
  setThreadFollowing(teamId: string, rootId: string, following: boolean): Promise<void>;
  /** Marks a thread read up to `timestampMs`. */
  markThreadRead(teamId: string, rootId: string, timestampMs: number): Promise<UserThread>;
  removeReaction(postId: string, emojiName: string): Promise<void>;
  getReactions(postId: string): Promise<Reaction[]>;
  /** Post search with the OR switch; `teamId` empty searches every team of the user. */
  searchPostsPage(
    teamId: string,
    terms: string,
    options: { isOrSearch: boolean; page: number; perPage: number },
  ): Promise<PostSearchResults>;
  /** File search (names, `ext:`, `from:`, `in:`); `teamId` empty searches every team. */
  searchFiles(
    teamId: string,
    terms: string,
    options: { page: number; perPage: number },
  ): Promise<FileSearchPage>;
  /** Uploads one file to a channel (not yet attached to a post). */
  uploadFile(channelId: string, filename: string, data: Buffer): Promise<FileInfo>;
  /** Creates a post with attached files, once even when retried. */
  createPostWithFiles(post: NewPost & { fileIds: readonly string[] }): Promise<Post>;
  /** Mattermost's client configuration (`GET /config/client?format=old`), for limits such as MaxFileSize. */
  getClientConfig(): Promise<Record<string, string>>;
  createScheduledPost(post: NewScheduledPost): Promise<ScheduledPost>;
  /** Scheduled posts of the user in a team, with those of direct and group messages. */
  getScheduledPosts(teamId: string): Promise<Record<string, ScheduledPost[]>>;
  updateScheduledPost(post: ScheduledPost): Promise<ScheduledPost>;
  deleteScheduledPost(scheduledPostId: string): Promise<ScheduledPost>;
}
