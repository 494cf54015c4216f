import type { Request, Response, Router } from 'express';
import type { SimContext } from '../context.js';
import { optionalSession, requireSession } from '../http/auth.js';
import { AppError, badRequest, invalidParam } from '../http/errors.js';
import { body, userIdParam } from '../http/params.js';
import { requireSelfOrAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { revokeOAuthAccess } from '../services/oauth.js';
import { presentUser } from '../services/present.js';
import { createSession, requireUser, revokeSessionsOf } from '../services/users.js';
import type { Session, User } from '../store/types.js';

function setLoginCookies(res: Response, session: Session, userId: string): void {
  const maxAge = Math.max(0, Math.floor((session.expires_at - Date.now()) / 1000));
  res.append(
    'Set-Cookie',
    `MMAUTHTOKEN=${session.token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax`,
  );
  res.append('Set-Cookie', `MMUSERID=${userId}; Path=/; Max-Age=${maxAge}; SameSite=Lax`);
  res.append('Set-Cookie', `MMCSRF=${session.csrf_token}; Path=/; Max-Age=${maxAge}; SameSite=Lax`);
}

function userFromParam(ctx: SimContext, req: Request, session: Session): User {
  return requireUser(ctx, userIdParam(req, session));
}

/** Signing in and out, passwords and sessions (`/users/login`, `/users/{id}/sessions`...). */
export function registerUserSessionRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/users/login', (req, res) => {
    const b = body(req);
    const loginId = String(b['login_id'] ?? b['username'] ?? b['email'] ?? '').toLowerCase();
    const password = String(b['password'] ?? '');
    if (!loginId) throw invalidParam('login_id');
    const user =
      store.userByUsername(loginId) ??
      store.userByEmail(loginId) ??
      (typeof b['id'] === 'string' ? store.user(b['id']) : undefined);
    if (!user || user.is_bot || user.password !== password) {
      throw new AppError(
        401,
        'api.user.login.invalid_credentials_email_username',
        'Enter a valid email or username and/or password.',
      );
    }
    if (user.delete_at > 0)
      throw new AppError(
        401,
        'api.user.login.inactive.app_error',
        'Login failed because your account has been deactivated.',
      );
    const session = createSession(ctx, user.id, 'login', {
      props: { device_id: String(b['device_id'] ?? '') },
    });
    res.set('Token', session.token);
    setLoginCookies(res, session, user.id);
    sendJson(res, presentUser(ctx, user, user.id));
  });

  r.post('/users/logout', (req, res) => {
    const session = optionalSession(req);
    // An OAuth session's grant ends with it (`RevokeSession` removes the access data).
    if (session?.kind === 'oauth') revokeOAuthAccess(ctx, { token: session.token });
    else if (session && session.kind !== 'access_token') store.sessions.delete(session.token);
    for (const name of ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF'])
      res.append('Set-Cookie', `${name}=; Path=/; Max-Age=0`);
    sendOk(res);
  });

  r.put('/users/:user_id/password', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    const b = body(req);
    if (session.user_id === user.id && b['current_password'] !== user.password) {
      throw badRequest(
        'api.user.update_password.incorrect.app_error',
        'The "Current Password" you entered is incorrect. Please check that Caps Lock is off and try again.',
      );
    }
    const next = String(b['new_password'] ?? '');
    if (next.length < store.config.PasswordSettings.MinimumLength)
      throw invalidParam('new_password');
    user.password = next;
    user.last_password_update = ctx.now();
    sendOk(res);
  });

  r.get('/users/:user_id/sessions', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    const out = [...store.sessions.values()]
      .filter((s) => s.user_id === user.id && s.kind !== 'access_token')
      .map(({ token: _t, csrf_token: _c, kind: _k, access_token_id: _a, ...rest }) => ({
        ...rest,
        device_id: rest.props['device_id'] ?? '',
        team_members: [],
      }));
    sendJson(res, out);
  });

  r.post('/users/:user_id/sessions/revoke/all', (req, res) => {
    const session = requireSession(req);
    const user = userFromParam(ctx, req, session);
    requireSelfOrAdmin(ctx, session, user.id);
    revokeSessionsOf(ctx, user.id);
    sendOk(res);
  });
}
