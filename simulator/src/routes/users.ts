import type { Request, Response, Router } from 'express';
import type { SimContext } from '../context.js';
import { optionalSession, requireSession } from '../http/auth.js';
import { AppError, badRequest, invalidParam } from '../http/errors.js';
import {
  body,
  boolQuery,
  idParam,
  intQuery,
  pageOf,
  paging,
  stringArrayBody,
  strQuery,
  userIdParam,
} from '../http/params.js';
import { isAdmin, requireAdmin, requireSelfOrAdmin } from '../http/permissions.js';
import {
  filterUsers,
  matchesTerm,
  requireFilterAccess,
  type UserFilter,
} from '../services/user-filter.js';
import { sendJson, sendOk } from '../http/respond.js';
import { presentUser } from '../services/present.js';
import {
  createUser,
  patchUser,
  publishUserUpdated,
  requireUser,
  revokeSessionsOf,
  setStatus,
} from '../services/users.js';
import type { Session, User } from '../store/types.js';
import { avatarPng } from '../services/avatar.js';
import { registerUserSessionRoutes } from './user-sessions.js';

function byUsername(a: User, b: User): number {
  return a.username.localeCompare(b.username);
}

function sendUsers(ctx: SimContext, res: Response, users: User[], viewer: string): void {
  sendJson(
    res,
    users.map((u) => presentUser(ctx, u, viewer)),
  );
}

function userFromParam(ctx: SimContext, req: Request, session: Session): User {
  return requireUser(ctx, userIdParam(req, session));
}

/** The most users one `POST /users/search` may ask for. */
const USER_SEARCH_MAX_LIMIT = 1000;

