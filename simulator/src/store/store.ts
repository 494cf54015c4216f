import { newId } from '../ids.js';
import { defaultConfig, type ServerConfig } from './config.js';
import { GroupStore, type LicenseSku } from './groups.js';
import { defaultRoles } from './roles.js';
import type {
  AccessToken,
  Acknowledgement,
  Bookmark,
  Bot,
  Channel,
  ChannelMember,
  EmailInvite,
  FileRecord,
  OAuthApp,
  OAuthCode,
  OAuthGrant,
  Post,
  Preference,
  ProfileField,
  ProfileValue,
  Reaction,
  ScheduledPost,
  CustomEmoji,
  SidebarCategory,
  Session,
  Status,
  Team,
  TeamMember,
  ThreadMembership,
  User,
} from './types.js';

/** A map of maps keyed by two ids, e.g. channel id then user id. */
export class Nested<V> {
  readonly outer = new Map<string, Map<string, V>>();
  get(a: string, b: string): V | undefined {
    return this.outer.get(a)?.get(b);
  }
  set(a: string, b: string, value: V): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, value);
  }
  delete(a: string, b: string): boolean {
    return this.outer.get(a)?.delete(b) ?? false;
  }
  values(a: string): V[] {
    return [...(this.outer.get(a)?.values() ?? [])];
  }
  keys(a: string): string[] {
    return [...(this.outer.get(a)?.keys() ?? [])];
  }
}

/**
 * All of the workspace's state, in memory. Plain collections plus lookups; the rules that change
 * state (and publish events) live in `services/`.
 */
export class Store {
  config: ServerConfig = defaultConfig();
  readonly diagnosticId = newId();
  /** The installed licence; a default server has none. */
  license: LicenseSku | undefined;
  readonly groups = new GroupStore();
  readonly roles = defaultRoles();

  readonly users = new Map<string, User>();
  /** Every live token (login sessions, personal access tokens, OAuth tokens) by token value. */
  readonly sessions = new Map<string, Session>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly bots = new Map<string, Bot>();
  readonly statuses = new Map<string, Status>();

  readonly teams = new Map<string, Team>();
  /** team id → user id → member */
  readonly teamMembers = new Nested<TeamMember>();

  readonly channels = new Map<string, Channel>();
  /** channel id → user id → member */
  readonly channelMembers = new Nested<ChannelMember>();

  readonly posts = new Map<string, Post>();
  /** channel id → post ids in creation order (oldest first). */
  readonly channelPosts = new Map<string, string[]>();
  /** root post id → reply ids in creation order. */
  readonly threadReplies = new Map<string, string[]>();
  /** `${user_id}:${pending_post_id}` → post id and when it was seen. */
  readonly pendingPosts = new Map<string, { postId: string; at: number }>();
  /** post id → user id → reaction key `${user_id}:${emoji}` */
  readonly reactions = new Nested<Reaction>();
  /** post id → user id → acknowledgement */
  readonly acknowledgements = new Nested<Acknowledgement>();
  /** root post id → user id → membership */
  readonly threadMemberships = new Nested<ThreadMembership>();

  /** user id → `${category}:${name}` → preference */
  readonly preferences = new Nested<Preference>();
  readonly files = new Map<string, FileRecord>();
  readonly bookmarks = new Map<string, Bookmark>();
  readonly scheduledPosts = new Map<string, ScheduledPost>();
  /** Custom emojis by id. */
  readonly emojis = new Map<string, CustomEmoji>();
  /** user id → custom sidebar categories of that user (every team), by id. */
  readonly sidebarCategories = new Nested<SidebarCategory>();
  /** Custom profile attribute fields by id; values by user id, then field id. */
  readonly profileFields = new Map<string, ProfileField>();
  readonly profileValues = new Nested<ProfileValue>();

  /** Invitations sent by email, in order: the simulator is its own mail server. */
  readonly emailInvites: EmailInvite[] = [];

  readonly oauthApps = new Map<string, OAuthApp>();
  readonly oauthCodes = new Map<string, OAuthCode>();
  /** refresh token → grant */
  readonly oauthGrants = new Map<string, OAuthGrant>();

