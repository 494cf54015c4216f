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
        `@${principal.user.username} may not use AI assistants here: an admin allows only users with the ` +
          'personal access token role (System Console > User Management > Users > Manage Roles).',
      );
    }
    return principal;
  }
}
