import { randomBytes } from 'node:crypto';
import type { SimContext } from '../context.js';
import { AppError, badRequest, invalidParam } from '../http/errors.js';
import { newId } from '../ids.js';
import type { AccessToken, Session, SessionKind, Status, User } from '../store/types.js';
import { presentUser } from './present.js';

const USERNAME = /^[a-z][a-z0-9.\-_]{2,63}$/;
const RESERVED = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'me']);

export interface NewUser {
  username: string;
  email?: string;
  password?: string;
  first_name?: string;
  last_name?: string;
  nickname?: string;
  position?: string;
  locale?: string;
  roles?: string;
  props?: Record<string, string>;
  timezone?: Partial<User['timezone']>;
  is_bot?: boolean;
  bot_description?: string;
  create_at?: number;
}

export function defaultNotifyProps(username: string): Record<string, string> {
  return {
    channel: 'true',
    comments: 'never',
    desktop: 'mention',
    desktop_sound: 'true',
    desktop_threads: 'all',
    email: 'true',
    email_threads: 'all',
    first_name: 'false',
    mark_unread: 'all',
    mention_keys: '',
    highlight_keys: '',
    push: 'mention',
    push_status: 'away',
    push_threads: 'all',
    auto_responder_active: 'false',
    auto_responder_message: 'Hello, I am out of office and unable to respond to messages.',
    calls_desktop_sound: 'true',
    username,
  };
}

/** Checks a username as Mattermost does (lowercase, 3 to 64 characters, not reserved, unique). */
export function validateUsername(ctx: SimContext, username: string, exceptUserId?: string): void {
  if (!USERNAME.test(username) || RESERVED.has(username)) {
    throw badRequest('model.user.is_valid.username.app_error', 'Invalid username.');
  }
  const existing = ctx.store.userByUsername(username);
  if (existing && existing.id !== exceptUserId) {
    throw badRequest(
      'app.user.save.username_exists.app_error',
      'An account with that username already exists.',
    );
  }
}

export function createUser(ctx: SimContext, input: NewUser): User {
  const { store } = ctx;
  const username = (input.username ?? '').toLowerCase();
  validateUsername(ctx, username);
  const email = (
    input.email ?? `${username}@${input.is_bot ? 'localhost' : 'example.com'}`
  ).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    throw badRequest('model.user.is_valid.email.app_error', 'Invalid email.');
  if (store.userByEmail(email)) {
    throw badRequest(
      'app.user.save.email_exists.app_error',
      'An account with that email already exists.',
    );
  }
  if (
    !input.is_bot &&
    (input.password ?? '').length < store.config.PasswordSettings.MinimumLength
  ) {
    throw badRequest(
      'model.user.is_valid.pwd.app_error',
      `Your password must contain at least ${store.config.PasswordSettings.MinimumLength} characters.`,
    );
  }
  const now = input.create_at ?? ctx.now();
  const user: User = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    username,
    password: input.password ?? '',
    auth_data: '',
    auth_service: '',
    email,
    email_verified: true,
    nickname: input.nickname ?? '',
    first_name: input.first_name ?? '',
    last_name: input.last_name ?? '',
    position: input.position ?? '',
    roles: input.roles ?? 'system_user',
    props: input.props ?? {},
    notify_props: defaultNotifyProps(username),
    last_password_update: now,
    last_picture_update: 0,
    locale: input.locale ?? 'en',
    timezone: {
      useAutomaticTimezone: input.timezone?.useAutomaticTimezone ?? 'true',
      automaticTimezone: input.timezone?.automaticTimezone ?? '',
      manualTimezone: input.timezone?.manualTimezone ?? '',
    },
    mfa_active: false,
    is_bot: input.is_bot ?? false,
    bot_description: input.bot_description ?? '',
    last_activity_at: 0,
    disable_welcome_email: false,
  };
  store.users.set(user.id, user);
  ctx.bus.publish({ event: 'new_user', data: { user_id: user.id }, broadcast: {} });
  return user;
}

/** Tells everyone a profile changed (`user_updated` carries the user object itself). */
export function publishUserUpdated(ctx: SimContext, user: User): void {
  ctx.bus.publish({ event: 'user_updated', data: { user: presentUser(ctx, user) }, broadcast: {} });
}

const PATCHABLE = [
  'username',
  'email',
  'nickname',
  'first_name',
  'last_name',
  'position',
  'locale',
] as const;

/** Applies a user patch (`PUT /users/{id}/patch` or a full update). */
export function patchUser(ctx: SimContext, user: User, patch: Record<string, unknown>): User {
  if (typeof patch['username'] === 'string' && patch['username'] !== user.username) {
    validateUsername(ctx, patch['username'].toLowerCase(), user.id);
  }
  if (typeof patch['email'] === 'string' && patch['email'].toLowerCase() !== user.email) {
    const other = ctx.store.userByEmail(patch['email']);
    if (other && other.id !== user.id) {
      throw badRequest(
        'app.user.save.email_exists.app_error',
        'An account with that email already exists.',
      );
    }
  }
  for (const key of PATCHABLE) {
    const v = patch[key];
    if (typeof v === 'string')
      user[key] = key === 'username' || key === 'email' ? v.toLowerCase() : v;
  }
  if (patch['props'] && typeof patch['props'] === 'object') {
    user.props = { ...(patch['props'] as Record<string, string>) };
  }
  if (patch['notify_props'] && typeof patch['notify_props'] === 'object') {
    user.notify_props = {
      ...user.notify_props,
      ...(patch['notify_props'] as Record<string, string>),
    };
  }
  if (patch['timezone'] && typeof patch['timezone'] === 'object') {
    user.timezone = { ...user.timezone, ...(patch['timezone'] as Partial<User['timezone']>) };
  }
  user.update_at = ctx.now();
  publishUserUpdated(ctx, user);
  return user;
}

