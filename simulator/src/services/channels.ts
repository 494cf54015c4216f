import { createHash } from 'node:crypto';
import type { SimContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { newId } from '../ids.js';
import { newMemberFlags, rolesOf } from './scheme-roles.js';
import type { Channel, ChannelMember, ChannelType } from '../store/types.js';
import {
  postChannelArchived,
  postChannelRestored,
  postMemberAdded,
  postMemberRemoved,
} from './system-posts.js';

const CHANNEL_NAME = /^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$|^[a-z0-9]{26}__[a-z0-9]{26}$|^[a-z0-9]{40}$/;

export function defaultChannelNotifyProps(): Record<string, string> {
  return {
    desktop: 'default',
    desktop_sound: 'default',
    desktop_threads: 'default',
    email: 'default',
    ignore_channel_mentions: 'default',
    mark_unread: 'all',
    push: 'default',
    push_threads: 'default',
    channel_auto_follow_threads: 'off',
  };
}

export interface NewChannel {
  team_id: string;
  name: string;
  display_name: string;
  type: ChannelType;
  purpose?: string;
  header?: string;
  create_at?: number;
}

/** Creates a channel; the creator (if any) joins it as channel admin and gets `channel_created`. */
export function createChannel(ctx: SimContext, input: NewChannel, creatorId: string): Channel {
  const { store } = ctx;
  const name = (input.name ?? '').toLowerCase();
  if (!name || name.length > 64 || !CHANNEL_NAME.test(name)) {
    throw badRequest('model.channel.is_valid.name.app_error', 'Invalid channel name.');
  }
  if (!input.display_name || input.display_name.length > 64) {
    throw badRequest('model.channel.is_valid.display_name.app_error', 'Invalid display name.');
  }
  if (input.type !== 'D' && input.type !== 'G' && store.channelByName(input.team_id, name)) {
    throw badRequest(
      'store.sql_channel.save_channel.exists.app_error',
      'A channel with that name already exists on the same team.',
    );
  }
  const now = input.create_at ?? ctx.now();
  const channel: Channel = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    team_id: input.team_id,
    type: input.type,
    display_name: input.display_name,
    name,
    header: input.header ?? '',
    purpose: input.purpose ?? '',
    last_post_at: now,
    last_root_post_at: now,
    total_msg_count: 0,
    total_msg_count_root: 0,
    extra_update_at: 0,
    creator_id: creatorId,
    scheme_id: null,
    props: null,
    group_constrained: null,
    shared: false,
    policy_id: null,
  };
  store.channels.set(channel.id, channel);
  store.channelPosts.set(channel.id, []);
  if (creatorId && input.type !== 'D' && input.type !== 'G') {
    addChannelMember(ctx, channel.id, creatorId, { admin: true, at: now });
    ctx.bus.publish({
      event: 'channel_created',
      data: { channel_id: channel.id, team_id: channel.team_id },
      broadcast: { user_id: creatorId },
    });
  }
  return channel;
}

/**
 * Adds a member (idempotent). Everyone in the channel, the newcomer included, gets `user_added`.
 * With `addedBy` (a user's action, not the channel's creation or seeding) the channel also gets
 * Mattermost's system message: `system_join_channel` or `system_add_to_channel`.
 */
export function addChannelMember(
  ctx: SimContext,
  channelId: string,
  userId: string,
  options: { admin?: boolean; at?: number; silent?: boolean; addedBy?: string } = {},
): ChannelMember {
  const { store } = ctx;
  const existing = store.channelMember(channelId, userId);
  if (existing) return existing;
  const channel = store.channels.get(channelId);
  const now = options.at ?? ctx.now();
  const flags = newMemberFlags(ctx, userId, options.admin);
  const member: ChannelMember = {
    channel_id: channelId,
    user_id: userId,
    roles: rolesOf('channel', flags),
    last_viewed_at: now,
    msg_count: channel?.total_msg_count ?? 0,
    msg_count_root: channel?.total_msg_count_root ?? 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    notify_props: defaultChannelNotifyProps(),
    last_update_at: now,
    ...flags,
    explicit_roles: '',
  };
  store.channelMembers.set(channelId, userId, member);
  if (!options.silent) {
    ctx.bus.publish({
      event: 'user_added',
      data: { user_id: userId, team_id: channel?.team_id ?? '' },
      broadcast: { channel_id: channelId },
    });
  }
  if (options.addedBy) postMemberAdded(ctx, channel, userId, options.addedBy);
  return member;
}

/**
 * Removes a member; the channel hears `user_removed {user_id, remover_id}`, the user `{channel_id,
 * remover_id}`, and the channel gets `system_leave_channel` or `system_remove_from_channel` unless
 * `announce` is false (leaving a team drops its channels without a message in each).
 */
export function removeChannelMember(
  ctx: SimContext,
  channelId: string,
  userId: string,
  removerId: string,
  options: { announce?: boolean } = {},
): boolean {
  if (!ctx.store.channelMembers.delete(channelId, userId)) return false;
  ctx.bus.publish({
    event: 'user_removed',
    data: { user_id: userId, remover_id: removerId },
    broadcast: { channel_id: channelId },
  });
  ctx.bus.publish({
    event: 'user_removed',
    data: { channel_id: channelId, remover_id: removerId },
    broadcast: { user_id: userId },
  });
  if (options.announce !== false)
    postMemberRemoved(ctx, ctx.store.channels.get(channelId), userId, removerId);
  return true;
}

