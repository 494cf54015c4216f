import { getBinary, requestJson, type Client4 } from './mattermost-client.js';
import { GatewayCaches } from './caches.js';
import type { UpstreamCaller } from './upstream.js';
import { MattermostError } from './types.js';
import type {
  ChannelMembership,
  FileInfo,
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

/** Mattermost rejects more ids than this in one `POST /users/ids`. */
const MAX_IDS_PER_REQUEST = 200;

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
    const pendingPostId = `${this.userId}:${Date.now()}`;
    return this.run('posts.create', true, (c) =>
      c.createPost({
        channel_id: post.channelId,
        message: post.message,
        root_id: post.rootId ?? '',
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
}
