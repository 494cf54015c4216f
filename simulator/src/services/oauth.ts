import type { SimContext } from '../context.js';
import { newId } from '../ids.js';
import type { OAuthApp, Session } from '../store/types.js';
import { createSession } from './users.js';

/** Mattermost keeps an authorization code for ten minutes (`AUTHCODE_EXPIRE_TIME`). */
const CODE_TTL_MS = 10 * 60_000;

/** The preference that remembers an approval, so the next authorization skips the consent page. */
export const APPROVAL_CATEGORY = 'oauth_app';

/** True when the user need not be asked: a trusted app, or one they approved before. */
export function isApproved(ctx: SimContext, app: OAuthApp, userId: string): boolean {
  return app.is_trusted || ctx.store.preference(userId, APPROVAL_CATEGORY, app.id) !== undefined;
}

/** Records the user's approval and issues an authorization code for `redirectUri`. */
export function issueCode(
  ctx: SimContext,
  session: Session,
  app: OAuthApp,
  request: { redirectUri: string; scope: string; state: string },
): string {
  ctx.store.preferences.set(session.user_id, `${APPROVAL_CATEGORY}:${app.id}`, {
    user_id: session.user_id,
    category: APPROVAL_CATEGORY,
    name: app.id,
    value: request.redirectUri,
  });
  const code = newId() + newId();
  ctx.store.oauthCodes.set(code, {
    code,
    client_id: app.id,
    user_id: session.user_id,
    redirect_uri: request.redirectUri,
    scope: request.scope,
    state: request.state,
    expires_at: ctx.now() + CODE_TTL_MS,
  });
  return code;
}

/**
 * An access token (an OAuth session, as long as `SessionLengthSSOInHours`) and its refresh token.
 * The answer of `/oauth/access_token`.
 */
export function issueTokens(ctx: SimContext, clientId: string, userId: string, scope: string) {
  const hours = ctx.store.config.ServiceSettings.SessionLengthSSOInHours;
  const session = createSession(ctx, userId, 'oauth', {
    props: { client_id: clientId },
    expires_at: ctx.now() + hours * 3600_000,
  });
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
    expires_in: Math.floor((session.expires_at - ctx.now()) / 1000),
    scope,
    refresh_token: refreshToken,
  };
}

/**
 * Ends OAuth access: the grants (refresh tokens) and their sessions (access tokens) of an app, of
 * a user, or of one user for one app, and the approvals that went with them.
 */
export function revokeOAuthAccess(
  ctx: SimContext,
  which: { clientId?: string; userId?: string; token?: string },
): void {
  const { store } = ctx;
  const matches = (clientId: string, userId: string) =>
    (which.clientId === undefined || which.clientId === clientId) &&
    (which.userId === undefined || which.userId === userId);
  for (const [refreshToken, grant] of store.oauthGrants) {
    if (!matches(grant.client_id, grant.user_id)) continue;
    if (which.token !== undefined && which.token !== grant.token) continue;
    store.oauthGrants.delete(refreshToken);
    store.sessions.delete(grant.token);
  }
  for (const [token, session] of store.sessions) {
    if (session.kind !== 'oauth') continue;
    if (which.token !== undefined && which.token !== token) continue;
    if (matches(String(session.props['client_id'] ?? ''), session.user_id))
      store.sessions.delete(token);
  }
  if (which.token !== undefined) return;
  for (const user of store.users.values()) {
    if (which.userId !== undefined && user.id !== which.userId) continue;
    for (const pref of store.preferences.values(user.id))
      if (pref.category === APPROVAL_CATEGORY && matches(pref.name, user.id))
        store.preferences.delete(user.id, `${APPROVAL_CATEGORY}:${pref.name}`);
  }
}