/** Mattermost's DM channel name: the two ids sorted, joined by `__`. */
export function directChannelName(a: string, b: string): string {
  return [a, b].sort().join('__');
}

/** The DM between two users, created on first use (with `direct_added`). */
export function getOrCreateDirect(
  ctx: SimContext,
  creatorId: string,
  a: string,
  b: string,
  at?: number,
): Channel {
  const name = directChannelName(a, b);
  const existing = ctx.store.channelByName('', name);
  if (existing) return existing;
  const channel = createChannel(
    ctx,
    { team_id: '', name, display_name: name, type: 'D', create_at: at },
    creatorId,
  );
  // Mattermost stores DMs without a display name; clients show the other person's name.
  channel.display_name = '';
  addChannelMember(ctx, channel.id, a, { at, silent: true });
  if (b !== a) addChannelMember(ctx, channel.id, b, { at, silent: true });
  const teammate = creatorId === a ? b : a;
  ctx.bus.publish({
    event: 'direct_added',
    data: { creator_id: creatorId, teammate_id: teammate },
    broadcast: { channel_id: channel.id },
  });
  return channel;
}

/** Mattermost names a group message by the sha1 of its sorted member ids. */
export function groupChannelName(ids: string[]): string {
  return createHash('sha1')
    .update([...ids].sort().join(','))
    .digest('hex');
}

/** The group message among `userIds` (3 to 8 people), created on first use (with `group_added`). */
export function getOrCreateGroup(
  ctx: SimContext,
  creatorId: string,
  userIds: string[],
  name: string,
  at?: number,
): Channel {
  const existing = ctx.store.channelByName('', name);
  if (existing) return existing;
  const usernames = userIds
    .map((id) => ctx.store.user(id)?.username ?? id)
    .sort()
    .join(', ');
  const channel = createChannel(
    ctx,
    { team_id: '', name, display_name: usernames, type: 'G', create_at: at },
    creatorId,
  );
  for (const id of userIds) addChannelMember(ctx, channel.id, id, { at, silent: true });
  ctx.bus.publish({
    event: 'group_added',
    data: { teammate_ids: JSON.stringify(userIds) },
    broadcast: { channel_id: channel.id },
  });
  return channel;
}

export function publishChannelUpdated(ctx: SimContext, channel: Channel): void {
  ctx.bus.publish({
    event: 'channel_updated',
    data: { channel: JSON.stringify(channel) },
    broadcast: { channel_id: channel.id },
  });
}

/**
 * Archives a channel (`channel_deleted` to the channel's team, as Mattermost broadcasts it). With
 * `by`, the user archiving it first posts `system_channel_deleted` in it.
 */
export function archiveChannel(ctx: SimContext, channel: Channel, by?: string): void {
  if (by) postChannelArchived(ctx, channel, by);
  const now = ctx.now();
  channel.delete_at = now;
  channel.update_at = now;
  ctx.bus.publish({
    event: 'channel_deleted',
    data: { channel_id: channel.id, delete_at: now },
    broadcast: channel.team_id ? { team_id: channel.team_id } : { channel_id: channel.id },
  });
}

/** Restores an archived channel; with `by`, that user then posts `system_channel_restored` in it. */
export function restoreChannel(ctx: SimContext, channel: Channel, by?: string): void {
  channel.delete_at = 0;
  channel.update_at = ctx.now();
  ctx.bus.publish({
    event: 'channel_restored',
    data: { channel_id: channel.id },
    broadcast: channel.team_id ? { team_id: channel.team_id } : { channel_id: channel.id },
  });
  if (by) postChannelRestored(ctx, channel, by);
}

/** A member's read counts caught up with the channel and their mentions cleared, as on a view. */
export function catchUpMember(member: ChannelMember, channel: Channel): void {
  member.msg_count = channel.total_msg_count;
  member.msg_count_root = channel.total_msg_count_root;
  member.mention_count = 0;
  member.mention_count_root = 0;
  member.urgent_mention_count = 0;
}

/** Marks a channel read for a user: last_viewed_at now, msg_count caught up, mentions cleared. */
export function viewChannel(ctx: SimContext, channelId: string, userId: string): number {
  const member = ctx.store.channelMember(channelId, userId);
  const channel = ctx.store.channels.get(channelId);
  if (!member || !channel) return 0;
  const previous = member.last_viewed_at;
  const now = ctx.now();
  member.last_viewed_at = now;
  catchUpMember(member, channel);
  member.last_update_at = now;
  ctx.bus.publish({
    event: 'channel_viewed',
    data: { channel_id: channelId },
    broadcast: { user_id: userId },
  });
  return previous;
}

/** Tells the member's connections that their membership changed (roles, notify props). */
export function publishChannelMemberUpdated(ctx: SimContext, member: ChannelMember): void {
  ctx.bus.publish({
    event: 'channel_member_updated',
    data: { channelMember: JSON.stringify(member) },
    broadcast: { user_id: member.user_id },
  });
}
