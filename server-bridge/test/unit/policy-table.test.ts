import { describe, expect, it } from '@jest/globals';
import { GatewayCaches } from '../../src/gateway/caches.js';
import { createUserGateway } from '../../src/gateway/for-user.js';
import type { Client4 } from '../../src/gateway/mattermost-client.js';
import type { UpstreamCaller } from '../../src/gateway/upstream.js';
import type {
  FileInfo,
  IncomingWebhook,
  OutgoingWebhook,
  Post,
  PostList,
  ScheduledPost,
  ServerChannel,
  UserGateway,
  UserThread,
} from '../../src/gateway/user-gateway.js';
import { ChannelGuard } from '../../src/policy/channel-guard.js';
import { NO_CHANNEL_RULES, type ChannelRules } from '../../src/policy/channel-rules.js';
import { GATEWAY_RULES, type GatewayMethod } from '../../src/policy/gateway-rules.js';
import { GATEWAY_METHODS, guardGateway, unguarded } from '../../src/policy/guarded-gateway.js';
import type { Policy } from '../../src/policy/policy.js';
import { PolicyError } from '../../src/errors.js';

// A world of two channels of one team: the rules hide one of them from assistants.
const OPEN = 'chan-open';
const HIDDEN = 'chan-hidden';
const ME = 'user-me';

const channel = (id: string) =>
  ({ id, name: id, display_name: id, type: 'O', team_id: 'team-1' }) as ServerChannel;
const post = (id: string, channelId: string) =>
  ({ id, channel_id: channelId, message: 'text', props: {} }) as unknown as Post;
const file = (id: string, channelId: string) =>
  ({ id, channel_id: channelId, name: `${id}.txt` }) as FileInfo;
const inChannel = <T>(channelId: string, extra: object = {}) =>
  ({ channel_id: channelId, user_id: ME, ...extra }) as T;
const postList = (...posts: Post[]): PostList =>
  ({
    order: posts.map((p) => p.id),
    posts: Object.fromEntries(posts.map((p) => [p.id, p])),
  }) as PostList;
const thread = (channelId: string) =>
  ({ id: `thread-${channelId}`, post: { channel_id: channelId, user_id: ME } }) as UserThread;
const scheduled = (channelId: string) =>
  inChannel<ScheduledPost>(channelId, { id: `scheduled-${channelId}`, message: 'later' });
const hook = <T>(id: string, channelId: string) => ({ id, channel_id: channelId }) as T;

const CHANNELS = new Map([OPEN, HIDDEN].map((id) => [id, channel(id)]));
const POSTS = new Map([post('post-open', OPEN), post('post-hidden', HIDDEN)].map((p) => [p.id, p]));
const FILES = new Map([file('file-open', OPEN), file('file-hidden', HIDDEN)].map((f) => [f.id, f]));
const HOOKS = new Map([
  ['hook-open', hook<IncomingWebhook>('hook-open', OPEN)],
  ['hook-hidden', hook<IncomingWebhook>('hook-hidden', HIDDEN)],
]);

type Args<M extends GatewayMethod> = Parameters<UserGateway[M]>;
type Answer<M extends GatewayMethod> = Awaited<ReturnType<UserGateway[M]>>;

/** A call of one method that touches the hidden channel where the method touches any. */
interface Sample<M extends GatewayMethod> {
  args: Args<M>;
  answer: Answer<M>;
}

const nothing = undefined as never;
const someone = { id: 'user-2', username: 'someone' } as Answer<'getUser'>;
const team = { id: 'team-1', name: 'team' } as Answer<'getTeam'>;

