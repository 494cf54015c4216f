import type { Request, Response } from 'express';
import type { MattermostOAuthClient } from '../gateway/mattermost-oauth.js';
import type { Logger } from '../observability/logger.js';
import type { ClientDirectory } from './clients.js';
import type { OAuthSettings } from './config.js';
import { randomSecret } from './crypto.js';
import type { GrantService } from './grants.js';
import { OAUTH_PATHS } from './metadata.js';
import type { OAuthRecords } from './records.js';
import type { TokenService } from './tokens.js';

/** Everything the authorization server's routes share. */
export interface OAuthContext {
  settings: OAuthSettings;
  records: OAuthRecords;
  clients: ClientDirectory;
  grants: GrantService;
  tokens: TokenService;
  mattermost: MattermostOAuthClient;
  log: Logger;
  /** The issuer: the bridge's public URL. */
  issuer(): string;
}

/** The protected resource every token is issued for (RFC 8707): the bridge's `/mcp`. */
export function resourceOf(ctx: OAuthContext): string {
  return `${ctx.issuer()}/mcp`;
}

export function callbackUrl(ctx: OAuthContext): string {
  return `${ctx.issuer()}${OAUTH_PATHS.callback}`;
}

/** Pending authorizations live as long as a person may take to sign in. */
export const REQUEST_TTL_MS = 15 * 60_000;

const BROWSER_COOKIE = 'mcp_bridge_browser';

/**
 * A random value bound to this browser (an HttpOnly cookie), shared by its authorizations: the
 * consent form must echo it (CSRF) and Mattermost's callback must arrive with it, so a flow
 * started in one browser cannot be finished in another.
 */
export function browserBinding(ctx: OAuthContext, req: Request, res: Response): string {
  const existing = browserCookie(req);
  const value = existing ?? randomSecret();
  const secure = ctx.issuer().startsWith('https:') ? '; Secure' : '';
  res.append(
    'Set-Cookie',
    `${BROWSER_COOKIE}=${value}; Path=/oauth; Max-Age=${REQUEST_TTL_MS / 1000}; HttpOnly; SameSite=Lax${secure}`,
  );
  return value;
}

export function browserCookie(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === BROWSER_COOKIE && value && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return undefined;
}

/** Back to the client's redirect URI (already matched exactly) with the result and `iss`. */
export function clientRedirect(
  ctx: OAuthContext,
  redirectUri: string,
  params: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(key, value);
  url.searchParams.set('iss', ctx.issuer());
  return url.toString();
}
