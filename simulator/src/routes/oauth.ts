import { randomBytes } from 'node:crypto';
import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden, invalidParam, notImplemented } from '../http/errors.js';
import { body, idParam, pageOf, paging } from '../http/params.js';
import { isAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { newId } from '../ids.js';
import { revokeOAuthAccess } from '../services/oauth.js';
import type { OAuthApp, Session } from '../store/types.js';

function secret(): string {
  return randomBytes(20).toString('hex').slice(0, 26);
}

/** Everything of the OAuth provider answers 501 while `EnableOAuthServiceProvider` is off. */
export function requireProvider(ctx: SimContext): void {
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
    revokeOAuthAccess(ctx, { clientId: app.id });
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
