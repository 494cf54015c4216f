import type { SimContext } from '../context.js';
import type { Channel, FileRecord, Post, User } from '../store/types.js';

// How records leave the server: secrets dropped, derived fields filled in as Mattermost does.

/** A user as others see them: no password or auth data; email hidden unless allowed. */
export function presentUser(
  ctx: SimContext,
  user: User,
  viewerId?: string,
): Record<string, unknown> {
  // Fields are left out by not copying them rather than by `delete`, which would turn the object into
  // a slow dictionary (and make its JSON serialisation slower).
  const {
    password: _password,
    auth_data: _auth,
    disable_welcome_email: _w,
    email_verified,
    notify_props,
    last_password_update,
    mfa_active,
    bot_description,
    last_activity_at,
    ...rest
  } = user;
  const out: Record<string, unknown> = rest;
  const self = viewerId === user.id;
  const admin = viewerId !== undefined && ctx.store.isSystemAdmin(viewerId);
  if (self || admin) {
    out['notify_props'] = notify_props;
    out['last_password_update'] = last_password_update;
    out['mfa_active'] = mfa_active;
    out['email_verified'] = email_verified;
  } else {
    const privacy = ctx.store.config.PrivacySettings;
    if (!privacy.ShowEmailAddress) out['email'] = '';
    if (!privacy.ShowFullName) {
      out['first_name'] = '';
      out['last_name'] = '';
    }
  }
  if (user.is_bot) out['bot_description'] = bot_description;
  if (last_activity_at !== 0) out['last_activity_at'] = last_activity_at;
  return out;
}

export function presentFile(file: FileRecord): Record<string, unknown> {
  const { data: _data, ...info } = file;
  return { ...info, mini_preview: null, remote_id: '', archived: false };
}

/** A post with its metadata (reactions, files, acknowledgements, priority) as Mattermost sends it. */
export function presentPost(ctx: SimContext, post: Post): Record<string, unknown> {
  const { store } = ctx;
  const root = post.root_id ? store.post(post.root_id) : post;
  const reactions = store.reactionsOf(post.id);
  const files = store.filesOfPost(post.id);
  const acks = store.acknowledgements.values(post.id);
  const metadata: Record<string, unknown> = {};
  if (post.delete_at === 0) {
    if (reactions.length) metadata['reactions'] = reactions;
    if (files.length) metadata['files'] = files.map(presentFile);
    if (acks.length) metadata['acknowledgements'] = acks;
    if (post.priority) metadata['priority'] = post.priority;
  }
  const isRoot = post.root_id === '';
  return {
    id: post.id,
    create_at: post.create_at,
    update_at: post.update_at,
    edit_at: post.edit_at,
    delete_at: post.delete_at,
    is_pinned: post.is_pinned,
    user_id: post.user_id,
    channel_id: post.channel_id,
    root_id: post.root_id,
    original_id: post.original_id,
    message: post.message,
    type: post.type,
    props: post.props,
    hashtags: post.hashtags,
    pending_post_id: post.pending_post_id,
    file_ids: post.file_ids.length ? post.file_ids : undefined,
    reply_count: root?.reply_count ?? 0,
    last_reply_at: isRoot ? post.last_reply_at : 0,
    participants:
      isRoot && post.participants.length
        ? post.participants.map((id) => participant(ctx, id))
        : null,
    has_reactions: reactions.length > 0,
    remote_id: post.remote_id,
    metadata,
  };
}

function participant(ctx: SimContext, userId: string): Record<string, unknown> {
  const user = ctx.store.user(userId);
  return user ? presentUser(ctx, user) : { id: userId };
}

/** A channel as Mattermost sends it. */
export function presentChannel(channel: Channel): Record<string, unknown> {
  return { ...channel };
}

/** Mattermost's PostList: `order` newest first, cursors to the neighbouring posts. */
export function postList(
  ctx: SimContext,
  posts: Post[],
  cursors: { next_post_id?: string; prev_post_id?: string; has_next?: boolean } = {},
): Record<string, unknown> {
  const sorted = [...posts].sort((a, b) => b.create_at - a.create_at);
  const map: Record<string, unknown> = {};
  for (const p of sorted) map[p.id] = presentPost(ctx, p);
  const out: Record<string, unknown> = {
    order: sorted.map((p) => p.id),
    posts: map,
    next_post_id: cursors.next_post_id ?? '',
    prev_post_id: cursors.prev_post_id ?? '',
    first_inaccessible_post_time: 0,
  };
  if (cursors.has_next !== undefined) out['has_next'] = cursors.has_next;
  return out;
}