function randomToken(): string {
  return randomBytes(20).toString('hex').slice(0, 26);
}

/** A new session (login, personal access token or OAuth) for `userId`. */
export function createSession(
  ctx: SimContext,
  userId: string,
  kind: SessionKind,
  extra: Partial<Session> = {},
): Session {
  const now = ctx.now();
  const user = ctx.store.user(userId);
  const hours = ctx.store.config.ServiceSettings.SessionLengthWebInHours;
  const session: Session = {
    id: newId(),
    token: extra.token ?? newId(),
    user_id: userId,
    create_at: now,
    expires_at: kind === 'access_token' ? 0 : now + hours * 3600_000,
    last_activity_at: now,
    roles: user?.roles ?? '',
    is_oauth: kind === 'oauth',
    props: {},
    csrf_token: newId(),
    kind,
    ...extra,
  };
  ctx.store.sessions.set(session.token, session);
  return session;
}

export function revokeSessionsOf(ctx: SimContext, userId: string): void {
  for (const [token, s] of ctx.store.sessions)
    if (s.user_id === userId && s.kind !== 'access_token') ctx.store.sessions.delete(token);
}

/** Creates a personal access token (expiring at `expiresAt` ms, 0: never); the value is returned only here. */
export function createAccessToken(
  ctx: SimContext,
  userId: string,
  description: string,
  expiresAt = 0,
): AccessToken {
  if (!description) throw invalidParam('description');
  const token: AccessToken = {
    id: newId(),
    token: randomToken(),
    user_id: userId,
    description,
    is_active: true,
    create_at: ctx.now(),
    expires_at: expiresAt,
  };
  ctx.store.accessTokens.set(token.id, token);
  createSession(ctx, userId, 'access_token', { token: token.token, access_token_id: token.id });
  return token;
}

export function revokeAccessToken(ctx: SimContext, token: AccessToken): void {
  ctx.store.accessTokens.delete(token.id);
  ctx.store.sessions.delete(token.token);
}

export function setAccessTokenActive(ctx: SimContext, token: AccessToken, active: boolean): void {
  token.is_active = active;
  if (active && !ctx.store.sessions.has(token.token)) {
    createSession(ctx, token.user_id, 'access_token', {
      token: token.token,
      access_token_id: token.id,
    });
  }
}

/** Sets a user's status and tells that user (`status_change` goes only to them). */
export function setStatus(
  ctx: SimContext,
  userId: string,
  status: Status['status'],
  options: { manual?: boolean; dndEndTime?: number } = {},
): Status {
  const previous = ctx.store.status(userId);
  const next: Status = {
    user_id: userId,
    status,
    manual: options.manual ?? false,
    last_activity_at: ctx.now(),
    dnd_end_time: status === 'dnd' ? (options.dndEndTime ?? 0) : 0,
    prev_status: status === 'dnd' ? previous.status : '',
  };
  ctx.store.statuses.set(userId, next);
  if (previous.status !== status) {
    ctx.bus.publish({
      event: 'status_change',
      data: { status, user_id: userId },
      broadcast: { user_id: userId },
    });
  }
  return next;
}

/** Marks a user online after activity, unless they chose a status by hand. */
export function setOnlineIfAutomatic(ctx: SimContext, userId: string): void {
  const current = ctx.store.status(userId);
  const user = ctx.store.user(userId);
  if (user?.is_bot) return;
  if (current.manual && current.status !== 'online') return;
  if (current.status !== 'online') setStatus(ctx, userId, 'online');
  else current.last_activity_at = ctx.now();
  if (user) user.last_activity_at = ctx.now();
}

/** Throws 404 if the user does not exist. */
export function requireUser(ctx: SimContext, userId: string): User {
  const user = ctx.store.user(userId);
  if (!user)
    throw new AppError(
      404,
      'app.user.missing_account.const',
      'Unable to find the user.',
      'resource not found',
    );
  return user;
}

/**
 * Whether `userId` reads with collapsed reply threads: the server's `CollapsedThreads`, and for
 * `default_on`/`default_off` the user's `display_settings`/`collapsed_reply_threads` preference.
 */
export function collapsedThreadsFor(ctx: SimContext, userId: string): boolean {
  const setting = ctx.store.config.ServiceSettings.CollapsedThreads;
  if (setting === 'always_on') return true;
  if (setting !== 'default_on' && setting !== 'default_off') return false;
  const pref = ctx.store.preference(userId, 'display_settings', 'collapsed_reply_threads')?.value;
  return setting === 'default_on' ? pref !== 'off' : pref === 'on';
}
