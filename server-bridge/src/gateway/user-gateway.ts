import type { Channel, ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { FileInfo } from '@mattermost/types/files';
import type { Post, PostList, PostSearchResults } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { ScheduledPost } from '@mattermost/types/schedule_post';
import type { UserThread, UserThreadList } from '@mattermost/types/threads';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile, UserStatus } from '@mattermost/types/users';

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
}

/** What a send needs; the gateway adds the `pending_post_id` that makes a retried send safe. */
export interface NewPost {
  channelId: string;
  message: string;
  rootId?: string;
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
  patchPost(postId: string, message: string): Promise<Post>;
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