  // ---- lookups ----

  user(id: string): User | undefined {
    return this.users.get(id);
  }

  userByUsername(username: string): User | undefined {
    const wanted = username.toLowerCase();
    for (const u of this.users.values()) if (u.username === wanted) return u;
    return undefined;
  }

  userByEmail(email: string): User | undefined {
    const wanted = email.toLowerCase();
    for (const u of this.users.values()) if (u.email.toLowerCase() === wanted) return u;
    return undefined;
  }

  isSystemAdmin(userId: string): boolean {
    return hasRole(this.users.get(userId)?.roles, 'system_admin');
  }

  teamByName(name: string): Team | undefined {
    for (const t of this.teams.values()) if (t.name === name) return t;
    return undefined;
  }

  teamMember(teamId: string, userId: string): TeamMember | undefined {
    const m = this.teamMembers.get(teamId, userId);
    return m && m.delete_at === 0 ? m : undefined;
  }

  isTeamMember(teamId: string, userId: string): boolean {
    return this.teamMember(teamId, userId) !== undefined;
  }

  /** Active members of a team. */
  teamMembersOf(teamId: string): TeamMember[] {
    return this.teamMembers.values(teamId).filter((m) => m.delete_at === 0);
  }

  teamsOfUser(userId: string): Team[] {
    return [...this.teams.values()].filter(
      (t) => t.delete_at === 0 && this.isTeamMember(t.id, userId),
    );
  }

  channelByName(teamId: string, name: string): Channel | undefined {
    for (const c of this.channels.values()) if (c.team_id === teamId && c.name === name) return c;
    return undefined;
  }

  channelMember(channelId: string, userId: string): ChannelMember | undefined {
    return this.channelMembers.get(channelId, userId);
  }

  isChannelMember(channelId: string, userId: string): boolean {
    return this.channelMembers.get(channelId, userId) !== undefined;
  }

  channelMembersOf(channelId: string): ChannelMember[] {
    return this.channelMembers.values(channelId);
  }

  /** Channels the user belongs to; with `teamId`, that team's channels plus the user's DMs and GMs. */
  channelsOfUser(userId: string, teamId?: string): Channel[] {
    const out: Channel[] = [];
    for (const c of this.channels.values()) {
      if (teamId !== undefined && c.team_id !== teamId && c.team_id !== '') continue;
      if (this.isChannelMember(c.id, userId)) out.push(c);
    }
    return out;
  }

  post(id: string): Post | undefined {
    return this.posts.get(id);
  }

  /** Live (not deleted) posts of a channel, oldest first. */
  postsOfChannel(channelId: string): Post[] {
    const ids = this.channelPosts.get(channelId) ?? [];
    const out: Post[] = [];
    for (const id of ids) {
      const p = this.posts.get(id);
      if (p && p.delete_at === 0) out.push(p);
    }
    return out;
  }

  /** Live replies of a thread, oldest first. */
  repliesOf(rootId: string): Post[] {
    return (this.threadReplies.get(rootId) ?? [])
      .map((id) => this.posts.get(id))
      .filter((p): p is Post => p !== undefined && p.delete_at === 0);
  }

  reactionsOf(postId: string): Reaction[] {
    return this.reactions.values(postId).sort((a, b) => a.create_at - b.create_at);
  }

  filesOfPost(postId: string): FileRecord[] {
    const post = this.posts.get(postId);
    if (!post) return [];
    return post.file_ids
      .map((id) => this.files.get(id))
      .filter((f): f is FileRecord => f !== undefined && f.delete_at === 0);
  }

  preference(userId: string, category: string, name: string): Preference | undefined {
    return this.preferences.get(userId, `${category}:${name}`);
  }

  status(userId: string): Status {
    return (
      this.statuses.get(userId) ?? {
        user_id: userId,
        status: 'offline',
        manual: false,
        last_activity_at: 0,
        dnd_end_time: 0,
        prev_status: '',
      }
    );
  }
}

/** Whether a space-separated role list holds `role`. */
export function hasRole(roles: string | undefined, role: string): boolean {
  return (roles ?? '').split(' ').includes(role);
}
