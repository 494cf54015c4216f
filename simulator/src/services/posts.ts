import type { SimContext } from '../context.js';
import { AppError, badRequest } from '../http/errors.js';
import { newId } from '../ids.js';
import type { Channel, Post } from '../store/types.js';
import { catchUpMember } from './channels.js';
import { computeMentions, parseHashtags } from './mentions.js';
import { presentPost } from './present.js';
import { isJoinLeaveType } from './system-posts.js';
import { presentUserThread, touchThreadMembership } from './threads.js';
import { collapsedThreadsFor, setOnlineIfAutomatic } from './users.js';

export const MAX_MESSAGE_LENGTH = 16383;

/** Counted in characters (runes), as `Post.IsValid` does, not in UTF-16 code units. */
export function isTooLong(message: string): boolean {
  return message.length > MAX_MESSAGE_LENGTH && [...message].length > MAX_MESSAGE_LENGTH;
}
/** How long a `pending_post_id` is remembered for de-duplication (Mattermost: 30 s). */
export const PENDING_POST_TTL_MS = 30_000;

export interface NewPost {
  channel_id: string;
  message: string;
  root_id?: string;
  file_ids?: string[];
  props?: Record<string, unknown>;
  type?: string;
  pending_post_id?: string;
  priority?: Post['priority'];
  /** Seeds back-date history; live posts use the clock. */
  create_at?: number;
}

export interface CreatePostOptions {
  /** Mark the author online (Mattermost's `set_online`, default true). */
  setOnline?: boolean;
  /** The post comes from a webhook: `props.from_webhook = "true"`, override name/icon allowed. */
  fromWebhook?: boolean;
  overrideUsername?: string;
  overrideIconUrl?: string;
}

/**
 * Creates a post as Mattermost does: validates the channel and thread, de-duplicates a retried
 * `pending_post_id`, updates channel counters, mention counts and thread memberships, and publishes
 * `posted`. Returns the existing post (and `created: false`) for a duplicate.
 */
