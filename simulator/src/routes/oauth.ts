import { randomBytes } from 'node:crypto';
import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { optionalSession, requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam, notImplemented } from '../http/errors.js';
import { body, idParam, pageOf, paging } from '../http/params.js';
import { isAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { newId } from '../ids.js';
import { createSession } from '../services/users.js';
import type { OAuthApp, Session } from '../store/types.js';

const CODE_TTL_MS = 10 * 60_000;
const ACCESS_TOKEN_TTL_S = 3600;

function secret(): string {
  return randomBytes(20).toString('hex').slice(0, 26);
}

function requireProvider(ctx: SimContext): void {
  if (!ctx.store.config.ServiceSettings.EnableOAuthServiceProvider) {
    throw notImplemented(
      'api.oauth.register_oauth_app.turn_off.app_error',
      'The system admin has turned off OAuth2 Service Provider.',
    );
  }
}

function requireApp(ctx: SimContext, id: string): OAuthApp {
  const app = ctx.store.oauthApps.get(id);
  if (!app)
    throw new AppError(
      404,
      'app.oauth.get_app.find.app_error',
      'Unable to find the requested app.',
      'resource not found',
    );
  return app;
}

/** `manage_oauth` belongs to system admins in Mattermost's default scheme. */
function requireManage(ctx: SimContext, session: Session): void {
  if (!isAdmin(ctx, session)) throw forbidden('manage_oauth');
}

function sanitized(app: OAuthApp) {
  const { client_secret: _s, ...rest } = app;
  return rest;
}

function appFields(b: Record<string, unknown>) {
  const name = typeof b['name'] === 'string' ? b['name'] : '';
  if (!name) throw invalidParam('name');
  const callbacks = Array.isArray(b['callback_urls'])
    ? (b['callback_urls'] as unknown[]).filter((x): x is string => typeof x === 'string')
    : [];
  if (callbacks.length === 0 || !callbacks.every((u) => /^https?:\/\//.test(u)))
    throw invalidParam('callback_urls');
  const homepage = typeof b['homepage'] === 'string' ? b['homepage'] : '';
  if (!/^https?:\/\//.test(homepage)) throw invalidParam('homepage');
  return {
    name,
    description: typeof b['description'] === 'string' ? b['description'] : '',
    icon_url: typeof b['icon_url'] === 'string' ? b['icon_url'] : '',
    callback_urls: callbacks,
    homepage,
    is_trusted: b['is_trusted'] === true,
  };
}

/** `/api/v4/oauth/apps...`: registering the applications that may use the OAuth provider. */
export function registerOAuthAppRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/oauth/apps', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    requireManage(ctx, session);
    const now = ctx.now();
    const app: OAuthApp = {
      id: newId(),
      creator_id: session.user_id,
      create_at: now,
      update_at: now,
      client_secret: secret(),
      ...appFields(body(req)),
    };
    store.oauthApps.set(app.id, app);
    sendJson(res, app, 201);
  });

  r.get('/oauth/apps', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    requireManage(ctx, session);
    const { page, perPage } = paging(req);
    sendJson(
      res,
      pageOf(
        [...store.oauthApps.values()].sort((a, b) => a.create_at - b.create_at),
        page,
        perPage,
      ),
    );
  });

  r.get('/oauth/apps/:app_id', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    const app = requireApp(ctx, idParam(req, 'app_id'));
    requireManage(ctx, session);
    sendJson(res, app);
  });

  r.get('/oauth/apps/:app_id/info', (req, res) => {
    requireSession(req);
    requireProvider(ctx);
    const app = requireApp(ctx, idParam(req, 'app_id'));
    const { callback_urls: _c, creator_id: _o, ...info } = sanitized(app);
    sendJson(res, info);
  });

  r.put('/oauth/apps/:app_id', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    const app = requireApp(ctx, idParam(req, 'app_id'));
    requireManage(ctx, session);
    Object.assign(app, appFields(body(req)), { update_at: ctx.now() });
    sendJson(res, app);
  });

  r.post('/oauth/apps/:app_id/regen_secret', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    const app = requireApp(ctx, idParam(req, 'app_id'));
    requireManage(ctx, session);
    app.client_secret = secret();
    app.update_at = ctx.now();
    sendJson(res, app);
  });

  r.delete('/oauth/apps/:app_id', (req, res) => {
    const session = requireSession(req);
    requireProvider(ctx);
    const app = requireApp(ctx, idParam(req, 'app_id'));
    requireManage(ctx, session);
    store.oauthApps.delete(app.id);
    for (const [token, s] of store.sessions)
      if (s.kind === 'oauth' && s.props['client_id'] === app.id) store.sessions.delete(token);
    for (const [rt, g] of store.oauthGrants)
      if (g.client_id === app.id) store.oauthGrants.delete(rt);
    sendOk(res);
  });

  r.get('/users/:user_id/oauth/apps/authorized', (req, res) => {
    const session = requireSession(req);
    const userId = req.params['user_id'] === 'me' ? session.user_id : idParam(req, 'user_id');
    if (userId !== session.user_id && !isAdmin(ctx, session)) throw forbidden('edit_other_users');
    const ids = new Set(
      [...store.oauthGrants.values()].filter((g) => g.user_id === userId).map((g) => g.client_id),
    );
    sendJson(
      res,
      [...ids]
        .map((id) => store.oauthApps.get(id))
        .filter((a) => a !== undefined)
        .map(sanitized),
    );
  });
}

