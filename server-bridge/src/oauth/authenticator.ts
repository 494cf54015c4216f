import { OAuthError, verifyBearerToken } from '@modelcontextprotocol/server';
import { bearerToken, type Authenticator, type Principal } from '../auth/authenticator.js';
import type { GrantService } from './grants.js';
import { ACCESS_TOKEN_PREFIX, type AccessTokenInfo, type TokenService } from './tokens.js';
import { UnauthorizedError } from '../errors.js';

/**
 * Takes the bridge's own OAuth access tokens and hands every other bearer token (personal access
 * tokens) to `fallback`. A bridge token must be live, issued for this bridge's `/mcp` (its
 * audience, RFC 8707) and lead to a live grant; the principal then acts with the grant's
 * Mattermost token, read-only when the grant is.
 */
export class OAuthAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly grants: GrantService,
    private readonly resource: () => string,
    private readonly fallback: Authenticator,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token?.startsWith(ACCESS_TOKEN_PREFIX)) return this.fallback.authenticate(authorization);
    let info: AccessTokenInfo | undefined;
    try {
      await verifyBearerToken(`Bearer ${token}`, {
        expectedResource: new URL(this.resource()),
        verifier: {
          verifyAccessToken: async (presented) => {
            info = await this.tokens.access(presented);
            if (!info)
              throw new OAuthError('invalid_token', 'The access token is invalid or expired.');
            return {
              token: presented,
              clientId: info.clientId,
              scopes: info.scope.split(' '),
              expiresAt: Math.floor(info.expiresAt / 1000),
              resource: new URL(info.resource),
            };
          },
        },
      });
    } catch (err) {
      if (err instanceof OAuthError)
        throw new UnauthorizedError(`${err.message}.`.replace(/\.\.$/, '.'));
      throw err;
    }
    const grant = info ? await this.grants.get(info.grantId) : undefined;
    if (!info || !grant) throw new UnauthorizedError('The access was revoked; sign in again.');
    const acting = await this.grants.actingToken(grant);
    return {
      user: acting.user,
      token: acting.token,
      credential: `oauth-grant:${info.grantId}`,
      oauthClientId: info.clientId,
      ...(info.scope === 'read' ? { readOnly: true } : {}),
    };
  }
}
