import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import {
  AppError,
  badRequest,
  channelMemberNotFound,
  forbidden,
  invalidParam,
  teamMemberNotFound,
} from '../http/errors.js';
import { publishChannelMemberUpdated } from '../services/channels.js';
import { body, idParam, userIdParam } from '../http/params.js';
import {
  isAdmin,
  isTeamAdmin,
  requireAdmin,
  requireChannel,
  requireTeam,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { rolesOf, type SchemeFlags, type Scope } from '../services/scheme-roles.js';
import { hasRole } from '../store/store.js';
import type { Role } from '../store/roles.js';
import type { ChannelMember, Session, TeamMember } from '../store/types.js';

const roleNotFound = () =>
  new AppError(404, 'app.role.get_by_name.app_error', 'Unable to get role.', 'resource not found');

/** The flags of a `schemeRoles` body; all three must be booleans where given, as Mattermost checks. */
function schemeFlags(b: Record<string, unknown>, scope: Scope): SchemeFlags {
  const flag = (key: string) => {
    const value = b[key] ?? false;
    if (typeof value !== 'boolean') throw invalidParam(key);
    return value;
  };
  const flags = {
    scheme_guest: flag('scheme_guest'),
    scheme_user: flag('scheme_user'),
    scheme_admin: flag('scheme_admin'),
  };
  if (flags.scheme_guest && (flags.scheme_user || flags.scheme_admin))
    throw badRequest(
      `api.${scope}.update_${scope}_member_roles.guest_and_user.app_error`,
      'Invalid member update: A user must be a guest or a user but not both.',
    );
  return flags;
}

/** A guest stays a guest and a member stays a member: only the admin flag changes here. */
function applyFlags(member: ChannelMember | TeamMember, scope: Scope, flags: SchemeFlags): void {
  if (member.scheme_guest !== flags.scheme_guest)
    throw badRequest(
      `api.${scope}.update_${scope}_member_roles.changing_guest_role.app_error`,
      'Invalid member update: You can not add or remove the guest role manually.',
    );
  member.scheme_user = flags.scheme_user;
  member.scheme_admin = flags.scheme_admin;
  member.roles = rolesOf(scope, member, member.explicit_roles);
}

/** Channel roles are managed by the channel's admins, its team's admins and system admins. */
function canManageChannelRoles(ctx: SimContext, session: Session, channelId: string): boolean {
  const channel = requireChannel(ctx, channelId);
  if (isAdmin(ctx, session)) return true;
  if (channel.team_id && isTeamAdmin(ctx, session, channel.team_id)) return true;
  return hasRole(ctx.store.channelMember(channel.id, session.user_id)?.roles, 'channel_admin');
}

// Channel moderation as Mattermost reports it for a channel without its own scheme: what members
// and guests may do, all allowed by the default scheme.
const MODERATED = [
  'create_post',
  'create_reactions',
  'manage_members',
  'use_channel_mentions',
  'manage_bookmarks',
];
const MEMBERS_ONLY = new Set(['manage_members', 'manage_bookmarks']);

export function registerRoleRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;
  const byId = (id: string): Role | undefined =>
    [...store.roles.values()].find((role) => role.id === id);

  r.get('/roles/name/:role_name', (req, res) => {
    requireSession(req);
    const role = store.roles.get(String(req.params['role_name']));
    if (!role) throw roleNotFound();
    sendJson(res, role);
  });

  r.post('/roles/names', (req, res) => {
    requireSession(req);
    const names: unknown = req.body;
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
      throw invalidParam('rolenames');
    sendJson(
      res,
      (names as string[]).map((n) => store.roles.get(n)).filter((role) => role !== undefined),
    );
  });

  r.get('/roles/:role_id', (req, res) => {
    requireSession(req);
    const role = byId(idParam(req, 'role_id'));
    if (!role) throw roleNotFound();
    sendJson(res, role);
  });

  r.put('/channels/:channel_id/members/:user_id/schemeRoles', (req, res) => {
    const session = requireSession(req);
    const channelId = idParam(req, 'channel_id');
    const userId = userIdParam(req, session);
    if (!canManageChannelRoles(ctx, session, channelId)) throw forbidden('manage_channel_roles');
    const member = store.channelMember(channelId, userId);
    if (!member) throw channelMemberNotFound();
    applyFlags(member, 'channel', schemeFlags(body(req), 'channel'));
    member.last_update_at = ctx.now();
    publishChannelMemberUpdated(ctx, member);
    sendOk(res);
  });

  r.put('/teams/:team_id/members/:user_id/schemeRoles', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const userId = userIdParam(req, session);
    if (!isTeamAdmin(ctx, session, team.id)) throw forbidden('manage_team_roles');
    const member = store.teamMember(team.id, userId);
    if (!member) throw teamMemberNotFound();
    applyFlags(member, 'team', schemeFlags(body(req), 'team'));
    ctx.bus.publish({
      event: 'memberrole_updated',
      data: { member: JSON.stringify(member) },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });

  r.get('/channels/:channel_id/moderations', (req, res) => {
    const session = requireSession(req);
    if (!store.license)
      throw new AppError(
        501,
        'api.channel.get_channel_moderations.license.error',
        'Your license does not support channel moderation',
      );
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    requireAdmin(ctx, session, 'sysconsole_read_user_management_channels');
    if (channel.type === 'D' || channel.type === 'G')
      throw badRequest(
        'api.channel.get_channel_moderations.direct_or_group.app_error',
        'Channel moderation is not available for direct and group messages.',
      );
    sendJson(
      res,
      MODERATED.map((name) => ({
        name,
        roles: {
          members: { value: true, enabled: true },
          ...(MEMBERS_ONLY.has(name) ? {} : { guests: { value: true, enabled: true } }),
        },
      })),
    );
  });
}
