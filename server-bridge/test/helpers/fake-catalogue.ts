import { MattermostError } from '../../src/errors.js';
import type {
  ChannelCategory,
  ChannelMembership,
  Post,
  PostList,
  ServerChannel,
  UserGateway,
  UserProfile,
  UserPropertyField,
} from '../../src/gateway/user-gateway.js';
import { newId, type Workspace } from './fake-gateway.js';

/**
 * What the fake gateway needs for the channel directory, sidebar, unread line, profile attribute
 * and file link tools: a channel history with read marks, sidebar categories, attribute fields and
 * two server settings, answered as Mattermost answers them (counts of what is unread, root posts
 * only with collapsed threads, 403 with Mattermost's error ids where a feature is off).
 */
export class CatalogueFixtures {
  /** Channel id → posts, oldest first. */
  readonly posts = new Map<string, Post[]>();
  /** `<channel id>:<user id>` → when the user last read the channel. */
  readonly lastViewed = new Map<string, number>();
  /** `<user id>:<team id>` → the user's sidebar; a default one when absent. */
  readonly sidebars = new Map<string, ChannelCategory[]>();
  readonly fields: UserPropertyField[] = [];
  /** User id → attribute values by field id. */
  readonly values = new Map<string, Record<string, string | string[]>>();
  collapsedThreads: 'always_on' | 'disabled' = 'always_on';
  enterpriseLicence = false;
  publicLinks = false;
  private clock = 1_700_000_000_000;

  constructor(private readonly ws: Workspace) {
    ws.modelledElsewhere.push((viewer, mm) => this.operations(viewer, mm));
  }

  post(channel: ServerChannel, author: UserProfile, message: string, rootId = ''): Post {
    const post = {
      id: newId(),
      channel_id: channel.id,
      user_id: author.id,
      root_id: rootId,
      message,
      type: '',
      create_at: ++this.clock,
      update_at: this.clock,
      edit_at: 0,
      delete_at: 0,
      props: {},
      metadata: {},
    } as unknown as Post;
    this.posts.set(channel.id, [...(this.posts.get(channel.id) ?? []), post]);
    // The channel's totals move with it, as Mattermost keeps them.
    const kept = this.ws.channels.get(channel.id)!;
    Object.assign(kept, {
      total_msg_count: (kept.total_msg_count ?? 0) + 1,
      total_msg_count_root: (kept.total_msg_count_root ?? 0) + (rootId ? 0 : 1),
      last_post_at: post.create_at,
    });
    return post;
  }

  /** The user has read the channel up to now. */
  read(channel: ServerChannel, user: UserProfile): void {
    this.lastViewed.set(`${channel.id}:${user.id}`, ++this.clock);
  }

  private unreadOf(channelId: string, viewer: UserProfile) {
    const seen = this.lastViewed.get(`${channelId}:${viewer.id}`) ?? 0;
    const unread = (this.posts.get(channelId) ?? []).filter(
      (p) => p.create_at > seen && p.user_id !== viewer.id,
    );
    const roots = unread.filter((p) => !p.root_id);
    const mentions = (list: Post[]) =>
      list.filter((p) => p.message.includes(`@${viewer.username}`)).length;
    return {
      seen,
      msg_count: unread.length,
      msg_count_root: roots.length,
      mention_count: mentions(unread),
      mention_count_root: mentions(roots),
    };
  }

