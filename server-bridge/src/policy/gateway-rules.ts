import type { UserGateway } from '../gateway/user-gateway.js';
import type { ScreenName, SCREENS } from './answer-screens.js';

/** Every operation of the per-user gateway. */
export type GatewayMethod = Exclude<keyof UserGateway, 'userId'>;
type Args<M extends GatewayMethod> = Parameters<UserGateway[M]>;
type Answer<M extends GatewayMethod> = Awaited<ReturnType<UserGateway[M]>>;

/** The channel an operation acts on, named directly or through one of its posts or files. */
export type Target = { channel: string } | { post: string } | { file: string };

/** Finds an operation's channel from its arguments; the raw gateway serves lookups. */
type TargetOf<M extends GatewayMethod> = (
  raw: UserGateway,
  ...args: Args<M>
) => Target | undefined | Promise<Target | undefined>;

/** What a message write may use to make its arguments what the policy lets through. */
export interface MessageWriter {
  /** The user's own gateway, unguarded, for lookups. */
  raw: UserGateway;
  /** Throws PolicyError unless assistants may write to the channel. */
  checkWrite(channelId: string): Promise<void>;
  /** The text as it may be sent: length checked, broadcast mentions defused unless allowed. */
  text(message: string): string;
  /** The props that mark a post as written by an assistant. */
  mark(): Record<string, string>;
}

/** The screens whose input the method's answer fits: the compiler refuses any other. */
type ScreenFor<M extends GatewayMethod> = {
  [N in ScreenName]: Answer<M> extends Parameters<(typeof SCREENS)[N]>[0] ? N : never;
}[ScreenName];

/** How the admins' channel rules apply to one gateway method. */
export type GatewayRule<M extends GatewayMethod> =
  /** Writes a message: the channel must be writable, the text is checked, the post marked. */
  | {
      kind: 'message_write';
      prepare: (writer: MessageWriter, ...args: Args<M>) => Promise<Args<M>>;
    }
  /** Changes something of a channel: refused before the call unless the channel is writable. */
  | { kind: 'channel_write'; target: TargetOf<M> }
  /** Reads something of a channel whose answer does not say which: refused before the call. */
  | { kind: 'channel_read'; target: TargetOf<M> }
  /** The answer carries content of channels: screened by the named screen after the call. */
  | { kind: 'screened'; screen: ScreenFor<M> }
  /** Nothing of a channel goes in or out; `why` says so for the reader. */
  | { kind: 'none'; why: string };

export type GatewayRules = { [M in GatewayMethod]: GatewayRule<M> };

const PROFILES = { kind: 'none', why: 'profiles and statuses belong to no channel' } as const;
const TEAMS = { kind: 'none', why: 'teams and their members belong to no channel' } as const;
const SERVER = { kind: 'none', why: 'server administration belongs to no channel' } as const;
const GROUPS = { kind: 'none', why: 'groups of people belong to no channel' } as const;
const EMOJIS = { kind: 'none', why: 'custom emojis belong to the server' } as const;

const channelArg = (_raw: UserGateway, channelId: string): Target => ({ channel: channelId });
const postArg = (_raw: UserGateway, postId: string): Target => ({ post: postId });
/** A new message (a post or a scheduled one): channel writable, text checked, marked. */
async function newMessage<T extends { channelId: string; message: string; props?: object }>(
  writer: MessageWriter,
  post: T,
): Promise<T> {
  await writer.checkWrite(post.channelId);
  return {
    ...post,
    message: writer.text(post.message),
    props: { ...post.props, ...writer.mark() },
  };
}

const screened = <N extends ScreenName>(screen: N) => ({ kind: 'screened', screen }) as const;
const readsChannel = { kind: 'channel_read', target: channelArg } as const;
const writesChannel = { kind: 'channel_write', target: channelArg } as const;
const writesPost = { kind: 'channel_write', target: postArg } as const;
const readsFile = {
  kind: 'channel_read',
  target: (_raw: UserGateway, fileId: string): Target => ({ file: fileId }),
} as const;

/**
 * The policy over every gateway method. A method missing here does not compile, so a new
 * operation cannot reach Mattermost before it says how the channel rules apply to it. The guarded
 * gateway (`guarded-gateway.ts`) applies this table; a test walks every method against it.
 */