/** One sample per gateway method: adding a method to the gateway needs one here too. */
const SAMPLES: { [M in GatewayMethod]: Sample<M> } = {
  getMe: { args: [], answer: someone },
  getUser: { args: ['user-2'], answer: someone },
  getUserByUsername: { args: ['someone'], answer: someone },
  getUserByEmail: { args: ['someone@example.com'], answer: someone },
  getUsersByIds: { args: [['user-2']], answer: new Map([['user-2', someone]]) },
  getUsersByUsernames: { args: [['someone']], answer: [someone] },
  searchUsers: { args: ['some'], answer: [someone] },
  getStatus: { args: ['user-2'], answer: { user_id: 'user-2', status: 'online' } as never },
  getStatusesByIds: { args: [['user-2']], answer: [] },
  setMyStatus: { args: ['dnd'], answer: { user_id: ME, status: 'dnd' } as never },
  setMyCustomStatus: { args: [{ emoji: 'palm_tree', text: 'away' }], answer: nothing },
  clearMyCustomStatus: { args: [], answer: nothing },
  patchMe: { args: [{ nickname: 'me' }], answer: someone },
  getProfileAttributeFields: { args: [], answer: [] },
  getUserProfileAttributes: { args: ['user-2'], answer: { 'field-1': 'Engineering' } },

  getMyTeams: { args: [], answer: [team] },
  getTeam: { args: ['team-1'], answer: team },
  getTeamByName: { args: ['team'], answer: team },
  getTeams: { args: [0, 10], answer: [team] },
  getTeamMembers: { args: ['team-1', 0, 10], answer: [] },
  addTeamMember: { args: ['team-1', 'user-2'], answer: {} as never },
  removeTeamMember: { args: ['team-1', 'user-2'], answer: nothing },
  getTeamStats: { args: ['team-1'], answer: { total_member_count: 2, active_member_count: 2 } },
  patchTeam: { args: ['team-1', { description: 'ours' }], answer: team },
  getNewTeamMembers: { args: ['team-1', 0, 10], answer: [someone] },
  getUserTeams: { args: ['user-2'], answer: [team] },
  getTeamMembersByIds: { args: ['team-1', ['user-2']], answer: [] },
  addTeamMembers: { args: ['team-1', ['user-2']], answer: [{ user_id: 'user-2' }] },
  inviteToTeamByEmail: {
    args: ['team-1', ['someone@example.com'], [OPEN, HIDDEN]],
    answer: [{ email: 'someone@example.com', error: null }],
  },

  getMyChannels: { args: ['team-1'], answer: [channel(OPEN), channel(HIDDEN)] },
  getChannel: { args: [HIDDEN], answer: channel(HIDDEN) },
  getChannelByName: { args: ['team-1', HIDDEN], answer: channel(HIDDEN) },
  getPublicChannels: { args: ['team-1', 0, 10], answer: [channel(OPEN), channel(HIDDEN)] },
  searchPublicChannels: { args: ['team-1', 'chan'], answer: [channel(OPEN), channel(HIDDEN)] },
  getArchivedChannels: { args: ['team-1', 0, 10], answer: [channel(OPEN), channel(HIDDEN)] },
  getOrCreateDirectChannel: { args: ['user-2'], answer: channel(HIDDEN) },
  getOrCreateGroupChannel: { args: [['user-2', 'user-3']], answer: channel(HIDDEN) },
  createChannel: {
    args: [{ teamId: 'team-1', name: HIDDEN, displayName: HIDDEN, type: 'O' }],
    answer: channel(HIDDEN),
  },
  patchChannel: { args: [HIDDEN, { header: 'new' }], answer: channel(HIDDEN) },
  archiveChannel: { args: [HIDDEN], answer: nothing },
  restoreChannel: { args: [HIDDEN], answer: channel(HIDDEN) },
  setChannelPrivacy: { args: [HIDDEN, true], answer: channel(HIDDEN) },
  getChannelStats: { args: [HIDDEN], answer: inChannel(HIDDEN, { member_count: 2 }) },
  getChannelMembers: { args: [HIDDEN, 0, 10], answer: [inChannel(HIDDEN)] },
  addChannelMember: { args: [HIDDEN, 'user-2'], answer: inChannel(HIDDEN) },
  addChannelMembers: { args: [HIDDEN, ['user-2']], answer: [inChannel(HIDDEN)] },
  removeChannelMember: { args: [HIDDEN, 'user-2'], answer: nothing },
  getMyChannelMember: { args: [HIDDEN], answer: inChannel(HIDDEN) },
  getMyChannelMembers: { args: ['team-1'], answer: [inChannel(OPEN), inChannel(HIDDEN)] },
  viewChannel: { args: [HIDDEN], answer: nothing },
  setMyChannelNotifyProps: { args: [HIDDEN, { desktop: 'none' }], answer: nothing },
  getChannelBookmarks: {
    args: [HIDDEN],
    answer: [inChannel(OPEN, { id: 'b1' }), inChannel(HIDDEN, { id: 'b2' })],
  },
  addChannelBookmark: {
    args: [HIDDEN, { displayName: 'docs', linkUrl: 'https://example.com' }],
    answer: inChannel(HIDDEN, { id: 'b3' }),
  },
  updateChannelBookmark: {
    args: [HIDDEN, 'b2', { display_name: 'docs' }],
    answer: inChannel(HIDDEN, { id: 'b4' }),
  },
  removeChannelBookmark: { args: [HIDDEN, 'b2'], answer: nothing },
  getChannelUnread: {
    args: [HIDDEN],
    answer: inChannel(HIDDEN, { msg_count: 1, msg_count_root: 1, mention_count: 0 }),
  },
  getSidebarCategories: {
    args: ['team-1'],
    answer: {
      order: ['channels'],
      categories: [
        { id: 'channels', type: 'channels', display_name: 'Channels', channel_ids: [OPEN, HIDDEN] },
      ],
    } as Answer<'getSidebarCategories'>,
  },

  searchUsersIn: { args: ['some', { inChannelId: HIDDEN }, 10], answer: [someone] },
  getChannelMembersByIds: { args: [HIDDEN, ['user-2']], answer: [inChannel(HIDDEN)] },
  getUserChannels: { args: ['user-2', 'team-1'], answer: [channel(OPEN), channel(HIDDEN)] },
  getUserChannelMembers: {
    args: ['user-2', 'team-1'],
    answer: [inChannel(OPEN), inChannel(HIDDEN)],
  },

  searchGroups: { args: ['dev', 0, 10], answer: [] },
  getGroup: { args: ['group-1'], answer: { id: 'group-1', name: 'devs' } as never },
  getGroupsOfUser: { args: ['user-2', 0, 10], answer: [] },
  getGroupMembers: { args: ['group-1', 0, 10], answer: [someone] },
  getChannelGroups: { args: [HIDDEN, 0, 10], answer: [] },
  getTeamGroups: { args: ['team-1', 0, 10], answer: [] },

  getRoleByName: { args: ['channel_user'], answer: { name: 'channel_user' } as never },
  getRoleById: { args: ['role-1'], answer: { name: 'channel_user' } as never },
  getChannelMember: { args: [HIDDEN, 'user-2'], answer: inChannel(HIDDEN) },
  getTeamMember: { args: ['team-1', 'user-2'], answer: { team_id: 'team-1' } as never },
  setChannelAdmin: { args: [HIDDEN, 'user-2', true], answer: nothing },
  setTeamAdmin: { args: ['team-1', 'user-2', true], answer: nothing },
  getChannelModerations: { args: [HIDDEN], answer: [] },

  getMyPreferences: { args: ['favorite_channel'], answer: [{ name: OPEN, value: 'true' }] },
  setChannelFavorite: { args: [HIDDEN, true], answer: nothing },
  setPostSaved: { args: ['post-hidden', true], answer: nothing },

  getPosts: { args: [HIDDEN, { perPage: 10 }], answer: postList(...POSTS.values()) },
  getPostsAroundUnread: {
    args: [HIDDEN, { before: 5, after: 10, collapsedThreads: true }],
    answer: postList(...POSTS.values()),
  },
  getPostsSince: { args: [HIDDEN, 0], answer: postList(...POSTS.values()) },
  getPost: { args: ['post-hidden'], answer: POSTS.get('post-hidden')! },
  getPostPlace: {
    args: ['post-hidden'],
    answer: { id: 'post-hidden', channel_id: HIDDEN, root_id: '' },
  },
  getPinnedPosts: { args: [HIDDEN], answer: postList(...POSTS.values()) },
  getSavedPosts: { args: [{ page: 0, perPage: 10 }], answer: postList(...POSTS.values()) },
  createPost: { args: [{ channelId: HIDDEN, message: 'hi @all' }], answer: post('new', HIDDEN) },
  patchPost: { args: ['post-hidden', 'edited'], answer: POSTS.get('post-hidden')! },
  deletePost: { args: ['post-hidden'], answer: nothing },
  pinPost: { args: ['post-hidden'], answer: nothing },
  unpinPost: { args: ['post-hidden'], answer: nothing },
  acknowledgePost: { args: ['post-hidden'], answer: nothing },
  unacknowledgePost: { args: ['post-hidden'], answer: nothing },
  markPostUnread: { args: ['post-hidden'], answer: nothing },
  setPostReminder: { args: ['post-hidden', 2_000_000_000], answer: nothing },

  getReactions: { args: ['post-hidden'], answer: [] },
  addReaction: { args: ['post-hidden', 'tada'], answer: {} as never },
  removeReaction: { args: ['post-hidden', 'tada'], answer: nothing },
  getCustomEmojis: { args: [0, 10], answer: [] },
  searchCustomEmojis: { args: ['party'], answer: [] },

  getPostThread: { args: ['post-hidden'], answer: postList(...POSTS.values()) },
  getUserThreads: {
    args: ['team-1', { perPage: 10, unreadOnly: false }],
    answer: { threads: [thread(OPEN), thread(HIDDEN)], total: 2 } as never,
  },
  setThreadFollowing: { args: ['team-1', 'post-hidden', true], answer: nothing },
  markThreadRead: { args: ['team-1', 'post-hidden', 1], answer: thread(HIDDEN) },

  getFileInfo: { args: ['file-hidden'], answer: FILES.get('file-hidden')! },
  getFileContent: { args: ['file-hidden'], answer: Buffer.from('secret') },
  getFilePublicLink: { args: ['file-hidden'], answer: 'https://mm.example.com/files/x/public' },
  uploadFile: { args: [HIDDEN, 'a.txt', Buffer.from('a')], answer: file('new', HIDDEN) },

  searchPosts: {
    args: ['', 'text'],
    answer: { ...postList(...POSTS.values()), matches: {} } as never,
  },
  searchFiles: {
    args: ['', 'txt'],
    answer: { order: [...FILES.keys()], file_infos: Object.fromEntries(FILES) },
  },

  createScheduledPost: {
    args: [{ channelId: HIDDEN, message: 'later', scheduledAt: 2_000_000_000_000 }],
    answer: scheduled(HIDDEN),
  },
  getScheduledPosts: {
    args: ['team-1'],
    answer: { 'team-1': [scheduled(OPEN), scheduled(HIDDEN)] },
  },
  updateScheduledPost: { args: [scheduled(HIDDEN)], answer: scheduled(HIDDEN) },
  deleteScheduledPost: { args: [`scheduled-${HIDDEN}`], answer: scheduled(HIDDEN) },

  ping: { args: [], answer: { status: 'OK' } },
  getConfig: { args: [], answer: {} },
  getClientConfig: { args: [], answer: {} },
  getAnalytics: { args: [], answer: [] },
  listUsers: { args: [{ page: 0, perPage: 10 }], answer: [someone] },
  setUserActive: { args: ['user-2', false], answer: nothing },
  setUserRoles: { args: ['user-2', 'system_user'], answer: nothing },
  getBots: { args: [0, 10, false], answer: [] },
  createBot: { args: [{ username: 'bot' }], answer: {} as never },
  disableBot: { args: ['bot-1'], answer: {} as never },
  getUserAccessTokens: { args: ['user-2', 0, 10], answer: [] },
  revokeUserAccessToken: { args: ['token-1'], answer: nothing },
  getIncomingWebhooks: { args: ['team-1', 0, 10], answer: [...HOOKS.values()] },
  getOutgoingWebhooks: {
    args: [{ teamId: 'team-1' }, 0, 10],
    answer: [...HOOKS.values()] as unknown as OutgoingWebhook[],
  },
  getIncomingWebhook: { args: ['hook-hidden'], answer: HOOKS.get('hook-hidden')! },
  getOutgoingWebhook: {
    args: ['hook-hidden'],
    answer: HOOKS.get('hook-hidden') as unknown as OutgoingWebhook,
  },
  createOutgoingWebhook: {
    args: [
      {
        teamId: 'team-1',
        channelId: HIDDEN,
        triggerWords: ['go'],
        callbackUrls: ['https://example.com'],
      },
    ],
    answer: hook('hook-new', HIDDEN),
  },
  deleteIncomingWebhook: { args: ['hook-hidden'], answer: nothing },
  deleteOutgoingWebhook: { args: ['hook-hidden'], answer: nothing },

  patchUser: { args: ['user-2', { nickname: 'sam' }], answer: someone },
  createUser: {
    args: [{ username: 'new', email: 'new@example.com', password: 'secret-enough' }],
    answer: someone,
  },
  getBot: { args: ['bot-1'], answer: {} as never },

  getPostInfo: {
    args: ['post-hidden'],
    answer: { channel_id: HIDDEN, channel_type: 'O', team_id: 'team-1' } as never,
  },
  searchArchivedChannels: { args: ['team-1', 'x'], answer: [...CHANNELS.values()] },
  getPrivateTeamChannels: { args: ['team-1', 0, 10], answer: [...CHANNELS.values()] },
  getCommonTeams: { args: [HIDDEN], answer: [team] },
  searchTeams: { args: ['te'], answer: [team] },
  getUserCount: { args: [], answer: 3 },
  listUsersOutside: { args: [{ channelId: HIDDEN, teamId: 'team-1' }, 0, 10], answer: [someone] },
  createTeam: {
    args: [{ name: 'new', display_name: 'New', type: 'O', allow_open_invite: true }],
    answer: team,
  },
};

