import { MattermostError } from '../errors.js';
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

export interface UpstreamHealth {
  reachable: boolean;
  latencyMs?: number;
  breaker: 'closed' | 'open' | 'half-open';
  /** Mattermost's answers to the bridge's calls in the last minute, and how many were 429s. */
  lastMinute: { answers: number; throttled: number };
  /** Whether Mattermost answered 429 within the last few seconds: throttled now. */
  throttledNow: boolean;
  error?: string;
  /** The HTTP status of `GET /api/v4/system/ping`, when anything answered. */
  status?: number;
  /** Why nothing answered, as Node names it (ECONNREFUSED, ENOTFOUND, a certificate error). */
  cause?: string;
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
