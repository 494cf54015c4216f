import type { Request, RequestHandler } from 'express';
import type { SimContext } from '../context.js';
import type { Session } from '../store/types.js';
import { AppError, unauthorized } from './errors.js';

type Resolution = { session: Session } | { error: string | AppError } | { none: true };

// Kept on the request itself: a WeakMap entry per request costs the garbage collector far more than
// a property that dies with the request.
const RESOLUTION = Symbol('simulator.resolution');
type Resolved = Request & { [RESOLUTION]?: Resolution };

const resolve = (req: Request, resolution: Resolution): void => {
  (req as Resolved)[RESOLUTION] = resolution;
};
const resolutionOf = (req: Request): Resolution | undefined => (req as Resolved)[RESOLUTION];

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The token and where it came from, in Mattermost's order: cookie, Authorization header, query. */
export function tokenOf(
  req: Request,
): { token: string; from: 'cookie' | 'header' | 'query' } | undefined {
  const fromCookie = cookie(req, 'MMAUTHTOKEN');
  if (fromCookie) return { token: fromCookie, from: 'cookie' };
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^(bearer|token)\s+(\S+)$/i.exec(auth.trim());
    if (m?.[2]) return { token: m[2], from: 'header' };
  }
  const q = req.query['access_token'];
  if (typeof q === 'string' && q) return { token: q, from: 'query' };
  return undefined;
}

/**
 * The live session behind a token, or why it is refused (the server's own reason, which a client
 * meets only as `api.context.session_expired.app_error`). Personal access tokens need
 * `EnableUserAccessTokens` unless the token belongs to a bot, and stop at their `expires_at`;
 * deactivated users have no session.
 */
export function sessionForToken(ctx: SimContext, token: string): Session | string {
  const { store } = ctx;
  const session = store.sessions.get(token);
  if (!session) return 'token not found';
  if (session.expires_at > 0 && session.expires_at < ctx.now()) {
    store.sessions.delete(token);
    return 'session expired';
  }
  const user = store.user(session.user_id);
  if (!user || user.delete_at > 0) return 'user inactive';
  if (session.kind === 'access_token') {
    const pat = session.access_token_id
      ? store.accessTokens.get(session.access_token_id)
      : undefined;
    if (!pat || !pat.is_active) return 'app.user_access_token.invalid_or_missing: inactive_token';
    // The order of `createSessionForUserAccessToken`: the switch, then the expiry.
    if (!store.config.ServiceSettings.EnableUserAccessTokens && !user.is_bot)
      return 'app.user_access_token.invalid_or_missing: EnableUserAccessTokens=false';
    if (pat.expires_at > 0 && pat.expires_at <= ctx.now()) return 'app.user_access_token.expired';
  }
  return session;
}

/** Resolves the request's session once; handlers call `requireSession`. */
export function authenticate(ctx: SimContext): RequestHandler {
  return (req, _res, next) => {
    const found = tokenOf(req);
    if (!found) {
      resolve(req, { none: true });
      return next();
    }
    const result = sessionForToken(ctx, found.token);
    if (typeof result === 'string') {
      resolve(req, { error: result });
      return next();
    }
    // A token in the URL is taken only from OAuth apps (`web/handlers.go`).
    if (found.from === 'query' && !result.is_oauth) {
      resolve(req, {
        error: new AppError(
          401,
          'api.context.token_provided.app_error',
          'Session is not OAuth but token was provided in the query string',
        ),
      });
      return next();
    }
    if (found.from === 'cookie' && req.method !== 'GET' && req.method !== 'HEAD') {
      const csrf = req.get('X-CSRF-Token');
      const xhr = req.get('X-Requested-With') === 'XMLHttpRequest';
      const strict = ctx.store.config.ServiceSettings.ExperimentalStrictCSRFEnforcement;
      if (csrf !== result.csrf_token && (strict || !xhr)) {
        resolve(req, { error: 'missing or wrong CSRF token' });
        return next();
      }
    }
    result.last_activity_at = ctx.now();
    resolve(req, { session: result });
    next();
  };
}

/** The caller's session; 401 when the request carries none or a bad one. */
export function requireSession(req: Request): Session {
  const r = resolutionOf(req);
  if (r && 'session' in r) return r.session;
  if (r && 'error' in r && r.error instanceof AppError) throw r.error;
  throw unauthorized(r && 'error' in r ? (r.error as string) : 'no token');
}

/** The caller's session when there is a valid one. */
export function optionalSession(req: Request): Session | undefined {
  const r = resolutionOf(req);
  return r && 'session' in r ? r.session : undefined;
}