/** A raw gateway answering every method with its sample, and lookups by id from the world. */
function fakeGateway(calls: { method: string; args: unknown[] }[]): UserGateway {
  const fake: Record<string, unknown> = { userId: ME };
  for (const method of GATEWAY_METHODS) {
    fake[method] = async (...args: unknown[]) => {
      calls.push({ method, args });
      return SAMPLES[method].answer;
    };
  }
  const lookup =
    <T>(method: GatewayMethod, map: Map<string, T>) =>
    async (id: string) => {
      calls.push({ method, args: [id] });
      const value = map.get(id);
      if (!value) throw new Error(`no ${id} in the test world`);
      return value;
    };
  Object.assign(fake, {
    getChannel: lookup('getChannel', CHANNELS),
    getPost: lookup('getPost', POSTS),
    getPostPlace: lookup(
      'getPostPlace',
      new Map([...POSTS].map(([id, p]) => [id, { id, channel_id: p.channel_id, root_id: '' }])),
    ),
    getFileInfo: lookup('getFileInfo', FILES),
    getIncomingWebhook: lookup('getIncomingWebhook', HOOKS),
    getOutgoingWebhook: lookup('getOutgoingWebhook', HOOKS),
    getTeam: lookup('getTeam', new Map([[team.id, team]])),
  });
  return fake as unknown as UserGateway;
}

