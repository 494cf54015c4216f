import { getBinary, requestJson, type Client4 } from './mattermost-client.js';
import { GatewayCaches } from './caches.js';
import type { UpstreamCaller } from './upstream.js';
import { MattermostError } from './types.js';
import type {
  ChannelMembership,
  FileInfo,
  FileSearchPage,
  NewScheduledPost,
  ScheduledPost,
  UserThread,
  UserThreadList,
  NewPost,
  PostSearchResults,
  UserStatus,
  Post,
  PostList,
  Reaction,
  ServerChannel,
  Team,
  UserGateway,
  UserProfile,
} from './user-gateway.js';
import type {
  AnalyticsRow,
  Bot,
  ChannelBookmark,
  ChannelStats,
  CustomEmojiRecord,
  IncomingWebhook,
  NewChannel,
  NewOutgoingWebhook,
  OutgoingWebhook,
  ServerPing,
  TeamMembership,
  UserAccessToken,
} from './user-gateway.js';

/** Mattermost rejects more ids than this in one `POST /users/ids`. */
const MAX_IDS_PER_REQUEST = 200;

let lastPendingAt = 0;

/**
 * Mattermost's `<user id>:<time>` pending post id, with a time never handed out twice by this process:
 * two sends of one user in the same millisecond (parallel tool calls) would otherwise share an id, and
 * Mattermost would answer the second with the first one's post.
 */
function nextPendingPostId(userId: string): string {
  lastPendingAt = Math.max(Date.now(), lastPendingAt + 1);
  return `${userId}:${lastPendingAt}`;
}

/** The UserGateway acting as one user through that user's own Client4. */
export class MattermostUserGateway implements UserGateway {
  constructor(
    readonly userId: string,
    private readonly client: Client4,
    private readonly upstream: UpstreamCaller,
    private readonly caches: GatewayCaches,
    /** Called when Mattermost refuses the token, so the next request verifies it again. */
    private readonly onUnauthorized: () => void,
  ) {}