export function createPost(
  ctx: SimContext,
  userId: string,
  input: NewPost,
  options: CreatePostOptions = {},
): { post: Post; created: boolean } {
  const { store } = ctx;
  const channel = store.channels.get(input.channel_id);
  if (!channel)
    throw badRequest(
      'api.post.create_post.channel_not_found.app_error',
      'Unable to find the channel.',
    );
  if (channel.delete_at > 0) {
    throw badRequest(
      'api.post.create_post.can_not_post_to_deleted.error',
      'Can not post to deleted channel.',
    );
  }
  const now = ctx.now();
  const pendingKey = input.pending_post_id ? `${userId}:${input.pending_post_id}` : '';
  if (pendingKey) {
    const seen = store.pendingPosts.get(pendingKey);
    const existing =
      seen && now - seen.at < PENDING_POST_TTL_MS ? store.post(seen.postId) : undefined;
    if (existing) return { post: existing, created: false };
  }
  const message = input.message ?? '';
  if (isTooLong(message)) {
    throw badRequest('model.post.is_valid.message_length.app_error', 'Message too long.');
  }
  const rootId = input.root_id ?? '';
  let root: Post | undefined;
  if (rootId) {
    root = store.post(rootId);
    if (!root || root.delete_at > 0 || root.channel_id !== channel.id) {
      throw badRequest('api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
    }
    if (root.root_id)
      throw badRequest('api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
  }
  // Files that cannot be attached (unknown, someone else's, already on a post) are dropped, and the
  // post is still created, as Mattermost does.
  const fileIds = (input.file_ids ?? [])
    .filter((id) => {
      const f = store.files.get(id);
      return f !== undefined && f.user_id === userId && !f.post_id;
    })
    .slice(0, 10);
  const props: Record<string, unknown> = { ...(input.props ?? {}) };
  const fromBot = store.user(userId)?.is_bot === true;
  if (fromBot) props['from_bot'] = 'true';
  if (options.fromWebhook) {
    props['from_webhook'] = 'true';
    if (options.overrideUsername) props['override_username'] = options.overrideUsername;
    if (options.overrideIconUrl) props['override_icon_url'] = options.overrideIconUrl;
  }
  const at = input.create_at ?? now;
  const post: Post = {
    id: newId(),
    create_at: at,
    update_at: at,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: userId,
    channel_id: channel.id,
    root_id: rootId,
    original_id: '',
    message,
    type: input.type ?? '',
    props,
    hashtags: parseHashtags(message),
    pending_post_id: input.pending_post_id ?? '',
    file_ids: fileIds,
    remote_id: '',
    reply_count: 0,
    last_reply_at: 0,
    participants: [],
  };
  if (input.priority) post.priority = input.priority;
  store.posts.set(post.id, post);
  insertByTime(ctx, store.channelPosts, channel.id, post);
  for (const id of fileIds) {
    const f = store.files.get(id);
    if (f) {
      f.post_id = post.id;
      f.channel_id = channel.id;
    }
  }
  if (pendingKey) store.pendingPosts.set(pendingKey, { postId: post.id, at: now });

  // Join and leave notices move the channel's last post time but not its message counts, so they
  // never make a channel unread (Mattermost's Post.IsJoinLeaveMessage).
  const counted = !isJoinLeaveType(post.type);
  channel.last_post_at = Math.max(channel.last_post_at, at);
  if (counted) channel.total_msg_count += 1;
  if (!root) {
    channel.last_root_post_at = Math.max(channel.last_root_post_at, at);
    if (counted) channel.total_msg_count_root += 1;
  }

  // System messages notify nobody, even when their text names someone.
  const mentions = post.type.startsWith('system_')
    ? { userIds: new Set<string>(), broadcast: false }
    : computeMentions(ctx, channel, userId, message);
  for (const id of mentions.userIds) {
    const member = store.channelMember(channel.id, id);
    if (!member) continue;
    member.mention_count += 1;
    if (!root) member.mention_count_root += 1;
    if (post.priority?.priority === 'urgent') member.urgent_mention_count += 1;
  }
  // The author has viewed their own channel with this post (counts caught up, mentions cleared),
  // unless it came from a webhook or a bot, or is a reply while the author has collapsed threads
  // (`CreatePostAsUser` → `MarkChannelsAsViewed`).
  const own = store.channelMember(channel.id, userId);
  const crtReply = root !== undefined && collapsedThreadsFor(ctx, userId);
  if (own && !options.fromWebhook && !fromBot && !crtReply) {
    catchUpMember(own, channel);
    own.last_viewed_at = Math.max(own.last_viewed_at, at);
    own.last_update_at = now;
  }

  const followers: string[] = [];
  if (root) {
    insertByTime(ctx, store.threadReplies, root.id, post);
    root.reply_count += 1;
    root.last_reply_at = Math.max(root.last_reply_at, at);
    root.update_at = Math.max(root.update_at, at);
    if (!root.participants.includes(userId)) root.participants.push(userId);
    const autoFollow = store.config.ServiceSettings.ThreadAutoFollow;
    if (autoFollow) {
      // The root's author follows from the first reply on, unless they unfollowed before.
      touchThreadMembership(ctx, root.id, root.user_id, { follow: true, onlyIfAbsent: true });
      touchThreadMembership(ctx, root.id, userId, { follow: true, viewedAt: at });
      for (const id of mentions.userIds)
        touchThreadMembership(ctx, root.id, id, { follow: true, addMention: true });
    }
    for (const [id, m] of store.threadMemberships.outer.get(root.id) ?? []) {
      if (m.following && id !== userId) followers.push(id);
    }
  }

  if (options.setOnline !== false && !options.fromWebhook) setOnlineIfAutomatic(ctx, userId);
  publishPosted(ctx, channel, post, [...mentions.userIds], followers, options.setOnline !== false);
  if (root) {
    for (const id of followers) {
      ctx.bus.publish({
        event: 'thread_updated',
        data: { thread: JSON.stringify(presentUserThread(ctx, root, id)) },
        broadcast: { user_id: id },
      });
    }
  }
  return { post, created: true };
}

/** Keeps a list of post ids in creation order even when seeds back-date posts out of order. */
function insertByTime(
  ctx: SimContext,
  lists: Map<string, string[]>,
  key: string,
  post: Post,
): void {
  let list = lists.get(key);
  if (!list) lists.set(key, (list = []));
  let i = list.length;
  while (i > 0 && (ctx.store.post(list[i - 1] ?? '')?.create_at ?? 0) > post.create_at) i--;
  list.splice(i, 0, post.id);
}

function senderName(ctx: SimContext, channel: Channel, post: Post): string {
  if (post.type.startsWith('system_')) return 'System';
  const override = post.props['override_username'];
  if (channel.type !== 'D' && post.props['from_webhook'] === 'true' && typeof override === 'string')
    return override;
  return '@' + (ctx.store.user(post.user_id)?.username ?? '');
}

function channelDisplayName(ctx: SimContext, channel: Channel, post: Post): string {
  if (channel.type === 'D') return '@' + (ctx.store.user(post.user_id)?.username ?? '');
  return channel.display_name;
}

function publishPosted(
  ctx: SimContext,
  channel: Channel,
  post: Post,
  mentioned: string[],
  followers: string[],
  setOnline: boolean,
): void {
  const perUser: Record<string, Record<string, unknown>> = {};
  for (const id of mentioned) perUser[id] = { mentions: JSON.stringify([id]) };
  for (const id of followers) perUser[id] = { ...perUser[id], followers: JSON.stringify([id]) };
  ctx.bus.publish({
    event: 'posted',
    data: {
      channel_display_name: channelDisplayName(ctx, channel, post),
      channel_name: channel.name,
      channel_type: channel.type,
      post: JSON.stringify(presentPost(ctx, post)),
      sender_name: senderName(ctx, channel, post),
      set_online: setOnline,
      team_id: channel.team_id,
    },
    broadcast: { channel_id: channel.id },
    perUser,
  });
}

export function publishPostEdited(ctx: SimContext, post: Post): void {
  ctx.bus.publish({
    event: 'post_edited',
    data: { post: JSON.stringify(presentPost(ctx, post)) },
    broadcast: { channel_id: post.channel_id },
  });
}

/** Changes a post's message, props or files (author or admin). */
export function updatePost(
  ctx: SimContext,
  post: Post,
  change: {
    message?: string;
    props?: Record<string, unknown>;
    file_ids?: string[];
    is_pinned?: boolean;
  },
): Post {
  const now = ctx.now();
  if (change.message !== undefined && change.message !== post.message) {
    if (isTooLong(change.message)) {
      throw badRequest('model.post.is_valid.message_length.app_error', 'Message too long.');
    }
    post.message = change.message;
    post.hashtags = parseHashtags(post.message);
    post.edit_at = now;
  }
  if (change.props !== undefined) post.props = { ...change.props };
  if (change.file_ids !== undefined) post.file_ids = [...change.file_ids];
  if (change.is_pinned !== undefined) post.is_pinned = change.is_pinned;
  post.update_at = now;
  publishPostEdited(ctx, post);
  return post;
}

/**
 * Deletes a post (and, for a root, its replies). `post_deleted` carries the post as read before the
 * deletion (`delete_at` 0); only the system admins' copies name who deleted it (`delete_by`).
 */
export function deletePost(ctx: SimContext, post: Post, deleterId: string): void {
  const { store } = ctx;
  const now = ctx.now();
  const before = JSON.stringify(presentPost(ctx, post));
  const victims = [post, ...(post.root_id ? [] : store.repliesOf(post.id))];
  for (const p of victims) {
    p.delete_at = now;
    p.update_at = now;
    for (const id of p.file_ids) {
      const f = store.files.get(id);
      if (f) f.delete_at = now;
    }
  }
  if (post.root_id) {
    const root = store.post(post.root_id);
    if (root) {
      root.reply_count = Math.max(0, root.reply_count - 1);
      const replies = store.repliesOf(root.id);
      root.last_reply_at = replies.length ? (replies[replies.length - 1]?.create_at ?? 0) : 0;
    }
  }
  const admins = [...store.users.values()].filter((u) => store.isSystemAdmin(u.id));
  ctx.bus.publish({
    event: 'post_deleted',
    data: { post: before },
    broadcast: { channel_id: post.channel_id },
    perUser: Object.fromEntries(admins.map((u) => [u.id, { delete_by: deleterId }])),
  });
}

/** Posts in an archived channel are frozen: no edits, no deletions. */
function requireLiveChannel(ctx: SimContext, post: Post, action: 'update' | 'delete'): void {
  if ((ctx.store.channels.get(post.channel_id)?.delete_at ?? 0) > 0) {
    throw badRequest(
      `api.post.${action}_post.can_not_${action}_post_in_deleted.error`,
      `Can not ${action} a post in an archived channel.`,
    );
  }
}

/** Only the author may edit; admins may edit others' posts. */
export function requireCanEdit(ctx: SimContext, userId: string, post: Post): void {
  requireLiveChannel(ctx, post, 'update');
  if (post.user_id !== userId && !ctx.store.isSystemAdmin(userId)) {
    throw new AppError(
      403,
      'api.context.permissions.app_error',
      'You do not have the appropriate permissions.',
      'permission=edit_others_posts',
    );
  }
}

/** Authors delete their own posts; channel, team and system admins delete anyone's. */
export function requireCanDelete(ctx: SimContext, userId: string, post: Post): void {
  requireLiveChannel(ctx, post, 'delete');
  if (post.user_id === userId || ctx.store.isSystemAdmin(userId)) return;
  const member = ctx.store.channelMember(post.channel_id, userId);
  if (member?.roles.split(' ').includes('channel_admin')) return;
  const channel = ctx.store.channels.get(post.channel_id);
  if (
    channel?.team_id &&
    ctx.store.teamMember(channel.team_id, userId)?.roles.split(' ').includes('team_admin')
  )
    return;
  throw new AppError(
    403,
    'api.context.permissions.app_error',
    'You do not have the appropriate permissions.',
    'permission=delete_others_posts',
  );
}
