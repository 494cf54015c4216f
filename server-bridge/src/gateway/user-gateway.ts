import type { Channel, ChannelMembership, ServerChannel } from '@mattermost/types/channels';
import type { FileInfo } from '@mattermost/types/files';
import type { Post, PostList, PostSearchResults } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
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
  ServerChannel,
  Team,
  UserProfile,
  UserStatus,
};

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
}
