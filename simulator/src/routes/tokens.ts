import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, notImplemented } from '../http/errors.js';
import { body, idParam, pageOf, paging, reqString, userIdParam } from '../http/params.js';
import { canUseAccessTokens, isAdmin, requireAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import {
  createAccessToken,
  requireUser,
  revokeAccessToken,
  setAccessTokenActive,
} from '../services/users.js';
import type { AccessToken, Session } from '../store/types.js';

function listed(t: AccessToken) {
  return {
    id: t.id,
    user_id: t.user_id,
    description: t.description,
    is_active: t.is_active,
    expires_at: t.expires_at,
  };
}

/** `expires_at` of a new token: absent or 0 for never, else a time (ms) still ahead. */
function expiresAtOf(ctx: SimContext, value: unknown): number {
  if (value === undefined || value === null || value === 0) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= ctx.now())
    throw badRequest(
      'model.user_access_token.is_valid.expires_at.app_error',
      'Invalid value for expires at: it must be a time in the future, in milliseconds.',
    );
  return value;
}

/**
 * The caller may manage `ownerId`'s tokens: they need the token permission (system admins, or the
 * `system_user_access_token` role); someone else's tokens also need `edit_other_users`, and a bot's
 * tokens its owner or an admin.
 */
function requireTokenPermission(
  ctx: SimContext,
  session: Session,
  ownerId: string,
  permission: string,
): void {
  if (!canUseAccessTokens(ctx, session.user_id)) throw forbidden(permission);
  if (ownerId === session.user_id || isAdmin(ctx, session)) return;
  const bot = ctx.store.bots.get(ownerId);
  if (bot && bot.owner_id === session.user_id) return;
  throw forbidden('edit_other_users');
}

function requireToken(ctx: SimContext, id: string): AccessToken {
  const token = ctx.store.accessTokens.get(id);
  if (!token)
    throw new AppError(
      404,
      'app.user_access_token.get_by_user.app_error',
      'Unable to get user access token.',
      'resource not found',
    );
  return token;
}

export function registerTokenRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  // Mattermost's order (`api4/user.go`, `createUserAccessToken`): OAuth sessions refused, the body
  // read, the permission checked (403), and only then the server switch (501), which bots skip.
  r.post('/users/:user_id/tokens', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    if (session.is_oauth) throw forbidden('create_user_access_token');
    const b = body(req);
    const description = reqString(b, 'description');
    requireTokenPermission(ctx, session, userId, 'create_user_access_token');
    const user = requireUser(ctx, userId);
    if (!store.config.ServiceSettings.EnableUserAccessTokens && !user.is_bot) {
      throw notImplemented(
        'app.user_access_token.disabled',
        'User access tokens are disabled on this server. Please contact your system administrator for details.',
      );
    }
    const token = createAccessToken(ctx, user.id, description, expiresAtOf(ctx, b['expires_at']));
    sendJson(res, { ...listed(token), token: token.token });
  });

  r.get('/users/:user_id/tokens', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireTokenPermission(ctx, session, userId, 'read_user_access_token');
    const { page, perPage } = paging(req);
    const tokens = [...store.accessTokens.values()]
      .filter((t) => t.user_id === userId)
      .sort((a, b) => a.create_at - b.create_at);
    sendJson(res, pageOf(tokens, page, perPage).map(listed));
  });

  r.get('/users/tokens', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session, 'manage_system');
    const { page, perPage } = paging(req);
    const tokens = [...store.accessTokens.values()].sort((a, b) => a.create_at - b.create_at);
    sendJson(res, pageOf(tokens, page, perPage).map(listed));
  });

  r.post('/users/tokens/search', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session, 'manage_system');
    const term = String(body(req)['term'] ?? '').toLowerCase();
    const tokens = [...store.accessTokens.values()].filter((t) => {
      const owner = store.user(t.user_id);
      return (
        t.id === term ||
        t.description.toLowerCase().includes(term) ||
        owner?.username.startsWith(term)
      );
    });
    sendJson(res, tokens.map(listed));
  });

  r.get('/users/tokens/:token_id', (req, res) => {
    const session = requireSession(req);
    const token = requireToken(ctx, idParam(req, 'token_id'));
    requireTokenPermission(ctx, session, token.user_id, 'read_user_access_token');
    sendJson(res, listed(token));
  });

  for (const action of ['revoke', 'disable', 'enable'] as const) {
    r.post(`/users/tokens/${action}`, (req, res) => {
      const session = requireSession(req);
      const id = reqString(body(req), 'token_id');
      const token = requireToken(ctx, id);
      requireTokenPermission(
        ctx,
        session,
        token.user_id,
        action === 'revoke' ? 'revoke_user_access_token' : 'create_user_access_token',
      );
      if (action === 'revoke') revokeAccessToken(ctx, token);
      else setAccessTokenActive(ctx, token, action === 'enable');
      sendOk(res);
    });
  }
}