  private async run<T>(
    operation: string,
    retry: boolean,
    fn: (client: Client4) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.upstream.call(this.userId, operation, retry, () => fn(this.client));
    } catch (err) {
      if (err instanceof MattermostError && err.status === 401) this.onUnauthorized();
      throw err;
    }
  }

  private read<T>(operation: string, fn: (client: Client4) => Promise<T>): Promise<T> {
    return this.run(operation, true, fn);
  }

  private key(id: string): string {
    return GatewayCaches.key(this.userId, id);
  }

  private rememberUser(user: UserProfile): UserProfile {
    this.caches.users.set(this.key(user.id), user);
    return user;
  }

  private rememberChannel(channel: ServerChannel): ServerChannel {
    this.caches.channels.set(this.key(channel.id), channel);
    return channel;
  }

  private rememberTeam(team: Team): Team {
    this.caches.teams.set(this.key(team.id), team);
    return team;
  }

  // Users

  async getMe(): Promise<UserProfile> {
    return this.rememberUser(await this.read('users.get_me', (c) => c.getMe()));
  }

  async getUser(userId: string): Promise<UserProfile> {
    const cached = this.caches.users.get(this.key(userId));
    if (cached) return cached;
    return this.rememberUser(await this.read('users.get', (c) => c.getUser(userId)));
  }

  async getUserByUsername(username: string): Promise<UserProfile> {
    return this.rememberUser(
      await this.read('users.get_by_username', (c) =>
        c.getUserByUsername(encodeURIComponent(username)),
      ),
    );
  }

  async getUserByEmail(email: string): Promise<UserProfile> {
    return this.rememberUser(
      await this.read('users.get_by_email', (c) => c.getUserByEmail(encodeURIComponent(email))),
    );
  }

  async getUsersByIds(userIds: readonly string[]): Promise<Map<string, UserProfile>> {
    const found = new Map<string, UserProfile>();
    const missing: string[] = [];
    for (const id of new Set(userIds)) {
      const cached = this.caches.users.get(this.key(id));
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (let start = 0; start < missing.length; start += MAX_IDS_PER_REQUEST) {
      const chunk = missing.slice(start, start + MAX_IDS_PER_REQUEST);
      const users = await this.read('users.get_by_ids', (c) => c.getProfilesByIds(chunk));
      for (const user of users) found.set(user.id, this.rememberUser(user));
    }
    return found;
  }

  async searchUsers(term: string, limit = 20): Promise<UserProfile[]> {
    const users = await this.read('users.search', (c) => c.searchUsers(term, { limit }));
    return users.map((user) => this.rememberUser(user));
  }

  getStatus(userId: string): Promise<UserStatus> {
    return this.read('users.get_status', (c) => c.getStatus(userId));
  }

  async getStatusesByIds(userIds: readonly string[]): Promise<UserStatus[]> {
    const ids = [...new Set(userIds)];
    const statuses: UserStatus[] = [];
    for (let start = 0; start < ids.length; start += MAX_IDS_PER_REQUEST) {
      const chunk = ids.slice(start, start + MAX_IDS_PER_REQUEST);
      statuses.push(...(await this.read('users.get_statuses', (c) => c.getStatusesByIds(chunk))));
    }
    return statuses;
  }

  // Teams

  async getMyTeams(): Promise<Team[]> {
    const teams = await this.read('teams.get_mine', (c) => c.getMyTeams());
    return teams.map((team) => this.rememberTeam(team));
  }

  async getTeam(teamId: string): Promise<Team> {
    const cached = this.caches.teams.get(this.key(teamId));
    if (cached) return cached;
    return this.rememberTeam(await this.read('teams.get', (c) => c.getTeam(teamId)));
  }

  async getTeamByName(name: string): Promise<Team> {
    return this.rememberTeam(
      await this.read('teams.get_by_name', (c) => c.getTeamByName(encodeURIComponent(name))),
    );
  }

  // Channels

  async getMyChannels(teamId: string): Promise<ServerChannel[]> {
    const channels = await this.read('channels.get_mine', (c) => c.getMyChannels(teamId));
    return channels.map((channel) => this.rememberChannel(channel));
  }

  async getChannel(channelId: string): Promise<ServerChannel> {
    const cached = this.caches.channels.get(this.key(channelId));
    if (cached) return cached;
    return this.rememberChannel(await this.read('channels.get', (c) => c.getChannel(channelId)));
  }

  async getChannelByName(teamId: string, channelName: string): Promise<ServerChannel> {
    return this.rememberChannel(
      await this.read('channels.get_by_name', (c) =>
        c.getChannelByName(teamId, encodeURIComponent(channelName)),
      ),
    );
  }

  async getOrCreateDirectChannel(otherUserId: string): Promise<ServerChannel> {
    // Mattermost returns the existing DM when there is one, so repeating this is safe.
    return this.rememberChannel(
      await this.read('channels.create_direct', (c) =>
        c.createDirectChannel([this.userId, otherUserId]),
      ),
    );
  }

  getMyChannelMember(channelId: string): Promise<ChannelMembership> {
    return this.read('channels.get_my_member', (c) => c.getMyChannelMember(channelId));
  }

  getMyChannelMembers(teamId: string): Promise<ChannelMembership[]> {
    return this.read('channels.get_my_members', (c) => c.getMyChannelMembers(teamId));
  }

  // Channels (management, membership, unreads, bookmarks)

  /**
   * Drops every viewer's cached copy of a channel after a change, so the next read by anyone is
   * fresh, and keeps this viewer's new copy when there is one.
   */
  private channelChanged(channelId: string, fresh?: ServerChannel): void {
    for (const key of this.caches.channels.keys()) {
      if (key.endsWith(`:${channelId}`)) this.caches.channels.delete(key);
    }
    if (fresh) this.rememberChannel(fresh);
  }

  async createChannel(channel: NewChannel): Promise<ServerChannel> {
    return this.rememberChannel(
      await this.run('channels.create', false, (c) =>
        c.createChannel({
          team_id: channel.teamId,
          name: channel.name,
          display_name: channel.displayName,
          type: channel.type,
          purpose: channel.purpose ?? '',
          header: channel.header ?? '',
        }),
      ),
    );
  }

  async patchChannel(
    channelId: string,
    patch: { display_name?: string; header?: string; purpose?: string },
  ): Promise<ServerChannel> {
    // Setting the same values again leaves the same channel: safe to retry.
    const channel = await this.run('channels.patch', true, (c) => c.patchChannel(channelId, patch));
    this.channelChanged(channelId, channel);
    return channel;
  }

  async archiveChannel(channelId: string): Promise<void> {
    await this.run('channels.archive', false, (c) => c.deleteChannel(channelId));
    this.channelChanged(channelId);
  }

  async restoreChannel(channelId: string): Promise<ServerChannel> {
    const channel = await this.run('channels.restore', false, (c) => c.unarchiveChannel(channelId));
    this.channelChanged(channelId, channel);
    return channel;
  }

  async setChannelPrivacy(channelId: string, isPrivate: boolean): Promise<ServerChannel> {
    const channel = await this.run('channels.privacy', true, (c) =>
      c.updateChannelPrivacy(channelId, isPrivate ? 'P' : 'O'),
    );
    this.channelChanged(channelId, channel);
    return channel;
  }

  async addChannelMember(channelId: string, userId: string): Promise<ChannelMembership> {
    // Adding a member twice answers the existing membership: safe to retry.
    const member = await this.run('channels.add_member', true, (c) =>
      c.addToChannel(userId, channelId),
    );
    this.channelChanged(channelId);
    return member;
  }

  async removeChannelMember(channelId: string, userId: string): Promise<void> {
    await this.run('channels.remove_member', false, (c) => c.removeFromChannel(userId, channelId));
    this.channelChanged(channelId);
  }

  getChannelMembers(
    channelId: string,
    page: number,
    perPage: number,
  ): Promise<ChannelMembership[]> {
    return this.read('channels.get_members', (c) => c.getChannelMembers(channelId, page, perPage));
  }

  getChannelStats(channelId: string): Promise<ChannelStats> {
    return this.read('channels.get_stats', (c) => c.getChannelStats(channelId, true));
  }

  async getOrCreateGroupChannel(otherUserIds: readonly string[]): Promise<ServerChannel> {
    // Mattermost returns the existing group message for the same people, so repeating is safe.
    return this.rememberChannel(
      await this.read('channels.create_group', (c) =>
        c.createGroupChannel([this.userId, ...otherUserIds]),
      ),
    );
  }

  async getPublicChannels(teamId: string, page: number, perPage: number): Promise<ServerChannel[]> {
    const channels = await this.read('channels.get_public', (c) =>
      c.getChannels(teamId, page, perPage),
    );
    return channels.map((channel) => this.rememberChannel(channel));
  }

  async searchPublicChannels(teamId: string, term: string): Promise<ServerChannel[]> {
    const channels = await this.read('channels.search', (c) => c.searchChannels(teamId, term));
    return (channels as ServerChannel[]).map((channel) => this.rememberChannel(channel));
  }

  async viewChannel(channelId: string): Promise<void> {
    await this.run('channels.view', true, (c) => c.viewMyChannel(channelId));
  }

  getChannelBookmarks(channelId: string): Promise<ChannelBookmark[]> {
    return this.read('bookmarks.get', (c) => c.getChannelBookmarks(channelId));
  }

  addChannelBookmark(
    channelId: string,
    bookmark: { displayName: string; linkUrl: string; emoji?: string },
  ): Promise<ChannelBookmark> {
    return this.run('bookmarks.add', false, (c) =>
      c.createChannelBookmark(
        channelId,
        {
          type: 'link',
          display_name: bookmark.displayName,
          link_url: bookmark.linkUrl,
          ...(bookmark.emoji ? { emoji: bookmark.emoji } : {}),
        },
        '',
      ),
    );
  }

  async removeChannelBookmark(channelId: string, bookmarkId: string): Promise<void> {
    await this.run('bookmarks.remove', false, (c) =>
      c.deleteChannelBookmark(channelId, bookmarkId, ''),
    );
  }

  // Channels (notification preferences, archived channels, unread marks)

  async setMyChannelNotifyProps(channelId: string, props: Record<string, string>): Promise<void> {
    // Setting the same values twice leaves the same state: safe to retry.
    await this.run('channels.notify_props', true, (c) =>
      c.updateChannelNotifyProps({
        channel_id: channelId,
        user_id: this.userId,
        ...props,
      } as never),
    );
  }

  async getArchivedChannels(
    teamId: string,
    page: number,
    perPage: number,
  ): Promise<ServerChannel[]> {
    const channels = await this.read('channels.get_archived', (c) =>
      c.getArchivedChannels(teamId, page, perPage),
    );
    return channels.map((channel) => this.rememberChannel(channel));
  }

  async markPostUnread(postId: string): Promise<void> {
    // Setting the unread mark at the same post twice gives the same state: safe to retry.
    await this.run('posts.set_unread', true, (c) => c.markPostAsUnread(this.userId, postId));
  }

  // Channels (favorites, kept as preferences of category favorite_channel)

  async setChannelFavorite(channelId: string, favorite: boolean): Promise<void> {
    const preference = {
      user_id: this.userId,
      category: 'favorite_channel',
      name: channelId,
      value: 'true',
    };
    // Saving or deleting the same preference twice leaves the same state: safe to retry.
    await (favorite
      ? this.run('preferences.save', true, (c) => c.savePreferences(this.userId, [preference]))
      : this.run('preferences.delete', true, (c) =>
          c.deletePreferences(this.userId, [preference]),
        ));
  }

  async getMyPreferences(category: string): Promise<{ name: string; value: string }[]> {
    // Client4 types the answer as one preference; Mattermost answers the list.
    const preferences = (await this.read('preferences.get', (c) =>
      c.getMyPreferences(),
    )) as unknown as { category: string; name: string; value: string }[];
    return preferences
      .filter((preference) => preference.category === category)
      .map(({ name, value }) => ({ name, value }));
  }

  // Reactions (custom emojis)

  getCustomEmojis(page: number, perPage: number): Promise<CustomEmojiRecord[]> {
    return this.read('emojis.get', (c) => c.getCustomEmojis(page, perPage, 'name'));
  }

  searchCustomEmojis(term: string): Promise<CustomEmojiRecord[]> {
    return this.read('emojis.search', (c) => c.searchCustomEmoji(term, { prefix_only: false }));
  }

  // Teams (membership, directory)

  private teamChanged(teamId: string): void {
    for (const key of this.caches.teams.keys()) {
      if (key.endsWith(`:${teamId}`)) this.caches.teams.delete(key);
    }
  }

  getTeamMembers(teamId: string, page: number, perPage: number): Promise<TeamMembership[]> {
    return this.read('teams.get_members', (c) => c.getTeamMembers(teamId, page, perPage));
  }

  async addTeamMember(teamId: string, userId: string): Promise<TeamMembership> {
    // Adding a member twice answers the existing membership: safe to retry.
    const member = await this.run('teams.add_member', true, (c) => c.addToTeam(teamId, userId));
    this.teamChanged(teamId);
    return member;
  }

  async removeTeamMember(teamId: string, userId: string): Promise<void> {
    await this.run('teams.remove_member', false, (c) => c.removeFromTeam(teamId, userId));
    this.teamChanged(teamId);
    // The user's view of the team's channels changes with the membership.
    for (const [key, channel] of this.caches.channels.entries()) {
      if (channel.team_id === teamId) this.caches.channels.delete(key);
    }
  }

  async getTeams(page: number, perPage: number): Promise<Team[]> {
    const teams = (await this.read('teams.get_all', (c) => c.getTeams(page, perPage))) as Team[];
    return teams.map((team) => this.rememberTeam(team));
  }

  // Teams (statistics)

  getTeamStats(
    teamId: string,
  ): Promise<{ total_member_count: number; active_member_count: number }> {
    return this.read('teams.get_stats', (c) => c.getTeamStats(teamId));
  }

  // Users (status, custom status, own profile)

  private userChanged(userId: string, fresh?: UserProfile): void {
    for (const key of this.caches.users.keys()) {
      if (key.endsWith(`:${userId}`)) this.caches.users.delete(key);
    }
    if (fresh) this.rememberUser(fresh);
  }

  async getUsersByUsernames(usernames: readonly string[]): Promise<UserProfile[]> {
    const names = [...new Set(usernames)];
    const users: UserProfile[] = [];
    for (let start = 0; start < names.length; start += MAX_IDS_PER_REQUEST) {
      const chunk = names.slice(start, start + MAX_IDS_PER_REQUEST);
      const found = await this.read('users.get_by_usernames', (c) =>
        c.getProfilesByUsernames(chunk),
      );
      users.push(...found.map((user) => this.rememberUser(user)));
    }
    return users;
  }

  setMyStatus(status: string, dndEndTime?: number): Promise<UserStatus> {
    return this.run('users.set_status', true, (c) =>
      c.updateStatus({
        user_id: this.userId,
        status,
        ...(dndEndTime ? { dnd_end_time: dndEndTime } : {}),
      }),
    );
  }

  async setMyCustomStatus(custom: {
    emoji: string;
    text: string;
    expiresAt?: string;
  }): Promise<void> {
    await this.run('users.set_custom_status', true, (c) =>
      c.updateCustomStatus({
        emoji: custom.emoji,
        text: custom.text,
        duration: (custom.expiresAt ? 'date_and_time' : '') as never,
        ...(custom.expiresAt ? { expires_at: custom.expiresAt } : {}),
      }),
    );
    this.userChanged(this.userId);
  }

  async clearMyCustomStatus(): Promise<void> {
    await this.run('users.clear_custom_status', true, (c) => c.unsetCustomStatus());
    this.userChanged(this.userId);
  }

  async patchMe(patch: {
    nickname?: string;
    position?: string;
    first_name?: string;
    last_name?: string;
    /** Replaces the profile props (the bridge's bot advertises its URL there). */
    props?: Record<string, string>;
  }): Promise<UserProfile> {
    const user = await this.run('users.patch_me', true, (c) => c.patchMe(patch));
    this.userChanged(this.userId, user);
    return user;
  }

  // Admin (system admins only; Mattermost answers 403 to anyone else)

  ping(): Promise<ServerPing> {
    return this.read('system.ping', (c) => c.ping(true)) as Promise<ServerPing>;
  }

  async getConfig(): Promise<Record<string, unknown>> {
    return (await this.read('system.get_config', (c) => c.getConfig())) as unknown as Record<
      string,
      unknown
    >;
  }

  getAnalytics(name = 'standard', teamId = ''): Promise<AnalyticsRow[]> {
    return this.read('system.get_analytics', (c) => c.getAnalytics(name, teamId));
  }

  async listUsers(options: {
    page: number;
    perPage: number;
    inactive?: boolean;
    role?: string;
  }): Promise<UserProfile[]> {
    const users = await this.read('users.list', (c) =>
      c.getProfiles(options.page, options.perPage, {
        ...(options.inactive ? { inactive: true } : {}),
        ...(options.role ? { role: options.role } : {}),
      }),
    );
    return users.map((user) => this.rememberUser(user));
  }

  async setUserActive(userId: string, active: boolean): Promise<void> {
    await this.run('users.set_active', true, (c) => c.updateUserActive(userId, active));
    this.userChanged(userId);
  }

  async setUserRoles(userId: string, roles: string): Promise<void> {
    await this.run('users.set_roles', true, (c) => c.updateUserRoles(userId, roles));
    this.userChanged(userId);
  }

  getBots(page: number, perPage: number, includeDisabled: boolean): Promise<Bot[]> {
    return includeDisabled
      ? this.read('bots.get_all', (c) => c.getBotsIncludeDeleted(page, perPage))
      : this.read('bots.get', (c) => c.getBots(page, perPage));
  }

  createBot(bot: { username: string; displayName?: string; description?: string }): Promise<Bot> {
    return this.run('bots.create', false, (c) =>
      c.createBot({
        username: bot.username,
        display_name: bot.displayName ?? '',
        description: bot.description ?? '',
      }),
    );
  }

  async disableBot(botUserId: string): Promise<Bot> {
    const bot = await this.run('bots.disable', true, (c) => c.disableBot(botUserId));
    this.userChanged(botUserId);
    return bot;
  }

  async getIncomingWebhooks(
    teamId: string,
    page: number,
    perPage: number,
  ): Promise<IncomingWebhook[]> {
    const hooks = await this.read('webhooks.get_incoming', (c) =>
      c.getIncomingWebhooks(teamId, page, perPage),
    );
    return Array.isArray(hooks) ? hooks : hooks.incoming_webhooks;
  }

  getOutgoingWebhooks(
    options: { teamId?: string; channelId?: string },
    page: number,
    perPage: number,
  ): Promise<OutgoingWebhook[]> {
    return this.read('webhooks.get_outgoing', (c) =>
      c.getOutgoingWebhooks(options.channelId ?? '', options.teamId ?? '', page, perPage),
    );
  }

  getIncomingWebhook(hookId: string): Promise<IncomingWebhook> {
    return this.read('webhooks.get_incoming_one', (c) => c.getIncomingWebhook(hookId));
  }

  getOutgoingWebhook(hookId: string): Promise<OutgoingWebhook> {
    return this.read('webhooks.get_outgoing_one', (c) => c.getOutgoingWebhook(hookId));
  }

  createOutgoingWebhook(hook: NewOutgoingWebhook): Promise<OutgoingWebhook> {
    return this.run('webhooks.create_outgoing', false, (c) =>
      c.createOutgoingWebhook({
        team_id: hook.teamId,
        channel_id: hook.channelId ?? '',
        trigger_words: hook.triggerWords,
        trigger_when: 0,
        callback_urls: hook.callbackUrls,
        display_name: hook.displayName ?? '',
        description: '',
        content_type: hook.contentType ?? 'application/json',
      } as OutgoingWebhook),
    );
  }

  async deleteIncomingWebhook(hookId: string): Promise<void> {
    await this.run('webhooks.delete_incoming', false, (c) => c.removeIncomingWebhook(hookId));
  }

  async deleteOutgoingWebhook(hookId: string): Promise<void> {
    await this.run('webhooks.delete_outgoing', false, (c) => c.removeOutgoingWebhook(hookId));
  }

  getUserAccessTokens(userId: string, page: number, perPage: number): Promise<UserAccessToken[]> {
    return this.read('tokens.get_for_user', (c) =>
      c.getUserAccessTokensForUser(userId, page, perPage),
    );
  }

  async revokeUserAccessToken(tokenId: string): Promise<void> {
    await this.run('tokens.revoke', false, (c) => c.revokeUserAccessToken(tokenId));
  }

  // Posts

  getPosts(channelId: string, options: { perPage: number; before?: string }): Promise<PostList> {
    const { perPage, before } = options;
    return before
      ? this.read('posts.get_before', (c) => c.getPostsBefore(channelId, before, 0, perPage, false))
      : this.read('posts.get', (c) => c.getPosts(channelId, 0, perPage, false));
  }

  getPostsSince(channelId: string, sinceMs: number): Promise<PostList> {
    return this.read('posts.get_since', (c) => c.getPostsSince(channelId, sinceMs, false));
  }

  getPostThread(postId: string): Promise<PostList> {
    return this.read('posts.get_thread', (c) =>
      c.getPaginatedPostThread(postId, {
        fetchAll: true,
        fetchThreads: true,
        collapsedThreads: false,
      }),
    );
  }

  getPost(postId: string): Promise<Post> {
    return this.read('posts.get_one', (c) => c.getPost(postId));
  }

  createPost(post: NewPost): Promise<Post> {
    // One id per send, reused by every retry: Mattermost answers a repeat with the post it made.
    const pendingPostId = nextPendingPostId(this.userId);
    return this.run('posts.create', true, (c) =>
      c.createPost({
        channel_id: post.channelId,
        message: post.message,
        root_id: post.rootId ?? '',
        ...(post.props ? { props: post.props } : {}),
        pending_post_id: pendingPostId,
      }),
    );
  }

  searchPosts(
    teamId: string,
    terms: string,
    options: { page?: number; perPage?: number } = {},
  ): Promise<PostSearchResults> {
    return this.read('posts.search', (c) =>
      c.searchPostsWithParams(teamId, {
        terms,
        is_or_search: false,
        include_deleted_channels: false,
        page: options.page ?? 0,
        per_page: options.perPage ?? 20,
      }),
    );
  }

  // Files

  getFileInfo(fileId: string): Promise<FileInfo> {
    return this.read('files.get_info', (c) =>
      requestJson<FileInfo>(c, `${c.getFileRoute(fileId)}/info`),
    );
  }

  async getFileContent(fileId: string, maxBytes = 10 * 1024 * 1024): Promise<Buffer> {
    const file = await this.read('files.get_content', (c) =>
      getBinary(c, c.getFileRoute(fileId), maxBytes),
    );
    return file.data;
  }

  // Reactions

  addReaction(postId: string, emojiName: string): Promise<Reaction> {
    return this.run('reactions.add', false, (c) => c.addReaction(this.userId, postId, emojiName));
  }

  // Posts, threads, reactions, search, files, scheduled messages (the message tools)

  getPostsAfter(channelId: string, postId: string, perPage: number): Promise<PostList> {
    return this.read('posts.get_after', (c) =>
      c.getPostsAfter(channelId, postId, 0, perPage, false),
    );
  }

  getPostsBefore(channelId: string, postId: string, perPage: number): Promise<PostList> {
    return this.read('posts.get_before', (c) =>
      c.getPostsBefore(channelId, postId, 0, perPage, false),
    );
  }

  patchPost(postId: string, message: string, props?: Record<string, unknown>): Promise<Post> {
    // Setting the same text twice leaves the same post: safe to retry.
    return this.run('posts.patch', true, (c) =>
      c.patchPost({ id: postId, message, ...(props ? { props } : {}) }),
    );
  }

  async deletePost(postId: string): Promise<void> {
    await this.run('posts.delete', false, (c) => c.deletePost(postId));
  }

  async pinPost(postId: string): Promise<void> {
    await this.run('posts.pin', true, (c) => c.pinPost(postId));
  }

  async unpinPost(postId: string): Promise<void> {
    await this.run('posts.unpin', true, (c) => c.unpinPost(postId));
  }

  getPinnedPosts(channelId: string): Promise<PostList> {
    return this.read('posts.get_pinned', (c) => c.getPinnedPosts(channelId));
  }

  getSavedPosts(options: { page: number; perPage: number }): Promise<PostList> {
    return this.read('posts.get_flagged', (c) =>
      c.getFlaggedPosts(this.userId, '', '', options.page, options.perPage),
    );
  }

  async setPostSaved(postId: string, saved: boolean): Promise<void> {
    const preference = {
      user_id: this.userId,
      category: 'flagged_post',
      name: postId,
      value: 'true',
    };
    await (saved
      ? this.run('preferences.save', true, (c) => c.savePreferences(this.userId, [preference]))
      : this.run('preferences.delete', true, (c) =>
          c.deletePreferences(this.userId, [preference]),
        ));
  }

  async acknowledgePost(postId: string): Promise<void> {
    await this.run('posts.acknowledge', true, (c) => c.acknowledgePost(postId, this.userId));
  }

  async unacknowledgePost(postId: string): Promise<void> {
    await this.run('posts.unacknowledge', false, (c) => c.unacknowledgePost(postId, this.userId));
  }

  async setPostReminder(postId: string, targetSeconds: number): Promise<void> {
    // The server keeps one reminder per user and post: repeating the call replaces it.
    await this.run('posts.set_reminder', true, (c) =>
      c.addPostReminder(this.userId, postId, targetSeconds),
    );
  }

  getUserThreads(
    teamId: string,
    options: { before?: string; perPage: number; unreadOnly: boolean; since?: number },
  ): Promise<UserThreadList> {
    return this.read('threads.get_mine', (c) =>
      c.getUserThreads(this.userId, teamId, {
        before: options.before ?? '',
        perPage: options.perPage,
        unread: options.unreadOnly,
        since: options.since ?? 0,
        extended: false,
      }),
    );
  }

  async setThreadFollowing(teamId: string, rootId: string, following: boolean): Promise<void> {
    await this.run('threads.follow', true, (c) =>
      c.updateThreadFollowForUser(this.userId, teamId, rootId, following),
    );
  }

  markThreadRead(teamId: string, rootId: string, timestampMs: number): Promise<UserThread> {
    return this.run('threads.mark_read', true, (c) =>
      c.updateThreadReadForUser(this.userId, teamId, rootId, timestampMs),
    ) as Promise<UserThread>;
  }

  async removeReaction(postId: string, emojiName: string): Promise<void> {
    await this.run('reactions.remove', true, (c) =>
      c.removeReaction(this.userId, postId, encodeURIComponent(emojiName)),
    );
  }

  async getReactions(postId: string): Promise<Reaction[]> {
    return (await this.read('reactions.get', (c) => c.getReactionsForPost(postId))) ?? [];
  }

  searchPostsPage(
    teamId: string,
    terms: string,
    options: { isOrSearch: boolean; page: number; perPage: number },
  ): Promise<PostSearchResults> {
    return this.read('posts.search', (c) =>
      c.searchPostsWithParams(teamId, {
        terms,
        is_or_search: options.isOrSearch,
        include_deleted_channels: false,
        time_zone_offset: 0,
        page: options.page,
        per_page: options.perPage,
      }),
    );
  }

  async searchFiles(
    teamId: string,
    terms: string,
    options: { page: number; perPage: number },
  ): Promise<FileSearchPage> {
    const page = (await this.read('files.search', (c) =>
      c.searchFilesWithParams(teamId, {
        terms,
        is_or_search: false,
        include_deleted_channels: false,
        page: options.page,
        per_page: options.perPage,
      }),
    )) as unknown as FileSearchPage;
    return { order: page.order ?? [], file_infos: page.file_infos ?? {}, has_next: page.has_next };
  }

  async uploadFile(channelId: string, filename: string, data: Buffer): Promise<FileInfo> {
    const form = new FormData();
    // Mattermost reads channel_id before the files of a multipart upload.
    form.append('channel_id', channelId);
    form.append('files', new Blob([new Uint8Array(data)]), filename);
    const answer = await this.run('files.upload', false, (c) => c.uploadFile(form, false));
    const info = answer.file_infos?.[0];
    if (!info) throw new MattermostError('Mattermost stored no file.', 500);
    return info;
  }

  createPostWithFiles(post: NewPost & { fileIds: readonly string[] }): Promise<Post> {
    const pendingPostId = nextPendingPostId(this.userId);
    return this.run('posts.create', true, (c) =>
      c.createPost({
        channel_id: post.channelId,
        message: post.message,
        root_id: post.rootId ?? '',
        file_ids: [...post.fileIds],
        ...(post.props ? { props: post.props } : {}),
        pending_post_id: pendingPostId,
      }),
    );
  }

  async getClientConfig(): Promise<Record<string, string>> {
    return (await this.read('system.client_config', (c) =>
      c.getClientConfig(),
    )) as unknown as Record<string, string>;
  }

  async createScheduledPost(post: NewScheduledPost): Promise<ScheduledPost> {
    const now = Date.now();
    const answer = await this.run('scheduled.create', false, (c) =>
      c.createScheduledPost(
        {
          id: '',
          create_at: now,
          update_at: now,
          user_id: this.userId,
          channel_id: post.channelId,
          root_id: post.rootId ?? '',
          message: post.message,
          props: post.props ?? {},
          scheduled_at: post.scheduledAt,
        },
        '',
      ),
    );
    return answer.data;
  }

  async getScheduledPosts(teamId: string): Promise<Record<string, ScheduledPost[]>> {
    const answer = await this.read('scheduled.get', (c) => c.getScheduledPosts(teamId, true));
    return answer.data as unknown as Record<string, ScheduledPost[]>;
  }

  async updateScheduledPost(post: ScheduledPost): Promise<ScheduledPost> {
    const answer = await this.run('scheduled.update', true, (c) => c.updateScheduledPost(post, ''));
    return answer.data;
  }

  async deleteScheduledPost(scheduledPostId: string): Promise<ScheduledPost> {
    const answer = await this.run('scheduled.delete', false, (c) =>
      c.deleteScheduledPost(this.userId, scheduledPostId, ''),
    );
    return answer.data;
  }
}