function guarded(rules: ChannelRules, calls: { method: string; args: unknown[] }[] = []) {
  const raw = fakeGateway(calls);
  const policy = { maxMessageLength: 100, allowBroadcastMentions: false } as Policy;
  return guardGateway(raw, {
    policy: () => policy,
    guard: new ChannelGuard(raw, () => rules),
    clientName: () => 'test-client',
  });
}

const deny = (id: string): ChannelRules => ({
  ...NO_CHANNEL_RULES,
  read: { allow: [], deny: [{ kind: 'id', id }] },
});

const call = (mm: UserGateway, method: GatewayMethod) =>
  (mm[method] as (...args: unknown[]) => Promise<unknown>)(...SAMPLES[method].args);

describe('the policy table over the gateway', () => {
  it('has a rule for every method of the gateway and for nothing else', () => {
    const gateway = createUserGateway(
      ME,
      {} as Client4,
      {} as UpstreamCaller,
      new GatewayCaches({ max: 1, ttlMs: 1 }),
      () => undefined,
    );
    const methods = Object.keys(gateway).filter(
      (key) => typeof gateway[key as keyof UserGateway] === 'function',
    );
    expect(methods.sort()).toEqual([...GATEWAY_METHODS].sort());
  });

  it.each(GATEWAY_METHODS)('%s keeps the hidden channel out', async (method) => {
    const calls: { method: string; args: unknown[] }[] = [];
    const mm = guarded(deny(HIDDEN), calls);
    const rule = GATEWAY_RULES[method];
    const outcome = call(mm, method);
    switch (rule.kind) {
      case 'none':
        // Nothing of a channel goes in or out: the sample, written as the method is used, names
        // none (preferences name favorite channels by id only, never with their content).
        if (method !== 'getMyPreferences')
          expect(JSON.stringify(SAMPLES[method])).not.toContain('chan-');
        await expect(outcome).resolves.toEqual(SAMPLES[method].answer);
        break;
      case 'message_write':
      case 'channel_write':
      case 'channel_read':
        await expect(outcome).rejects.toBeInstanceOf(PolicyError);
        // Refused before Mattermost was asked to do it.
        expect(calls.map((c) => c.method)).not.toContain(method);
        break;
      case 'screened': {
        const answer = await outcome.catch((err: unknown) => err);
        if (answer instanceof PolicyError) break;
        const text = JSON.stringify(answer, (_key, value: unknown) =>
          value instanceof Map ? [...value.values()] : value,
        );
        expect(text).not.toContain(HIDDEN);
        expect(text).toContain(OPEN);
      }
    }
  });

  it.each(GATEWAY_METHODS)('%s lets an allowed channel through unchanged', async (method) => {
    const calls: { method: string; args: unknown[] }[] = [];
    const mm = guarded(deny('chan-elsewhere'), calls);
    await expect(call(mm, method)).resolves.toEqual(SAMPLES[method].answer);
    expect(calls.map((c) => c.method)).toContain(method);
  });

  it('checks, defuses and marks a message before it is sent', async () => {
    const calls: { method: string; args: unknown[] }[] = [];
    const mm = guarded(NO_CHANNEL_RULES, calls);
    await mm.createPost({ channelId: OPEN, message: 'hi @all' });
    const [sent] = calls.find((c) => c.method === 'createPost')!.args as [Record<string, unknown>];
    expect(sent.message).not.toBe('hi @all');
    expect(sent.props).toEqual({ from_mcp_bridge: 'true', mcp_client: 'test-client' });
    await expect(mm.createPost({ channelId: OPEN, message: 'x'.repeat(101) })).rejects.toThrow(
      /at most 100/,
    );
  });

  it('gives policy lookups the raw gateway back', () => {
    const raw = fakeGateway([]);
    const mm = guardGateway(raw, {
      policy: () => ({}) as Policy,
      guard: new ChannelGuard(raw, () => NO_CHANNEL_RULES),
      clientName: () => undefined,
    });
    expect(unguarded(mm)).toBe(raw);
    expect(unguarded(raw)).toBe(raw);
  });
});
