import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type {
  Bot,
  ChannelMembership,
  CustomEmojiRecord,
  ServerChannel,
  Team,
  TeamMembership,
  UserGateway,
  UserProfile,
} from '../../src/gateway/user-gateway.js';
import type { AnyTool, ToolContext } from '../../src/tools/define.js';
import { MattermostError } from '../../src/errors.js';
import { teamUpkeepFakes } from './fake-team-upkeep.js';

/**
 * An in-memory stand-in for one user's `UserGateway`, for handler tests: arguments, paging,
 * formatting and errors of a tool without the simulator, the HTTP layer or the middleware. It
 * answers as Mattermost does where the handlers can tell (404 for what is unknown or not visible,
 * pages cut by `page`/`perPage`), and fails loudly on any operation it does not model, so a test
 * never passes on an answer nobody wrote. The stack tests (test/tools/) cover the real path.
 */

/** A Mattermost-shaped id: 26 lowercase letters and digits. */
export function newId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(26)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

function notFound(what: string): MattermostError {
  return new MattermostError(`${what} not found`, 404, 'app.not_found');
}

function page<T>(items: readonly T[], pageNo: number, perPage: number): T[] {
  return items.slice(pageNo * perPage, (pageNo + 1) * perPage);
}

/** The workspace a fake gateway serves, built with the fixture builders below. */
export class Workspace {
  readonly users = new Map<string, UserProfile>();
  readonly teams = new Map<string, Team>();
  readonly teamMembers = new Map<string, Set<string>>();
  readonly channels = new Map<string, ServerChannel>();
  readonly channelMembers = new Map<string, Set<string>>();
  readonly favorites = new Set<string>();
  readonly emojis: CustomEmojiRecord[] = [];
  readonly bots: Bot[] = [];
  /** Every write the handlers made, in order: `addChannelMember <channel> <user>`. */
  readonly writes: string[] = [];
  /**
   * Operations modelled by a domain's own fixtures (test/helpers/fake-*.ts), for each viewer; they
   * get the viewer's whole fake gateway to build on.
   */
  readonly modelledElsewhere: ((viewer: UserProfile, mm: UserGateway) => Partial<UserGateway>)[] =
    [];

  user(username: string, extra: Partial<UserProfile> = {}): UserProfile {
    const user = {
      id: newId(),
      username,
      email: `${username}@example.com`,
      first_name: '',
      last_name: '',
      nickname: '',
      position: '',
      roles: 'system_user',
      locale: 'en',
      delete_at: 0,
      create_at: 1_700_000_000_000,
      update_at: 1_700_000_000_000,
      is_bot: false,
      timezone: { useAutomaticTimezone: 'true', automaticTimezone: 'UTC', manualTimezone: '' },
      props: {},
      ...extra,
    } as UserProfile;
    this.users.set(user.id, user);
    return user;
  }

  team(name: string, members: readonly UserProfile[], extra: Partial<Team> = {}): Team {
    const team = {
      id: newId(),
      name,
      display_name: name[0]!.toUpperCase() + name.slice(1),
      type: 'O',
      description: '',
      delete_at: 0,
      allow_open_invite: true,
      ...extra,
    } as Team;
    this.teams.set(team.id, team);
    this.teamMembers.set(team.id, new Set(members.map((m) => m.id)));
    return team;
  }

  channel(
    team: Pick<Team, 'id'>,
    name: string,
    members: readonly UserProfile[],
    extra: Partial<ServerChannel> = {},
  ): ServerChannel {
    const channel = {
      id: newId(),
      team_id: team.id,
      name,
      display_name: name.replace(/-/g, ' '),
      type: 'O',
      header: '',
      purpose: '',
      delete_at: 0,
      create_at: 1_700_000_000_000,
      update_at: 1_700_000_000_000,
      last_post_at: 0,
      total_msg_count: 0,
      ...extra,
    } as ServerChannel;
    this.channels.set(channel.id, channel);
    this.channelMembers.set(channel.id, new Set(members.map((m) => m.id)));
    return channel;
  }