export function registerUserRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;
  registerUserSessionRoutes(r, ctx);

  r.post('/users', (req, res) => {
    const session = optionalSession(req);
    const cfg = store.config.TeamSettings;
    if (!(session && isAdmin(ctx, session)) && !(cfg.EnableUserCreation && cfg.EnableOpenServer)) {
      throw new AppError(
        403,
        'api.user.create_user.no_open_server',
        'This server does not allow open signups.',
      );
    }
    const b = body(req);
    const user = createUser(ctx, {
      username: String(b['username'] ?? ''),
      email: typeof b['email'] === 'string' ? b['email'] : undefined,
      password: String(b['password'] ?? ''),
      first_name: String(b['first_name'] ?? ''),
      last_name: String(b['last_name'] ?? ''),
      nickname: String(b['nickname'] ?? ''),
      position: String(b['position'] ?? ''),
      locale: typeof b['locale'] === 'string' ? b['locale'] : undefined,
      props: (b['props'] as Record<string, string>) ?? {},
    });
    sendJson(res, presentUser(ctx, user, session?.user_id ?? user.id), 201);
  });

  r.get('/users', (req, res) => {
    const session = requireSession(req);
    const { page, perPage } = paging(req);
    const filter: UserFilter = {
      in_team: strQuery(req, 'in_team') || undefined,
      not_in_team: strQuery(req, 'not_in_team') || undefined,
      in_channel: strQuery(req, 'in_channel') || undefined,
      not_in_channel: strQuery(req, 'not_in_channel') || undefined,
      without_team: boolQuery(req, 'without_team'),
      active: boolQuery(req, 'active'),
      inactive: boolQuery(req, 'inactive'),
      role: strQuery(req, 'role') || undefined,
      in_group: strQuery(req, 'in_group') || undefined,
    };
    requireFilterAccess(ctx, session, filter);
    if (filter.not_in_channel && !filter.in_team && !strQuery(req, 'team_id')) {
      // Mattermost requires the team when listing users outside a channel.
      filter.in_team = store.channels.get(filter.not_in_channel)?.team_id || undefined;
    }
    let users = filterUsers(ctx, filter);
    const sort = strQuery(req, 'sort');
    if (sort === 'last_activity_at') users.sort((a, b) => b.last_activity_at - a.last_activity_at);
    else if (sort === 'create_at') users.sort((a, b) => b.create_at - a.create_at);
    else if (sort === 'status')
      users.sort(
        (a, b) =>
          store.status(a.id).status.localeCompare(store.status(b.id).status) || byUsername(a, b),
      );
    else users.sort(byUsername);
    users = pageOf(users, page, perPage);
    sendUsers(ctx, res, users, session.user_id);
  });

  r.post('/users/ids', (req, res) => {
    const session = requireSession(req);
    const ids = stringArrayBody(req, 'user_ids');
    const since = intQuery(req, 'since', 0);
    const users = ids
      .map((id) => store.user(id))
      .filter((u): u is User => u !== undefined && u.update_at > since - 1);
    sendUsers(ctx, res, users, session.user_id);
  });

  r.post('/users/usernames', (req, res) => {
    const session = requireSession(req);
    const names = stringArrayBody(req, 'usernames');
    const users = names
      .map((n) => store.userByUsername(n))
      .filter((u): u is User => u !== undefined);
    sendUsers(ctx, res, users, session.user_id);
  });

  r.post('/users/search', (req, res) => {
    const session = requireSession(req);
    const b = body(req);
    const term = typeof b['term'] === 'string' ? b['term'] : '';
    // 0 or absent: the default; beyond 1000 (UserSearchMaxLimit) or negative: refused.
    const limit = b['limit'] === undefined || b['limit'] === 0 ? 100 : Number(b['limit']);
    if (!Number.isInteger(limit) || limit < 0 || limit > USER_SEARCH_MAX_LIMIT)
      throw invalidParam('limit');
    const filter: UserFilter = {
      in_team: (b['team_id'] as string) || undefined,
      not_in_team: (b['not_in_team_id'] as string) || undefined,
      in_channel: (b['in_channel_id'] as string) || undefined,
      not_in_channel: (b['not_in_channel_id'] as string) || undefined,
      without_team: b['without_team'] === true,
      active: b['allow_inactive'] !== true,
      role: (b['role'] as string) || undefined,
      in_group: (b['in_group_id'] as string) || undefined,
    };
    requireFilterAccess(ctx, session, filter);
    const users = filterUsers(ctx, filter)
      .filter((u) => matchesTerm(u, term))
      .sort(byUsername)
      .slice(0, limit);
    sendUsers(ctx, res, users, session.user_id);
  });

  r.get('/users/autocomplete', (req, res) => {
    const session = requireSession(req);
    const name = strQuery(req, 'name');
    const limit = intQuery(req, 'limit', 100);
    const inTeam = strQuery(req, 'in_team');
    const inChannel = strQuery(req, 'in_channel');
    const candidates = filterUsers(ctx, { in_team: inTeam || undefined, active: true })
      .filter((u) => matchesTerm(u, name))
      .sort(byUsername);
    const present = (list: User[]) =>
      list.slice(0, limit).map((u) => presentUser(ctx, u, session.user_id));
    if (inChannel) {
      sendJson(res, {
        users: present(candidates.filter((u) => store.isChannelMember(inChannel, u.id))),
        out_of_channel: present(candidates.filter((u) => !store.isChannelMember(inChannel, u.id))),
      });
      return;
    }
    sendJson(res, { users: present(candidates) });
  });

  r.get('/users/username/:username', (req, res) => {
    const session = requireSession(req);
    const user = store.userByUsername(String(req.params['username']));
    if (!user)
      throw new AppError(
        404,
        'app.user.get_by_username.app_error',
        'Unable to find an existing account matching your username for this team.',
        'resource not found',
      );
    sendJson(res, presentUser(ctx, user, session.user_id));
  });

  r.get('/users/email/:email', (req, res) => {
    const session = requireSession(req);
    const user = store.userByEmail(String(req.params['email']));
    if (!user)
      throw new AppError(
        404,
        'app.user.missing_account.const',
        'Unable to find the user.',
        'resource not found',
      );
    sendJson(res, presentUser(ctx, user, session.user_id));
  });

  r.get('/users/:user_id', (req, res) => {
    const session = requireSession(req);
    sendJson(res, presentUser(ctx, userFromParam(ctx, req, session), session.user_id));
  });

  r.put('/users/:user_id/patch', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    sendJson(res, presentUser(ctx, patchUser(ctx, user, body(req)), session.user_id));
  });

  r.put('/users/:user_id', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    const b = body(req);
    if (b['id'] !== user.id) throw invalidParam('user_id');
    sendJson(res, presentUser(ctx, patchUser(ctx, user, b), session.user_id));
  });

  r.delete('/users/:user_id', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    setActive(ctx, user, false);
    sendOk(res);
  });

  r.put('/users/:user_id/active', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    const active = body(req)['active'];
    if (typeof active !== 'boolean') throw invalidParam('active');
    // Users may deactivate themselves; only admins activate accounts or touch others.
    if (active || user.id !== session.user_id) requireAdmin(ctx, session, 'manage_system');
    setActive(ctx, user, active);
    sendOk(res);
  });

  r.put('/users/:user_id/roles', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session, 'manage_roles');
    const user = userFromParam(ctx, req, session);
    const roles = body(req)['roles'];
    if (typeof roles !== 'string') throw invalidParam('roles');
    const allowed = new Set([
      'system_user',
      'system_admin',
      'system_user_access_token',
      'system_post_all',
      'system_post_all_public',
      'system_guest',
      'system_user_manager',
      'system_read_only_admin',
      'system_manager',
    ]);
    const list = roles.split(' ').filter(Boolean);
    if (list.some((role) => !allowed.has(role)))
      throw badRequest('api.user.update_user_roles.bad_role.app_error', 'Invalid role.');
    user.roles = list.join(' ');
    user.update_at = ctx.now();
    for (const s of store.sessions.values()) if (s.user_id === user.id) s.roles = user.roles;
    publishUserUpdated(ctx, user);
    sendOk(res);
  });

  r.get('/users/:user_id/image', (req, res) => {
    requireSession(req);
    const user = requireUser(ctx, idParam(req, 'user_id'));
    res.set('Content-Type', 'image/png');
    res.set('Cache-Control', 'max-age=86400, private');
    res.send(avatarPng(user.id));
  });

  r.get('/users/:user_id/image/default', (req, res) => {
    requireSession(req);
    const user = requireUser(ctx, idParam(req, 'user_id'));
    res.set('Content-Type', 'image/png');
    res.send(avatarPng(user.id));
  });
}

/** Deactivating ends the user's sessions and marks them offline; bots keep their bot record. */
function setActive(ctx: SimContext, user: User, active: boolean): void {
  const now = ctx.now();
  if (!active && user.delete_at === 0) {
    user.delete_at = now;
    revokeSessionsOf(ctx, user.id);
    setStatus(ctx, user.id, 'offline');
    const bot = ctx.store.bots.get(user.id);
    if (bot) bot.delete_at = now;
  } else if (active && user.delete_at > 0) {
    user.delete_at = 0;
    const bot = ctx.store.bots.get(user.id);
    if (bot) bot.delete_at = 0;
  }
  user.update_at = now;
  publishUserUpdated(ctx, user);
}
