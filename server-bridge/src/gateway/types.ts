import type { TokenRefusal } from './token-refusal.js';
/**
 * The contract between the MCP side of the bridge and the gateway, the only module that talks to
 * Mattermost. Tools and resources see a UserGateway that acts with that user's own credentials.
 */

/** The Mattermost user behind a verified token. The token itself is never part of it. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: string;
  isSystemAdmin: boolean;
}

/** A failed upstream call, as the model and the logs may see it (no token, no stack). */
export class MattermostError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Mattermost's own error id, such as `api.context.permissions.app_error`. */
    readonly serverErrorId?: string,
    /** Mattermost's `X-Request-Id`, for the admin to find the call in the server logs. */
    readonly requestId?: string,
    /** How long Mattermost asked us to wait (`Retry-After` / `X-Ratelimit-Reset` on a 429). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'MattermostError';
  }
}

/** The token was refused by Mattermost (401), or could not be checked. */
export class UnauthorizedError extends Error {
  constructor(
    message = 'The Mattermost token is missing, invalid or revoked.',
    /** Why Mattermost refused the token, when it did. */
    readonly refusal?: TokenRefusal,
  ) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** A limit of the bridge itself was hit (rate limit wait too long, too many calls, too many sessions). */
export class BridgeLimitError extends Error {
  constructor(
    message: string,
    /** Which limit: `rate_limit_user`, `rate_limit_global`, `concurrency`, `sessions`, `circuit_open`. */
    readonly limit: string,
  ) {
    super(message);
    this.name = 'BridgeLimitError';
  }
}

export interface UpstreamHealth {
  reachable: boolean;
  latencyMs?: number;
  breaker: 'closed' | 'open' | 'half-open';
  /** Mattermost's answers to the bridge's calls in the last minute, and how many were 429s. */
  lastMinute: { answers: number; throttled: number };
  /** Whether Mattermost answered 429 within the last few seconds: throttled now. */
  throttledNow: boolean;
  error?: string;
}

/** The per-user face of the gateway: typed Mattermost operations acting as one user. */
export type { UserGateway } from './user-gateway.js';
import type { UserGateway } from './user-gateway.js';

export interface Gateway {
  /** Checks a token with Mattermost (`GET /users/me`), cached briefly; throws UnauthorizedError. */
  verifyToken(token: string): Promise<AuthenticatedUser>;
  /** Forgets a cached verification, for instance after the token earned a 401. */
  forgetToken(token: string): void;
  /** The gateway acting as this user; cheap, clients are reused per user. */
  forUser(user: AuthenticatedUser, token: string): UserGateway;
  health(): Promise<UpstreamHealth>;
  close(): Promise<void>;
}

/**
 * A name (username, team, channel, role, emoji, email) as one path segment of a Mattermost URL.
 * Percent-encoding leaves `.` and `..` as they are, and URL parsing would then resolve them away
 * (`/teams/name/..` is `/teams`), so a dot segment names nothing: no Mattermost name can be one.
 */
export function pathSegment(name: string): string {
  if (name === '.' || name === '..' || name === '')
    throw new MattermostError(`Nothing is named "${name}".`, 404);
  return encodeURIComponent(name);
}
