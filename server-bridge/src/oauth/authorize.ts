import type { Request, Response } from 'express';
import { consentPage, errorPage } from './consent-page.js';
import {
  browserBinding,
  browserCookie,
  callbackUrl,
  clientRedirect,
  REQUEST_TTL_MS,
  resourceOf,
  type OAuthContext,
} from './context.js';
import { randomSecret, sameSecret } from './crypto.js';
import { OAUTH_PATHS } from './metadata.js';
import type { AuthorizationRequest, GrantScope } from './records.js';
import { OAuthProblem } from '../errors.js';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function refuseInBrowser(res: Response, status: number, message: string): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(errorPage(message));
}

/** `scope`: `read`, `write`, both or nothing (both); anything else is invalid_scope. */
function grantScope(requested: string | undefined): GrantScope | undefined {
  const scopes = (requested ?? 'read write').split(' ').filter(Boolean);
  if (scopes.some((s) => s !== 'read' && s !== 'write')) return undefined;
  return scopes.includes('write') || scopes.length === 0 ? 'read write' : 'read';
}

/**
 * `GET /oauth/authorize`: checks the client and its redirect URI first (a bad one is shown in
 * the browser, never redirected to), then the rest of the request (refused back to the client),
 * and shows the consent page.
 */
export function authorizeHandler(ctx: OAuthContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const q = req.query as Record<string, unknown>;
    const clientId = text(q['client_id']);
    if (!clientId) return refuseInBrowser(res, 400, 'The request names no client (client_id).');
    let client;
    try {
      client = await ctx.clients.resolve(clientId);
    } catch (err) {
      if (err instanceof OAuthProblem) return refuseInBrowser(res, 400, err.message);
      throw err;
    }
    if (!client) return refuseInBrowser(res, 400, 'This client is not registered with the bridge.');
    const redirectUri = text(q['redirect_uri']);
    if (!redirectUri || !client.redirect_uris.includes(redirectUri))
      return refuseInBrowser(
        res,
        400,
        'The redirect_uri is missing or is not one the client registered; the bridge will not redirect there.',
      );

    const state = text(q['state']);
    const back = (error: string, description: string) =>
      res.redirect(
        302,
        clientRedirect(ctx, redirectUri, { error, error_description: description, state }),
      );
    if (q['response_type'] !== 'code')
      return back('unsupported_response_type', 'Only response_type=code is supported.');
    const challenge = text(q['code_challenge']);
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back('invalid_request', 'PKCE is required: send an S256 code_challenge.');
    if (q['code_challenge_method'] !== 'S256')
      return back('invalid_request', 'code_challenge_method must be S256.');
    const resource = text(q['resource']);
    if (resource !== undefined && resource.replace(/\/$/, '') !== resourceOf(ctx))
      return back('invalid_target', `Tokens are issued for ${resourceOf(ctx)} only.`);
    const scope = grantScope(text(q['scope']));
    if (!scope) return back('invalid_scope', 'Scopes are read and write.');

    const request: AuthorizationRequest = {
      id: randomSecret(),
      clientId: client.client_id,
      clientName: client.client_name ?? 'An unnamed assistant',
      redirectUri,
      ...(state !== undefined ? { state } : {}),
      codeChallenge: challenge,
      scope,
      resource: resourceOf(ctx),
      csrf: browserBinding(ctx, req, res),
    };
    await ctx.records.put('request', request.id, request, REQUEST_TTL_MS);
    res
      .status(200)
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('X-Frame-Options', 'DENY')
      .set(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      )
      .send(consentPage(request, `${ctx.issuer()}${OAUTH_PATHS.consent}`));
  };
}

/**
 * `POST /oauth/consent`: the person's decision. The CSRF token must match both the request and
 * this browser's cookie. Approving sends the browser to Mattermost; denying back to the client.
 */
export function consentHandler(ctx: OAuthContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const requestId = text(form['request']);
    const request = requestId ? await ctx.records.get('request', requestId) : undefined;
    if (!request)
      return refuseInBrowser(
        res,
        400,
        'This authorization request expired. Start again from the assistant.',
      );
    const csrf = text(form['csrf_token']) ?? '';
    const cookie = browserCookie(req) ?? '';
    if (!sameSecret(csrf, request.csrf) || !sameSecret(cookie, request.csrf))
      return refuseInBrowser(res, 403, 'The form did not come from this browser’s consent page.');

    if (form['decision'] !== 'approve') {
      await ctx.records.delete('request', request.id);
      res.redirect(
        302,
        clientRedirect(ctx, request.redirectUri, {
          error: 'access_denied',
          error_description: 'The person denied access.',
          state: request.state,
        }),
      );
      return;
    }
    if (form['read_only'] === '1' && request.scope !== 'read') {
      await ctx.records.put('request', request.id, { ...request, scope: 'read' }, REQUEST_TTL_MS);
    }
    const upstreamState = randomSecret();
    await ctx.records.put(
      'upstream_state',
      upstreamState,
      { requestId: request.id },
      REQUEST_TTL_MS,
    );
    res.redirect(303, ctx.mattermost.authorizeUrl(callbackUrl(ctx), upstreamState));
  };
}
