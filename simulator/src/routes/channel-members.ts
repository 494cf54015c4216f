import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import {
  AppError,
  badRequest,
  channelMemberNotFound,
  forbidden,
  invalidParam,
} from '../http/errors.js';
import { isValidId } from '../ids.js';
import { body, idParam, pageOf, paging, stringArrayBody, userIdParam } from '../http/params.js';
import {
  isAdmin,
  requireChannel,
  requireReadChannel,
  requireSelfOrAdmin,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { isJoinLeaveType } from '../services/system-posts.js';
import {
  addChannelMember,
  publishChannelMemberUpdated,
  removeChannelMember,
  viewChannel,
} from '../services/channels.js';
import { computeMentions } from '../services/mentions.js';
import { requireUser } from '../services/users.js';
import type { Channel, ChannelMember, Session } from '../store/types.js';

/**
 * Who may add `userId`: in a public channel anyone of the team may add themself, members add others;
 * in a private channel members add others; DMs never change; admins may do anything.
 */
function requireCanAdd(ctx: SimContext, session: Session, channel: Channel, userId: string): void {
  if (channel.type === 'D')
    throw badRequest(
      'api.channel.add_user_to_channel.type.app_error',
      'Can not add user to this channel type.',
    );
  if (channel.delete_at > 0)
    throw badRequest(
      'api.channel.add_user_to_channel.deleted.app_error',
      'The channel has been archived or deleted.',
    );
  if (isAdmin(ctx, session)) return;
  const self = userId === session.user_id;
  if (channel.type === 'O' && self && ctx.store.isTeamMember(channel.team_id, userId)) return;
  if (ctx.store.isChannelMember(channel.id, session.user_id)) return;
  throw forbidden(
    channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members',
  );
}

/** Mattermost takes at most this many ids in one `user_ids` list. */
const MAX_USER_IDS = 1000;

/** Adds one user to a team channel, or says why not. */
function addOne(
  ctx: SimContext,
  session: Session,
  channel: Channel,
  userId: string,
): ChannelMember {
  const user = requireUser(ctx, userId);
  requireCanAdd(ctx, session, channel, user.id);
  if (channel.team_id && !ctx.store.isTeamMember(channel.team_id, user.id)) {
    throw new AppError(
      403,
      'api.channel.add_members.user_denied',
      'Channel membership denied to the following users because of group constraints or team membership.',
      `user_id=${user.id}`,
    );
  }
  return addChannelMember(ctx, channel.id, user.id, { addedBy: session.user_id });
}

export function registerChannelMemberRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/channels/members/:user_id/view', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const b = body(req);
    const channelId = typeof b['channel_id'] === 'string' ? b['channel_id'] : '';
    const times: Record<string, number> = {};
    if (channelId) {
      if (!isValidId(channelId)) throw invalidParam('channel_view.channel_id');
      // As in Mattermost, viewing only touches an existing membership: no permission check, no error.
      viewChannel(ctx, channelId, userId);
      const m = store.channelMember(channelId, userId);
      if (m) times[channelId] = m.last_viewed_at;
    }
    sendJson(res, { status: 'OK', last_viewed_at_times: times });
  });

  r.post('/users/:user_id/posts/:post_id/set_unread', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const post = store.post(idParam(req, 'post_id'));
    if (!post || post.delete_at > 0)
      throw new AppError(
        404,
        'app.post.get.app_error',
        'Unable to get the post.',
        'resource not found',
      );
    const channel = requireChannel(ctx, post.channel_id);
    const member = store.channelMember(channel.id, userId);
    if (!member) throw forbidden('read_channel');
    // Read up to just before the post: counters as they stood then, mentions recounted after it.
    // Join and leave notices are not in the channel's counts, so they are not counted here either.
    const all = store.postsOfChannel(channel.id).filter((p) => !isJoinLeaveType(p.type));
    const before = all.filter((p) => p.create_at < post.create_at);
    const after = all.filter(
      (p) => p.create_at >= post.create_at && p.user_id !== userId && !p.type.startsWith('system_'),
    );
    const mentioned = after.filter((p) =>
      computeMentions(ctx, channel, p.user_id, p.message).userIds.has(userId),
    );
    member.last_viewed_at = post.create_at - 1;
    member.msg_count = before.length;
    member.msg_count_root = before.filter((p) => p.root_id === '').length;
    member.mention_count = mentioned.length;
    member.mention_count_root = mentioned.filter((p) => p.root_id === '').length;
    member.urgent_mention_count = 0;
    member.last_update_at = ctx.now();
    const unread = {
      team_id: channel.team_id,
      channel_id: channel.id,
      msg_count: member.msg_count,
      msg_count_root: member.msg_count_root,
      mention_count: member.mention_count,
      mention_count_root: member.mention_count_root,
      urgent_mention_count: 0,
      last_viewed_at: member.last_viewed_at,
    };
    ctx.bus.publish({
      event: 'post_unread',
      data: { ...unread, post_id: post.id },
      broadcast: { user_id: userId },
    });
    sendJson(res, unread);
  });

  r.post('/users/:user_id/typing', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const b = body(req);
    const channelId = typeof b['channel_id'] === 'string' ? b['channel_id'] : '';
    if (!channelId) throw invalidParam('channel_id');
    requireChannel(ctx, channelId);
    if (!store.isChannelMember(channelId, userId)) throw forbidden('create_post');
    ctx.bus.publish({
      event: 'typing',
      data: {
        parent_id: typeof b['parent_id'] === 'string' ? b['parent_id'] : '',
        user_id: userId,
      },
      broadcast: { channel_id: channelId, omit_users: { [userId]: true } },
    });
    sendOk(res);
  });

  r.get('/channels/:channel_id/members', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const { page, perPage } = paging(req);
    const members = store
      .channelMembersOf(channel.id)
      .sort((a, b) => a.user_id.localeCompare(b.user_id));
    sendJson(res, pageOf(members, page, perPage));
  });

  r.post('/channels/:channel_id/members/ids', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const ids = stringArrayBody(req, 'user_ids');
    sendJson(
      res,
      ids
        .map((id) => store.channelMember(channel.id, id))
        .filter((m): m is ChannelMember => m !== undefined),
    );
  });

  r.get('/channels/:channel_id/members/:user_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const member = store.channelMember(channel.id, userIdParam(req, session));
    if (!member) throw channelMemberNotFound();
    sendJson(res, member);
  });

  r.post('/channels/:channel_id/members', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    const b = body(req);
    const single = typeof b['user_id'] === 'string' ? [b['user_id']] : undefined;
    const many = Array.isArray(b['user_ids']) ? (b['user_ids'] as unknown[]) : undefined;
    if (many && (many.length > MAX_USER_IDS || !many.every(isValidId)))
      throw invalidParam('user_ids');
    const ids = many ?? single;
    if (!ids || ids.length === 0) throw invalidParam('user_id');
    // Each user on their own, as Mattermost does: one that cannot be added is skipped, and the
    // request fails only when nobody could be added (with the last reason).
    let lastError: AppError | undefined;
    const added: ChannelMember[] = [];
    for (const id of ids) {
      try {
        added.push(addOne(ctx, session, channel, id));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        lastError = err;
      }
    }
    if (added.length === 0 && lastError) throw lastError;
    sendJson(res, many ? added : added[0], 201);
  });

  r.delete('/channels/:channel_id/members/:user_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    const userId = userIdParam(req, session);
    if (channel.type === 'D')
      throw badRequest(
        'api.channel.remove_user_from_channel.direct.app_error',
        'Unable to remove user from a direct message channel.',
      );
    if (channel.name === 'town-square' && userId === session.user_id)
      throw badRequest(
        'api.channel.leave.default.app_error',
        'Unable to leave the default channel town-square.',
      );
    if (
      userId !== session.user_id &&
      !isAdmin(ctx, session) &&
      !store.isChannelMember(channel.id, session.user_id)
    ) {
      throw forbidden(
        channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members',
      );
    }
    if (!store.isChannelMember(channel.id, userId)) throw channelMemberNotFound();
    removeChannelMember(ctx, channel.id, userId, session.user_id);
    sendOk(res);
  });

  r.put('/channels/:channel_id/members/:user_id/notify_props', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const member = store.channelMember(channel.id, userId);
    if (!member) throw channelMemberNotFound();
    const props = body(req);
    for (const [k, v] of Object.entries(props))
      if (typeof v === 'string') member.notify_props[k] = v;
    member.last_update_at = ctx.now();
    publishChannelMemberUpdated(ctx, member);
    sendOk(res);
  });

  r.put('/channels/:channel_id/members/:user_id/roles', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    const userId = userIdParam(req, session);
    const own = store.channelMember(channel.id, session.user_id);
    if (!isAdmin(ctx, session) && !own?.roles.includes('channel_admin'))
      throw forbidden('manage_channel_roles');
    const member = store.channelMember(channel.id, userId);
    if (!member) throw channelMemberNotFound();
    const roles = String(body(req)['roles'] ?? '');
    if (!roles.split(' ').every((role) => role === 'channel_user' || role === 'channel_admin'))
      throw invalidParam('roles');
    member.roles = roles;
    member.scheme_admin = roles.includes('channel_admin');
    publishChannelMemberUpdated(ctx, member);
    sendOk(res);
  });

  r.get('/users/:user_id/teams/:team_id/channels/members', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const members = store
      .channelsOfUser(userId, team.id)
      .map((c) => store.channelMember(c.id, userId))
      .filter((m): m is ChannelMember => m !== undefined);
    sendJson(res, members);
  });

  r.get('/users/:user_id/channels/:channel_id/unread', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    const member = store.channelMember(channel.id, userId);
    if (!member) throw forbidden('read_channel');
    sendJson(res, {
      team_id: channel.team_id,
      channel_id: channel.id,
      msg_count: Math.max(0, channel.total_msg_count - member.msg_count),
      mention_count: member.mention_count,
      msg_count_root: Math.max(0, channel.total_msg_count_root - member.msg_count_root),
      mention_count_root: member.mention_count_root,
      urgent_mention_count: member.urgent_mention_count,
      last_viewed_at: member.last_viewed_at,
      notify_props: member.notify_props,
    });
  });
}
