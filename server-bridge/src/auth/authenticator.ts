import type { AuthenticatedUser, Gateway } from '../gateway/types.js';
import { UnauthorizedError } from '../errors.js';

/** An authenticated caller: who they are and the credential the gateway acts with for them. */
export interface Principal {
  user: AuthenticatedUser;
  /** The Mattermost token to act with. Never logged; kept only in memory for the session. */
  token: string;
  /** Profiles and toolsets the request chose (`/mcp?toolsets=`), already checked. */
  toolsets?: readonly string[];
  /** The credential allows reading only (an OAuth grant of scope `read`). */
  readOnly?: boolean;
  /**
   * What names the client's sign-in for as long as it lasts (an OAuth grant: its tokens rotate,
   * the grant stays); absent for a personal access token, which is itself that name.
   */
  credential?: string;
  /** The client_id of the bridge's own OAuth client the person signed in through. */
  oauthClientId?: string;
}

/**
 * Turns a request's `Authorization` header into a Principal, or throws UnauthorizedError. Personal
 * access tokens today; an OAuth authenticator (exchanging its access token for a Mattermost one)
 * can implement the same interface later.
 */
export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

/** Reads `Bearer <token>` (or Mattermost's own `Token <token>`). */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Checks a personal access token with Mattermost (`GET /users/me`), cached briefly by the gateway. */
export class PersonalAccessTokenAuthenticator implements Authenticator {
  constructor(private readonly gateway: Pick<Gateway, 'verifyToken'>) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) {
      throw new UnauthorizedError(
        'Send a Mattermost personal access token as "Authorization: Bearer <token>".',
      );
    }
    const user = await this.gateway.verifyToken(token);
    return { user, token };
  }
}