  private operations(viewer: UserProfile, mm: UserGateway): Partial<UserGateway> {
    const list = (posts: Post[]): PostList =>
      ({
        order: [...posts].reverse().map((p) => p.id),
        posts: Object.fromEntries(posts.map((p) => [p.id, p])),
        next_post_id: '',
        prev_post_id: '',
      }) as PostList;
    const history = async (channelId: string, collapsed: boolean) => {
      await mm.getChannel(channelId);
      return (this.posts.get(channelId) ?? []).filter((p) => !collapsed || !p.root_id);
    };
    const member = (channel: ServerChannel): ChannelMembership => {
      const counts = this.unreadOf(channel.id, viewer);
      return {
        channel_id: channel.id,
        user_id: viewer.id,
        last_viewed_at: counts.seen,
        msg_count: (channel.total_msg_count ?? 0) - counts.msg_count,
        msg_count_root: (channel.total_msg_count_root ?? 0) - counts.msg_count_root,
        mention_count: counts.mention_count,
        mention_count_root: counts.mention_count_root,
        notify_props: {},
      } as unknown as ChannelMembership;
    };
    const teamChannels = (teamId: string, wanted: (c: ServerChannel) => boolean) =>
      [...this.ws.channels.values()].filter((c) => c.team_id === teamId && wanted(c));
    const refuse = (id: string) => {
      throw new MattermostError('refused', 403, id);
    };
    return {
      getClientConfig: async () => ({ CollapsedThreads: this.collapsedThreads }) as never,
      getMyPreferences: async () => [],
      getMyChannelMember: async (channelId) => {
        const channel = await mm.getChannel(channelId);
        if (!this.ws.channelMembers.get(channelId)?.has(viewer.id))
          throw new MattermostError(
            'No channel member found.',
            404,
            'app.channel.get_member.missing.app_error',
          );
        return member(channel);
      },
      getMyChannelMembers: async (teamId) => (await mm.getMyChannels(teamId)).map(member),
      getChannelUnread: async (channelId) => {
        const channel = await mm.getChannel(channelId);
        return {
          channel_id: channel.id,
          team_id: channel.team_id,
          ...this.unreadOf(channelId, viewer),
        };
      },
      getPostsAroundUnread: async (channelId, { before, after, collapsedThreads }) => {
        const all = await history(channelId, collapsedThreads);
        const seen = this.unreadOf(channelId, viewer).seen;
        const found = all.findIndex((p) => p.create_at > seen);
        const line = found < 0 ? all.length : found;
        return list(all.slice(Math.max(0, line - before), line + after));
      },
      getPosts: async (channelId, { after, perPage, collapsedThreads = false }) => {
        const all = await history(channelId, collapsedThreads);
        const from = after
          ? all.findIndex((p) => p.id === after) + 1
          : Math.max(0, all.length - perPage);
        return list(all.slice(from, from + perPage));
      },
      searchPublicChannels: async (teamId, term) =>
        teamChannels(teamId, (c) => c.type === 'O' && !c.delete_at && c.name.includes(term)),
      getPublicChannels: async (teamId, pageNo, perPage) =>
        teamChannels(teamId, (c) => c.type === 'O' && !c.delete_at).slice(
          pageNo * perPage,
          (pageNo + 1) * perPage,
        ),
      getSidebarCategories: async (teamId) => {
        const mine = await mm.getMyChannels(teamId);
        const categories = this.sidebars.get(`${viewer.id}:${teamId}`) ?? [
          this.category(
            viewer,
            teamId,
            'channels',
            'Channels',
            mine.filter((c) => c.team_id),
          ),
          this.category(
            viewer,
            teamId,
            'direct_messages',
            'Direct Messages',
            mine.filter((c) => !c.team_id),
          ),
        ];
        return { categories, order: categories.map((c) => c.id) };
      },
      getProfileAttributeFields: async () =>
        this.enterpriseLicence
          ? this.fields
          : refuse('api.custom_profile_attributes.license_error'),
      getUserProfileAttributes: async (userId) =>
        this.enterpriseLicence
          ? (this.values.get(userId) ?? {})
          : refuse('api.custom_profile_attributes.license_error'),
      getFilePublicLink: async (fileId) =>
        this.publicLinks
          ? `http://mm.example.com/files/${fileId}/public?h=hash`
          : refuse('api.file.get_public_link.disabled.app_error'),
    };
  }

  /** A sidebar category of `viewer` holding `channels`. */
  category(
    viewer: UserProfile,
    teamId: string,
    type: ChannelCategory['type'],
    name: string,
    channels: readonly ServerChannel[],
  ): ChannelCategory {
    return {
      id: `${type}_${viewer.id}_${teamId}_${name}`,
      user_id: viewer.id,
      team_id: teamId,
      type,
      display_name: name,
      sorting: '',
      channel_ids: channels.map((c) => c.id),
      muted: false,
      collapsed: false,
    } as ChannelCategory;
  }
}
