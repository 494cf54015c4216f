import type { Request, Router } from 'express';
import type { SimContext } from '../context.js';
import { optionalSession, requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam } from '../http/errors.js';
import { sendJson, sendOk } from '../http/respond.js';
import { isApproved, issueCode, issueTokens, revokeOAuthAccess } from '../services/oauth.js';
import type { OAuthApp, Session } from '../store/types.js';
import { requireProvider } from './oauth.js';
import { authorizePage } from './web-pages.js';

/** An authorization request (`GET` query or `POST` JSON body), checked as Mattermost checks it. */
interface AuthorizeRequest {
  app: OAuthApp;
  redirectUri: string;
  state: string;
  scope: string;
}

function authorizeRequest(ctx: SimContext, q: Record<string, unknown>): AuthorizeRequest {
  requireProvider(ctx);
  if (q['response_type'] !== 'code') throw invalidParam('response_type');
  const app = ctx.store.oauthApps.get(String(q['client_id'] ?? ''));
  if (!app) throw invalidParam('client_id');
  const redirectUri = String(q['redirect_uri'] ?? app.callback_urls[0] ?? '');
  if (!app.callback_urls.includes(redirectUri)) {
    throw badRequest(
      'api.oauth.allow_oauth.redirect_callback.app_error',
      'invalid_request: Supplied redirect_uri did not match registered callback_url.',
    );
  }
  return {
    app,
    redirectUri,
    state: typeof q['state'] === 'string' ? q['state'] : '',
    scope: typeof q['scope'] === 'string' && q['scope'] ? q['scope'] : 'user',
  };
}

/** An OAuth session may not approve apps on its user's behalf (`authorizeOAuthApp`). */
function requireInteractive(session: Session): void {
  if (session.kind === 'oauth') throw forbidden('edit_other_users');
}

/** The URL the browser goes back to: the callback with the code and the state. */
function approve(ctx: SimContext, session: Session, request: AuthorizeRequest): string {
  const code = issueCode(ctx, session, request.app, request);
  const url = new URL(request.redirectUri);
  url.searchParams.set('code', code);
  if (request.state) url.searchParams.set('state', request.state);
  return url.toString();
}

function formValue(req: Request, key: string): string {
  const b = (req.body ?? {}) as Record<string, unknown>;
  const v = b[key];
  return typeof v === 'string' ? v : '';
}

/**
 * `/oauth/authorize`, `/oauth/access_token` and `/oauth/deauthorize` (outside /api/v4, as in
 * Mattermost's `web/oauth.go`).
 */
export function registerOAuthProviderRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  // The browser's entry: sign in first, then the consent page (or straight back to the app when
  // it is trusted or was approved before).
  r.get('/oauth/authorize', (req, res) => {
    requireProvider(ctx);
    const session = optionalSession(req);
    if (!session) {
      res.redirect(302, `/login?redirect_to=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const request = authorizeRequest(ctx, req.query as Record<string, unknown>);
    if (isApproved(ctx, request.app, session.user_id)) {
      res.redirect(302, approve(ctx, session, request));
      return;
    }
    res.status(200).type('html').send(authorizePage(request.app, request));
  });

  // What the consent page's "Allow" sends: JSON, with the session cookie and its CSRF header.
  r.post('/oauth/authorize', (req, res) => {
    const session = requireSession(req);
    requireInteractive(session);
    const request = authorizeRequest(ctx, (req.body ?? {}) as Record<string, unknown>);
    sendJson(res, { redirect: approve(ctx, session, request) });
  });

  r.post('/oauth/deauthorize', (req, res) => {
    const session = requireSession(req);
    requireInteractive(session);
    requireProvider(ctx);
    const clientId = String(((req.body ?? {}) as Record<string, unknown>)['client_id'] ?? '');
    if (!clientId) throw invalidParam('client_id');
    revokeOAuthAccess(ctx, { clientId, userId: session.user_id });
    sendOk(res);
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
      // The old access token dies with the refresh (`newSessionUpdateToken`).
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
