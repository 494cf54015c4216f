import { AccessDeniedError } from '../errors.js';
import type { Authenticator, Principal } from '../auth/authenticator.js';
import type { AuthenticatedUser } from '../gateway/types.js';
import type { PolicyStore } from './policy-store.js';

/** Roles that let a user hold personal access tokens, and so connect under `token_role`. */
export function holdsTokenRole(user: AuthenticatedUser): boolean {
  const roles = user.roles.split(/\s+/);
  return (
    user.isSystemAdmin ||
    roles.includes('system_admin') ||
    roles.includes('system_user_access_token')
  );
}

/**
 * Applies the access policy after the token is verified: under `token_role` only system admins and
 * users an admin granted the personal access token role get in. Checked at every request, so a
 * role taken away (or a policy tightened) applies once the token's cached verification expires.
 */
export class AccessPolicyAuthenticator implements Authenticator {
  constructor(
    private readonly inner: Authenticator,
    private readonly policy: PolicyStore,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const principal = await this.inner.authenticate(authorization);
    if (this.policy.current.accessPolicy === 'token_role' && !holdsTokenRole(principal.user)) {
      throw new AccessDeniedError(
        tokenRoleRefusal(principal.user.username, principal.oauthClientId !== undefined),
      );
    }
    return principal;
  }
}

/**
 * Why `token_role` keeps someone out and what to ask for. The policy decides who may connect at
 * all, so it covers signing in with Mattermost (OAuth) too; such a person holds no token and would
 * not guess that a token role is what they lack. The System Console offers the role under Manage
 * Roles only while personal access tokens are on; otherwise an admin grants it through the API.
 */
export function tokenRoleRefusal(username: string, signedInWithMattermost: boolean): string {
  const who = `@${username} may not use AI assistants here`;
  const role =
    'the personal access token role (system_user_access_token: System Console > User Management > ' +
    'Users > Manage Roles while personal access tokens are on, otherwise PUT /api/v4/users/{id}/roles)';
  if (!signedInWithMattermost)
    return `${who}: an admin allows only system admins and users with ${role}.`;
  return (
    `${who}, even signed in with Mattermost: an admin allows only system admins and users holding ${role}. ` +
    'Ask your Mattermost system admin to grant you that role, then connect again.'
  );
}