  direct(a: UserProfile, b: UserProfile): ServerChannel {
    // A direct channel is in no team: its team id is empty.
    return this.channel({ id: '' }, [a.id, b.id].sort().join('__'), [a, b], {
      type: 'D',
      display_name: '',
    });
  }

  emoji(name: string, creator: UserProfile): CustomEmojiRecord {
    const emoji = { id: newId(), name, creator_id: creator.id, create_at: 1_700_000_000_000 };
    this.emojis.push(emoji);
    return emoji;
  }

  bot(username: string, owner: UserProfile, extra: Partial<Bot> = {}): Bot {
    const user = this.user(username, { is_bot: true });
    const bot = {
      user_id: user.id,
      username,
      display_name: username,
      description: '',
      owner_id: owner.id,
      create_at: 1_700_000_000_000,
      update_at: 1_700_000_000_000,
      delete_at: 0,
      ...extra,
    } as Bot;
    this.bots.push(bot);
    return bot;
  }

  /** The gateway of `viewer`: what they can see, as they would see it. */
  gatewayFor(viewer: UserProfile): UserGateway {
    return fakeGateway(this, viewer);
  }
}

function fakeGateway(ws: Workspace, viewer: UserProfile): UserGateway {
  const inTeam = (teamId: string) => ws.teamMembers.get(teamId)?.has(viewer.id) ?? false;
  const canSee = (channel: ServerChannel) =>
    (ws.channelMembers.get(channel.id)?.has(viewer.id) ?? false) ||
    (channel.type === 'O' && inTeam(channel.team_id));
  const mine = (teamId: string) =>
    [...ws.channels.values()].filter(
      (c) =>
        !c.delete_at &&
        ws.channelMembers.get(c.id)?.has(viewer.id) &&
        (c.team_id === teamId || !c.team_id),
    );
  const modelled: Partial<UserGateway> = {
    userId: viewer.id,
    async getMe() {
      return viewer;
    },
    async getUser(id) {
      const user = ws.users.get(id);
      if (!user) throw notFound('user');
      return user;
    },
    async getUserByUsername(username) {
      const user = [...ws.users.values()].find((u) => u.username === username);
      if (!user) throw notFound('user');
      return user;
    },
    async getUserByEmail(email) {
      const user = [...ws.users.values()].find((u) => u.email === email);
      if (!user) throw notFound('user');
      return user;
    },
    async searchUsers(term, limit = 100) {
      return [...ws.users.values()].filter((u) => u.username.includes(term)).slice(0, limit);
    },
    async getUsersByIds(ids) {
      const found = new Map<string, UserProfile>();
      for (const id of ids) {
        const user = ws.users.get(id);
        if (user) found.set(id, user);
      }
      return found;
    },
    async getMyTeams() {
      return [...ws.teams.values()].filter((team) => inTeam(team.id));
    },
    async getTeam(id) {
      const team = ws.teams.get(id);
      if (!team || !inTeam(id)) throw notFound('team');
      return team;
    },
    async getTeamByName(name) {
      const team = [...ws.teams.values()].find((t) => t.name === name);
      if (!team || !inTeam(team.id)) throw notFound('team');
      return team;
    },
    async getTeams(pageNo, perPage) {
      return page(
        [...ws.teams.values()].filter((t) => t.allow_open_invite || inTeam(t.id)),
        pageNo,
        perPage,
      );
    },
    async getTeamMembers(teamId, pageNo, perPage) {
      const ids = [...(ws.teamMembers.get(teamId) ?? [])];
      return page(ids, pageNo, perPage).map(
        (id) =>
          ({ team_id: teamId, user_id: id, roles: 'team_user', delete_at: 0 }) as TeamMembership,
      );
    },
    async getMyChannels(teamId) {
      return mine(teamId);
    },
    async getChannel(id) {
      const channel = ws.channels.get(id);
      if (!channel || !canSee(channel)) throw notFound('channel');
      return channel;
    },
    async getChannelByName(teamId, name) {
      const channel = [...ws.channels.values()].find(
        (c) => c.team_id === teamId && c.name === name,
      );
      if (!channel || !canSee(channel)) throw notFound('channel');
      return channel;
    },
    async getOrCreateDirectChannel(otherId) {
      const name = [viewer.id, otherId].sort().join('__');
      const found = [...ws.channels.values()].find((c) => c.type === 'D' && c.name === name);
      if (found) return found;
      const other = ws.users.get(otherId);
      if (!other) throw notFound('user');
      ws.writes.push(`createDirectChannel ${otherId}`);
      return ws.direct(viewer, other);
    },
    async addChannelMember(channelId, userId) {
      const channel = await modelled.getChannel!(channelId);
      ws.channelMembers.get(channel.id)!.add(userId);
      ws.writes.push(`addChannelMember ${channelId} ${userId}`);
      return { channel_id: channelId, user_id: userId } as ChannelMembership;
    },
    async archiveChannel(channelId) {
      const channel = await modelled.getChannel!(channelId);
      ws.channels.set(channelId, { ...channel, delete_at: 1_700_000_100_000 });
      ws.writes.push(`archiveChannel ${channelId}`);
    },
    async restoreChannel(channelId) {
      const channel = await modelled.getChannel!(channelId);
      const restored = { ...channel, delete_at: 0 };
      ws.channels.set(channelId, restored);
      ws.writes.push(`restoreChannel ${channelId}`);
      return restored;
    },
    async setChannelFavorite(channelId, favorite) {
      await modelled.getChannel!(channelId);
      if (favorite) ws.favorites.add(channelId);
      else ws.favorites.delete(channelId);
      ws.writes.push(`setChannelFavorite ${channelId} ${favorite}`);
    },
    async getCustomEmojis(pageNo, perPage) {
      return page(ws.emojis, pageNo, perPage);
    },
    async searchCustomEmojis(term) {
      return ws.emojis.filter((emoji) => emoji.name.includes(term));
    },
    async getBots(pageNo, perPage, includeDisabled) {
      return page(
        ws.bots.filter((bot) => includeDisabled || !bot.delete_at),
        pageNo,
        perPage,
      );
    },
  };
  Object.assign(modelled, teamUpkeepFakes(ws, viewer, { ...modelled }));
  const gateway = new Proxy(modelled as UserGateway, {
    get(target, property, receiver) {
      if (property in target) return Reflect.get(target, property, receiver);
      if (typeof property === 'symbol' || property === 'then') return undefined;
      return () => {
        throw new Error(`fake gateway: ${property} is not modelled; use a stack test for it`);
      };
    },
  });
  for (const extra of ws.modelledElsewhere) Object.assign(modelled, extra(viewer, gateway));
  return gateway;
}

/** The context a handler runs in, around a fake gateway: a small output budget shows paging. */
export function handlerContext(
  mm: UserGateway,
  settings: Partial<ToolContext['settings']> = {},
): ToolContext {
  return {
    user: { id: mm.userId, username: 'viewer', isSystemAdmin: false } as ToolContext['user'],
    mm,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    settings: { mattermostUrl: 'http://mm.example.com', maxOutputChars: 20_000, ...settings },
    correlationId: 'handler-test',
  };
}

/** Calls a tool's handler as the registry would: arguments parsed by its input schema first. */
export async function callHandler(tool: AnyTool, args: Record<string, unknown>, ctx: ToolContext) {
  const parsed = tool.input.parse(args);
  const output = await tool.handler(parsed, ctx);
  // The answer must be what the tool declares, as the MCP server checks it.
  tool.output.parse(output.structured);
  return output;
}