export const GATEWAY_RULES: GatewayRules = {
  // Users
  getMe: PROFILES,
  getUser: PROFILES,
  getUserByUsername: PROFILES,
  getUserByEmail: PROFILES,
  getUsersByIds: PROFILES,
  getUsersByUsernames: PROFILES,
  searchUsers: PROFILES,
  getStatus: PROFILES,
  getStatusesByIds: PROFILES,
  setMyStatus: PROFILES,
  setMyCustomStatus: PROFILES,
  clearMyCustomStatus: PROFILES,
  patchMe: PROFILES,
  getProfileAttributeFields: PROFILES,
  getUserProfileAttributes: PROFILES,

  // Teams
  getMyTeams: TEAMS,
  getTeam: TEAMS,
  getTeamByName: TEAMS,
  getTeams: TEAMS,
  getTeamMembers: TEAMS,
  addTeamMember: TEAMS,
  removeTeamMember: TEAMS,
  getTeamStats: TEAMS,
  patchTeam: TEAMS,
  getNewTeamMembers: TEAMS,
  getUserTeams: TEAMS,
  getTeamMembersByIds: TEAMS,
  addTeamMembers: TEAMS,
  // The invitation names channels the invited join: each must be one assistants may change. Its
  // personal note is a message like any other: length checked.
  inviteToTeamByEmail: {
    kind: 'message_write',
    async prepare(writer, teamId, emails, channelIds, message) {
      for (const channelId of channelIds) await writer.checkWrite(channelId);
      return [teamId, emails, channelIds, message ? writer.text(message) : message];
    },
  },

  // Channels
  getMyChannels: screened('channels'),
  getChannel: screened('channel'),
  getChannelByName: screened('channel'),
  getPublicChannels: screened('channels'),
  searchPublicChannels: screened('channels'),
  getArchivedChannels: screened('channels'),
  getOrCreateDirectChannel: screened('channel'),
  getOrCreateGroupChannel: screened('channel'),
  // The new channel is screened by what it is (its team and name), as any channel read.
  createChannel: screened('channel'),
  patchChannel: writesChannel,
  archiveChannel: writesChannel,
  restoreChannel: writesChannel,
  setChannelPrivacy: writesChannel,
  getChannelStats: screened('ownChannel'),
  getChannelMembers: readsChannel,
  addChannelMember: writesChannel,
  addChannelMembers: writesChannel,
  removeChannelMember: writesChannel,
  getMyChannelMember: screened('ownChannel'),
  getMyChannelMembers: screened('rowChannels'),
  viewChannel: writesChannel,
  setMyChannelNotifyProps: writesChannel,
  getChannelUnread: readsChannel,
  getSidebarCategories: screened('sidebarCategories'),
  getChannelBookmarks: readsChannel,
  addChannelBookmark: writesChannel,
  updateChannelBookmark: writesChannel,
  removeChannelBookmark: writesChannel,

  // People in a place
  searchUsersIn: {
    kind: 'channel_read',
    target: (_raw, _term, scope) => {
      const channelId = scope.inChannelId ?? scope.notInChannelId;
      return channelId ? { channel: channelId } : undefined;
    },
  },
  getChannelMembersByIds: readsChannel,
  getUserChannels: screened('channels'),
  getUserChannelMembers: screened('rowChannels'),

  // Groups
  searchGroups: GROUPS,
  getGroup: GROUPS,
  getGroupsOfUser: GROUPS,
  getGroupMembers: GROUPS,
  getChannelGroups: readsChannel,
  getTeamGroups: GROUPS,

  // Roles and memberships
  getRoleByName: { kind: 'none', why: 'roles are permission sets of the whole server' },
  getRoleById: { kind: 'none', why: 'roles are permission sets of the whole server' },
  getChannelMember: readsChannel,
  getTeamMember: TEAMS,
  setChannelAdmin: writesChannel,
  setTeamAdmin: TEAMS,
  getChannelModerations: readsChannel,

  // Preferences
  getMyPreferences: {
    kind: 'none',
    why: 'names and values only: a favorite names its channel by id, screened when looked up',
  },
  setChannelFavorite: writesChannel,
  setPostSaved: writesPost,

  // Posts
  getPosts: readsChannel,
  getPostsSince: readsChannel,
  getPostsAroundUnread: readsChannel,
  getPost: screened('ownChannel'),
  getPostPlace: screened('ownChannel'),
  getPinnedPosts: readsChannel,
  getSavedPosts: screened('postList'),
  createPost: {
    kind: 'message_write',
    prepare: async (writer, post) => [await newMessage(writer, post)],
  },
  patchPost: {
    kind: 'message_write',
    async prepare(writer, postId, message, props) {
      // The post's own props are kept: a patch replaces them whole.
      const current = await writer.raw.getPost(postId);
      await writer.checkWrite(current.channel_id);
      return [postId, writer.text(message), { ...current.props, ...props, ...writer.mark() }];
    },
  },
  deletePost: writesPost,
  pinPost: writesPost,
  unpinPost: writesPost,
  acknowledgePost: writesPost,
  unacknowledgePost: writesPost,
  markPostUnread: writesPost,
  setPostReminder: writesPost,

  // Reactions
  getReactions: { kind: 'channel_read', target: postArg },
  addReaction: writesPost,
  removeReaction: writesPost,
  getCustomEmojis: EMOJIS,
  searchCustomEmojis: EMOJIS,

  // Threads
  getPostThread: screened('postList'),
  getUserThreads: screened('threadList'),
  setThreadFollowing: {
    kind: 'channel_write',
    target: (_raw, _team, rootId) => ({ post: rootId }),
  },
  markThreadRead: { kind: 'channel_write', target: (_raw, _team, rootId) => ({ post: rootId }) },

  // Files
  getFileInfo: screened('ownChannel'),
  getFileContent: readsFile,
  // A public link opens the file to anyone: only for files of channels assistants may read.
  getFilePublicLink: readsFile,
  uploadFile: writesChannel,

  // Search
  searchPosts: screened('postList'),
  searchFiles: screened('fileSearch'),

  // Scheduled messages
  createScheduledPost: {
    kind: 'message_write',
    prepare: async (writer, post) => [await newMessage(writer, post)],
  },
  getScheduledPosts: screened('scheduledByTeam'),
  updateScheduledPost: {
    kind: 'message_write',
    async prepare(writer, post) {
      await writer.checkWrite(post.channel_id);
      return [{ ...post, message: writer.text(post.message) }];
    },
  },
  // Only its id is known before: the answer is screened, and ids come from screened lists.
  deleteScheduledPost: screened('ownChannel'),

  // Administration
  ping: SERVER,
  getConfig: SERVER,
  getClientConfig: SERVER,
  getAnalytics: SERVER,
  listUsers: SERVER,
  setUserActive: SERVER,
  setUserRoles: SERVER,
  getBots: SERVER,
  createBot: SERVER,
  disableBot: SERVER,
  getUserAccessTokens: SERVER,
  revokeUserAccessToken: SERVER,
  getIncomingWebhooks: screened('rowChannels'),
  getOutgoingWebhooks: screened('rowChannels'),
  getIncomingWebhook: screened('ownChannel'),
  getOutgoingWebhook: screened('ownChannel'),
  createOutgoingWebhook: {
    kind: 'channel_write',
    target: (_raw, hook) => (hook.channelId ? { channel: hook.channelId } : undefined),
  },
  deleteIncomingWebhook: {
    kind: 'channel_write',
    target: async (raw, hookId) => ({ channel: (await raw.getIncomingWebhook(hookId)).channel_id }),
  },
  deleteOutgoingWebhook: {
    kind: 'channel_write',
    target: async (raw, hookId) => {
      const hook = await raw.getOutgoingWebhook(hookId);
      return hook.channel_id ? { channel: hook.channel_id } : undefined;
    },
  },

  // Accounts of other people: system admins
  patchUser: SERVER,
  createUser: SERVER,
  getBot: SERVER,

  // Finding things across the server
  // The post's channel is known only from the answer, often one the user cannot open: judged
  // by what the answer says of it, refused when hidden or when the rules cannot tell.
  getPostInfo: screened('postInfo'),
  searchArchivedChannels: screened('channels'),
  getPrivateTeamChannels: screened('channels'),
  getCommonTeams: readsChannel,
  searchTeams: TEAMS,
  getUserCount: PROFILES,
  listUsersOutside: {
    kind: 'channel_read',
    target: (_raw, place) => ('channelId' in place ? { channel: place.channelId } : undefined),
  },
  createTeam: TEAMS,
};