/** Issues an authorization code for the signed-in user; returns the redirect URL. */
function authorize(ctx: SimContext, session: Session, q: Record<string, unknown>): string {
  requireProvider(ctx);
  if (q['response_type'] !== 'code') throw invalidParam('response_type');
  const app = ctx.store.oauthApps.get(String(q['client_id'] ?? ''));
  if (!app) throw invalidParam('client_id');
  const redirectUri = String(q['redirect_uri'] ?? app.callback_urls[0] ?? '');
  if (!app.callback_urls.includes(redirectUri)) throw invalidParam('redirect_uri');
  const code = newId() + newId();
  const state = String(q['state'] ?? '');
  ctx.store.oauthCodes.set(code, {
    code,
    client_id: app.id,
    user_id: session.user_id,
    redirect_uri: redirectUri,
    scope: String(q['scope'] ?? 'user'),
    state,
    expires_at: ctx.now() + CODE_TTL_MS,
  });
  const url = new URL(redirectUri);
  url.searchParams.set('code', code);
  if (state) url.searchParams.set('state', state);
  return url.toString();
}

function issueTokens(ctx: SimContext, clientId: string, userId: string, scope: string) {
  const session = createSession(ctx, userId, 'oauth', { props: { client_id: clientId } });
  session.expires_at = ctx.now() + ACCESS_TOKEN_TTL_S * 1000;
  const refreshToken = newId();
  ctx.store.oauthGrants.set(refreshToken, {
    client_id: clientId,
    user_id: userId,
    token: session.token,
    refresh_token: refreshToken,
    expires_at: session.expires_at,
    scope,
  });
  return {
    access_token: session.token,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_TTL_S,
    scope,
    refresh_token: refreshToken,
  };
}

function formValue(req: Request, key: string): string {
  const b = (req.body ?? {}) as Record<string, unknown>;
  const v = b[key];
  return typeof v === 'string' ? v : '';
}

/** `/oauth/authorize` and `/oauth/access_token` (outside /api/v4, as in Mattermost). */
export function registerOAuthProviderRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/oauth/authorize', (req, res) => {
    const session = optionalSession(req);
    if (!session) {
      res.redirect(302, `/login?redirect_to=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    // Visiting the page while signed in counts as consent: the simulator has no approval screen.
    res.redirect(302, authorize(ctx, session, req.query as Record<string, unknown>));
  });

  r.post('/oauth/authorize', (req, res) => {
    const session = requireSession(req);
    sendJson(res, {
      redirect: authorize(ctx, session, (req.body ?? {}) as Record<string, unknown>),
    });
  });

  r.post('/oauth/access_token', (req, res) => {
    requireProvider(ctx);
    const grant = formValue(req, 'grant_type');
    const app = store.oauthApps.get(formValue(req, 'client_id'));
    if (!app || app.client_secret !== formValue(req, 'client_secret')) {
      throw new AppError(
        403,
        'api.oauth.get_access_token.credentials.app_error',
        'invalid_client: The client credentials are invalid.',
      );
    }
    if (grant === 'authorization_code') {
      const code = store.oauthCodes.get(formValue(req, 'code'));
      store.oauthCodes.delete(formValue(req, 'code'));
      if (!code || code.client_id !== app.id || code.expires_at < ctx.now()) {
        throw badRequest(
          'api.oauth.get_access_token.expired_code.app_error',
          'invalid_grant: Invalid or expired authorization code.',
        );
      }
      if (code.redirect_uri !== formValue(req, 'redirect_uri')) {
        throw badRequest(
          'api.oauth.get_access_token.redirect_uri.app_error',
          'invalid_request: Supplied redirect_uri does not match authorization code redirect_uri.',
        );
      }
      res.set('Cache-Control', 'no-store');
      sendJson(res, issueTokens(ctx, app.id, code.user_id, code.scope));
      return;
    }
    if (grant === 'refresh_token') {
      const old = store.oauthGrants.get(formValue(req, 'refresh_token'));
      if (!old || old.client_id !== app.id) {
        throw badRequest(
          'api.oauth.get_access_token.refresh_token.app_error',
          'invalid_grant: Invalid refresh token.',
        );
      }
      store.oauthGrants.delete(old.refresh_token);
      store.sessions.delete(old.token);
      res.set('Cache-Control', 'no-store');
      sendJson(res, issueTokens(ctx, app.id, old.user_id, old.scope));
      return;
    }
    throw badRequest(
      'api.oauth.get_access_token.bad_grant.app_error',
      'invalid_request: Bad grant_type.',
    );
  });
}
