import type { SimContext } from '../context.js';
import { hasRole } from '../store/store.js';
import type { Channel, Post, Session, Team } from '../store/types.js';
import { forbidden, notFound } from './errors.js';

// Mattermost's default scheme, reduced to the checks the simulator makes: system admins may do
// everything; channel_user may read, post and manage the channels it belongs to; team members may
// read and join their team's public channels.

export function isAdmin(ctx: SimContext, session: Session): boolean {
  return ctx.store.isSystemAdmin(session.user_id);
}

export function requireAdmin(
  ctx: SimContext,
  session: Session,
  permission = 'manage_system',
): void {
  if (!isAdmin(ctx, session)) throw forbidden(permission);
}

/** The caller acts on themself, or is an admin (`edit_other_users`). */
export function requireSelfOrAdmin(ctx: SimContext, session: Session, userId: string): void {
  if (session.user_id !== userId && !isAdmin(ctx, session)) throw forbidden('edit_other_users');
}

/** Personal access token permissions: system admins, or users granted `system_user_access_token`. */
export function canUseAccessTokens(ctx: SimContext, userId: string): boolean {
  const roles = ctx.store.user(userId)?.roles;
  return hasRole(roles, 'system_admin') || hasRole(roles, 'system_user_access_token');
}

export function requireTeam(ctx: SimContext, teamId: string): Team {
  const team = ctx.store.teams.get(teamId);
  if (!team) throw notFound('team', 'app.team.get.find.app_error');
  return team;
}

export function canViewTeam(ctx: SimContext, session: Session, team: Team): boolean {
  return (
    isAdmin(ctx, session) ||
    ctx.store.isTeamMember(team.id, session.user_id) ||
    team.allow_open_invite
  );
}

export function requireTeamMember(ctx: SimContext, session: Session, teamId: string): void {
  if (!isAdmin(ctx, session) && !ctx.store.isTeamMember(teamId, session.user_id))
    throw forbidden('view_team');
}

/**
 * `add_user_to_team` and `invite_user`: the default scheme gives them to every team user (and team
 * admin), not to team guests.
 */
export function canAddToTeam(ctx: SimContext, session: Session, teamId: string): boolean {
  if (isAdmin(ctx, session)) return true;
  const member = ctx.store.teamMember(teamId, session.user_id);
  return member !== undefined && !member.scheme_guest;
}

export function isTeamAdmin(ctx: SimContext, session: Session, teamId: string): boolean {
  return (
    isAdmin(ctx, session) ||
    hasRole(ctx.store.teamMember(teamId, session.user_id)?.roles, 'team_admin')
  );
}

export function requireChannel(ctx: SimContext, channelId: string): Channel {
  const channel = ctx.store.channels.get(channelId);
  if (!channel) throw notFound('channel', 'app.channel.get.existing.app_error');
  return channel;
}

/** Public channels are readable by their team's members; private channels, DMs and GMs by members only. */
export function canReadChannel(ctx: SimContext, session: Session, channel: Channel): boolean {
  if (isAdmin(ctx, session)) return true;
  if (ctx.store.isChannelMember(channel.id, session.user_id)) return true;
  return channel.type === 'O' && ctx.store.isTeamMember(channel.team_id, session.user_id);
}

export function requireReadChannel(ctx: SimContext, session: Session, channelId: string): Channel {
  const channel = requireChannel(ctx, channelId);
  if (!canReadChannel(ctx, session, channel)) throw forbidden('read_channel');
  return channel;
}

/** Posting, reacting and managing need membership (admins excepted). */
export function requireChannelMember(
  ctx: SimContext,
  session: Session,
  channelId: string,
  permission = 'create_post',
): Channel {
  const channel = requireChannel(ctx, channelId);
  if (!isAdmin(ctx, session) && !ctx.store.isChannelMember(channel.id, session.user_id))
    throw forbidden(permission);
  return channel;
}

export function requirePost(ctx: SimContext, postId: string): Post {
  const post = ctx.store.post(postId);
  if (!post || post.delete_at > 0) throw notFound('post', 'app.post.get.app_error');
  return post;
}

/** The post, if the caller may read its channel. */
export function requireReadPost(ctx: SimContext, session: Session, postId: string): Post {
  const post = requirePost(ctx, postId);
  const channel = requireChannel(ctx, post.channel_id);
  if (!canReadChannel(ctx, session, channel)) throw forbidden('read_channel');
  return post;
}
